package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Bash brace expansion. It must be modelled because {@code {rm,-rf,/}} is a complete command
 * once expanded, and its pieces are otherwise invisible to any prefix match.
 */
final class BraceExpander {
    static final int MAX_WORDS = 1024;

    private BraceExpander() {
    }

    static List<List<Unit>> expand(List<Unit> units) {
        List<List<Unit>> out = new ArrayList<>();
        expandInto(units, out);
        return out;
    }

    private static void expandInto(List<Unit> units, List<List<Unit>> out) {
        for (int open = 0; open < units.size(); open++) {
            if (!units.get(open).isUnquoted('{')) {
                continue;
            }
            List<Integer> commas = new ArrayList<>();
            int close = findClose(units, open, commas);
            if (close < 0) {
                continue;
            }
            List<List<Unit>> alternatives = new ArrayList<>();
            if (!commas.isEmpty()) {
                int from = open + 1;
                for (int comma : commas) {
                    alternatives.add(units.subList(from, comma));
                    from = comma + 1;
                }
                alternatives.add(units.subList(from, close));
            } else {
                List<String> seq = sequence(units.subList(open + 1, close));
                if (seq == null) {
                    continue;
                }
                for (String s : seq) {
                    alternatives.add(s.chars().mapToObj(ch -> Unit.literal((char) ch, true)).toList());
                }
            }
            List<Unit> prefix = units.subList(0, open);
            List<Unit> suffix = units.subList(close + 1, units.size());
            for (List<Unit> alt : alternatives) {
                List<Unit> joined = new ArrayList<>(prefix);
                joined.addAll(alt);
                joined.addAll(suffix);
                expandInto(joined, out);
                if (out.size() > MAX_WORDS) {
                    throw new ShellSyntaxException("brace expansion produces more than " + MAX_WORDS + " words");
                }
            }
            return;
        }
        out.add(units);
    }

    private static int findClose(List<Unit> units, int open, List<Integer> commas) {
        int depth = 0;
        for (int i = open + 1; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.isUnquoted('{')) {
                depth++;
            } else if (u.isUnquoted('}')) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (u.isUnquoted(',') && depth == 0) {
                commas.add(i);
            }
        }
        return -1;
    }

    /** {a..e} and {1..10..2}; returns null when the body is not a valid sequence. */
    private static List<String> sequence(List<Unit> body) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : body) {
            if (u.isDynamic() || u.quoted()) {
                return null;
            }
            sb.append(u.c());
        }
        String[] parts = sb.toString().split("\\.\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        try {
            long step = parts.length == 3 ? Math.abs(Long.parseLong(parts[2])) : 1;
            step = step == 0 ? 1 : step;
            List<String> out = new ArrayList<>();
            if (parts[0].matches("-?\\d{1,9}") && parts[1].matches("-?\\d{1,9}")) {
                long a = Long.parseLong(parts[0]);
                long b = Long.parseLong(parts[1]);
                for (long v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
                    out.add(Long.toString(v));
                    if (out.size() > MAX_WORDS) {
                        throw new ShellSyntaxException("brace sequence longer than " + MAX_WORDS);
                    }
                }
                return out;
            }
            if (parts[0].length() == 1 && parts[1].length() == 1) {
                char a = parts[0].charAt(0);
                char b = parts[1].charAt(0);
                for (int v = a; a <= b ? v <= b : v >= b; v += (int) (a <= b ? step : -step)) {
                    out.add(String.valueOf((char) v));
                }
                return out;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
