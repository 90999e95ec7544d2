package hoop.policy.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits arguments into options and positionals, and maps spellings that mean the same thing
 * for a given program onto one canonical option, so a policy on {@code rm -rf} also sees
 * {@code rm --recursive --force} and {@code rm -R -f}.
 */
final class OptionAliases {
    /**
     * @param afterOption indexes of positionals written right after an option word, which may be that option's value
     *                    ("kubectl -n prod delete": prod) rather than an operand; which options take one is the
     *                    program's to say
     */
    record Parsed(Set<String> options, List<String> positionals, Set<Integer> afterOption) {
    }

    private static final Map<String, Map<String, String>> ALIASES = Map.of(
            "rm", Map.of("-R", "-r", "--recursive", "-r", "--force", "-f", "--dir", "-d"),
            "cp", Map.of("-R", "-r", "--recursive", "-r", "--force", "-f"),
            "ln", Map.of("--symbolic", "-s", "--force", "-f"),
            "chmod", Map.of("--recursive", "-R"),
            "chown", Map.of("--recursive", "-R"),
            "chgrp", Map.of("--recursive", "-R"),
            "git", Map.of("--force", "-f", "--delete", "-d"));
    private static final Set<String> KILLERS = Set.of("kill", "pkill", "killall");
    private static final Map<String, String> SIGNAL_NUMBERS = Map.ofEntries(
            Map.entry("1", "HUP"), Map.entry("2", "INT"), Map.entry("3", "QUIT"), Map.entry("4", "ILL"),
            Map.entry("5", "TRAP"), Map.entry("6", "ABRT"), Map.entry("7", "BUS"), Map.entry("8", "FPE"),
            Map.entry("9", "KILL"), Map.entry("10", "USR1"), Map.entry("11", "SEGV"), Map.entry("12", "USR2"),
            Map.entry("13", "PIPE"), Map.entry("14", "ALRM"), Map.entry("15", "TERM"), Map.entry("17", "CHLD"),
            Map.entry("18", "CONT"), Map.entry("19", "STOP"), Map.entry("20", "TSTP"));

    private OptionAliases() {
    }

    static Parsed parse(String program, List<String> args) {
        Map<String, String> aliases = ALIASES.getOrDefault(program, Map.of());
        boolean killer = KILLERS.contains(program);
        Set<String> options = new LinkedHashSet<>();
        List<String> positionals = new ArrayList<>();
        Set<Integer> afterOption = new LinkedHashSet<>();
        boolean endOfOptions = false;
        for (int j = 0; j < args.size(); j++) {
            String a = args.get(j);
            if (endOfOptions || a.equals("-") || !a.startsWith("-")) {
                String before = j > 0 ? args.get(j - 1) : "";
                if (!endOfOptions && before.length() > 1 && before.startsWith("-") && !before.equals("--")
                        && before.indexOf('=') < 0) {
                    afterOption.add(positionals.size());
                }
                positionals.add(a);
                if (program.equals("git") && a.startsWith("+") && positionals.contains("push")) {
                    options.add("-f"); // "git push origin +main" is a force push
                }
                if (program.equals("git") && a.startsWith(":") && a.length() > 1 && positionals.contains("push")) {
                    options.add("-d"); // "git push origin :main" deletes main there
                }
                continue;
            }
            if (a.equals("--")) {
                endOfOptions = true;
                continue;
            }
            if (program.equals("git") && positionals.isEmpty() && GitCommands.GLOBAL_WITH_VALUE.contains(a)) {
                j++; // the value is not the subcommand: "git -C . push" is a push
                continue;
            }
            if (killer && (a.equals("-s") || a.equals("-n") || a.equals("--signal")) && j + 1 < args.size()) {
                options.add(signal(args.get(++j)));
                continue;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (program.equals("git") && positionals.contains("push")) {
                    // pushes that rewrite or remove what is there, by other names (git takes unambiguous prefixes)
                    if (prefixOf(name, "--force-with-lease", 9) || prefixOf(name, "--force-if-includes", 9)
                            || prefixOf(name, "--mirror", 4)) {
                        options.add("-f");
                    }
                    if (prefixOf(name, "--prune", 5) || prefixOf(name, "--mirror", 4)) {
                        options.add("-d");
                    }
                }
                if (killer && name.equals("--signal") && eq > 0) {
                    options.add(signal(a.substring(eq + 1)));
                    continue;
                }
                options.add(aliases.getOrDefault(name, abbreviated(name, aliases)));
                if (eq > 0) {
                    options.add(a);
                }
                continue;
            }
            if (killer && !a.equals("-l") && !a.equals("-L")) {
                options.add(signal(a.substring(1)));
                continue;
            }
            for (int k = 1; k < a.length(); k++) {
                String flag = "-" + a.charAt(k);
                options.add(aliases.getOrDefault(flag, flag));
            }
        }
        if (program.equals("git") && !positionals.isEmpty() && positionals.get(0).equals("clean") && !options.contains("-n")
                && options.stream().noneMatch(o -> o.length() >= 5 && "--dry-run".startsWith(o))) {
            // Only a dry run deletes nothing: -i deletes what its prompt is answered, and clean.requireForce=false (a
            // -c, or configuration hoop does not see) lets a plain "git clean -d" delete as -f does.
            options.add("-f");
        }
        return new Parsed(options, positionals, afterOption);
    }

    /**
     * GNU getopt_long and git accept any unambiguous prefix of a long option, so "rm --recursiv --f"
     * is "rm --recursive --force". A prefix of exactly one aliased option is read as that option; if
     * the real program found it ambiguous it would refuse to run, so reading it this way costs nothing.
     */
    private static String abbreviated(String name, Map<String, String> aliases) {
        if (name.length() < 3) {
            return name;
        }
        List<String> full = aliases.keySet().stream().filter(k -> k.startsWith("--") && k.startsWith(name)).toList();
        return full.size() == 1 ? aliases.get(full.get(0)) : name;
    }

    private static boolean prefixOf(String name, String option, int shortest) {
        return name.length() >= shortest && option.startsWith(name);
    }

    private static String signal(String raw) {
        String s = raw.toUpperCase();
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        return "signal=" + SIGNAL_NUMBERS.getOrDefault(s, s);
    }
}
