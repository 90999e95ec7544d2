package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * getopt-style scanning of a wrapper's own options, to find where the wrapped command starts.
 * Getting an option's arity wrong would make us treat the real command as an option value, so
 * abbreviated long options are matched by prefix the way getopt_long does.
 */
final class Options {
    record Opt(String name, String value) {
    }

    record Scan(List<Opt> opts, int operand) {
        boolean has(String... names) {
            for (Opt o : opts) {
                for (String n : names) {
                    if (o.name().equals(n)) {
                        return true;
                    }
                }
            }
            return false;
        }

        String value(String... names) {
            for (Opt o : opts) {
                for (String n : names) {
                    if (o.name().equals(n)) {
                        return o.value();
                    }
                }
            }
            return null;
        }
    }

    private Options() {
    }

    static Scan scan(List<Word> w, int from, String shortWithArg, String shortOptionalArg, Set<String> longWithArg) {
        List<Opt> opts = new ArrayList<>();
        int j = from;
        while (j < w.size()) {
            Word x = w.get(j);
            String v = x.value();
            if (x.dynamic() || !v.startsWith("-") || v.equals("-")) {
                break;
            }
            if (v.equals("--")) {
                j++;
                break;
            }
            j++;
            if (v.startsWith("--")) {
                int eq = v.indexOf('=');
                String name = eq < 0 ? v : v.substring(0, eq);
                String canonical = canonicalLong(name, longWithArg);
                if (eq >= 0) {
                    opts.add(new Opt(canonical != null ? canonical : name, v.substring(eq + 1)));
                } else if (canonical != null) {
                    opts.add(new Opt(canonical, j < w.size() ? w.get(j++).value() : null));
                } else {
                    opts.add(new Opt(name, null));
                }
                continue;
            }
            for (int k = 1; k < v.length(); k++) {
                char c = v.charAt(k);
                String name = String.valueOf(c);
                if (shortWithArg.indexOf(c) >= 0) {
                    String value = k + 1 < v.length() ? v.substring(k + 1) : j < w.size() ? w.get(j++).value() : null;
                    opts.add(new Opt(name, value));
                    break;
                }
                if (shortOptionalArg.indexOf(c) >= 0) {
                    opts.add(new Opt(name, k + 1 < v.length() ? v.substring(k + 1) : null));
                    break;
                }
                opts.add(new Opt(name, null));
            }
        }
        return new Scan(opts, j);
    }

    private static String canonicalLong(String name, Set<String> longWithArg) {
        if (longWithArg.contains(name)) {
            return name;
        }
        if (name.length() >= 3) {
            for (String l : longWithArg) {
                if (l.startsWith(name)) {
                    return l;
                }
            }
        }
        return null;
    }
}
