package hoop.policy.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a command's arguments may take when it runs, judged once the whole script is read. A word is guessed
 * where it is written from the assignments before it, but a loop body or a function runs after assignments written
 * later ("f(){ rm $o x; }; o=-rf; f"), a loop variable takes each of its words in turn, and a value read, computed or
 * substituted at run time is whatever the script's input makes it: "rm $(echo -rf) x", "read o; rm $o x" and
 * "echo -rf | xargs rm" run rm -rf. Such a word becomes a hole a rule naming the program may fill with any words; a
 * variable given a few literal values gives one reading of the command per value.
 */
final class RunTimeValues {
    /** Variables bash sets from what the script did or read, so the script's input chooses them. */
    private static final Set<String> SHELL_SET = Set.of("_", "REPLY", "BASH_REMATCH", "OPTARG", "MAPFILE", "BASH_ARGV",
            "BASH_ARGV0", "BASH_COMMAND", "BASH_EXECUTION_STRING", "FUNCNAME", "BASH_SOURCE", "READLINE_LINE",
            "COMPREPLY", "COMP_WORDS", "COMP_LINE", "COPROC");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?[#!]?([A-Za-z_][A-Za-z0-9_]*)");
    /** Forms whose value the guess cannot compute: substitutions, arithmetic, indirection, subscripts. */
    private static final Pattern COMPUTED = Pattern.compile("\\$\\(|`|\\$\\[|\\$\\{!|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[");
    private static final int MAX_READINGS = 32;

    /** One argument built from expansions, as it was emitted. */
    record Source(int index, String raw, boolean fromInput, Map<String, String> atEmission, boolean guessable) {
    }

    private final Map<String, Set<String>> literal = new HashMap<>();
    private final Set<String> runTime = new HashSet<>();

    void literal(String name, String value) {
        literal.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(value);
    }

    void runTime(String name) {
        runTime.add(name);
    }

    /** Every name given a value so far: its literal values, and null for one set at run time. */
    Map<String, Set<String>> values() {
        Map<String, Set<String>> all = new java.util.TreeMap<>();
        literal.forEach((k, v) -> all.put(k, new LinkedHashSet<>(v)));
        runTime.forEach(n -> all.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(null));
        return all;
    }

    int literalCount(String name) {
        Set<String> values = literal.get(name);
        return values == null ? 0 : values.size();
    }

    boolean isRunTime(String name) {
        return runTime.contains(name) || SHELL_SET.contains(name);
    }

    static Set<String> references(String raw) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(raw);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The command with every reading its arguments allow and the holes no reading fills. */
    SimpleCommand resolve(SimpleCommand cmd, List<Source> sources, int appendedAt) {
        List<Integer> holes = new ArrayList<>();
        Map<String, List<String>> choices = new LinkedHashMap<>();
        List<Source> varying = new ArrayList<>();
        for (Source s : sources) {
            Set<String> names = references(s.raw());
            boolean hole = s.fromInput() || COMPUTED.matcher(s.raw()).find();
            for (String n : names) {
                boolean assigned = literal.containsKey(n) || runTime.contains(n);
                hole |= runTime.contains(n) || SHELL_SET.contains(n) || assigned && !s.guessable();
            }
            if (hole) {
                holes.add(s.index());
                continue;
            }
            boolean varies = false;
            for (String n : names) {
                Set<String> values = literal.get(n);
                if (values == null) {
                    continue; // never assigned here: the environment's value, the same wherever it is read
                }
                Set<String> all = new LinkedHashSet<>(values);
                all.add(s.atEmission().get(n)); // null: unset where it is written
                if (all.size() > 1) {
                    choices.put(n, new ArrayList<>(all));
                    varies = true;
                }
            }
            if (varies) {
                varying.add(s);
            }
        }
        List<List<String>> readings = new ArrayList<>();
        long count = choices.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
        if (!choices.isEmpty() && count > MAX_READINGS) {
            varying.forEach(s -> holes.add(s.index()));
        } else if (!choices.isEmpty()) {
            List<String> base = cmd.guessedArgs() != null ? cmd.guessedArgs() : cmd.args();
            for (Map<String, String> combo : combinations(new ArrayList<>(choices.entrySet()), 0, new HashMap<>())) {
                List<String> reading = new ArrayList<>(base);
                for (Source s : varying) {
                    Map<String, String> values = new HashMap<>(s.atEmission());
                    values.putAll(combo);
                    String value = Analysis.expand(s.raw(), values::get);
                    reading.set(s.index(), value == null ? s.raw() : value);
                }
                readings.add(reading);
            }
        }
        if (appendedAt >= 0) {
            holes.add(appendedAt);
        }
        if (holes.isEmpty() && readings.isEmpty()) {
            return cmd;
        }
        return new SimpleCommand(cmd.program(), cmd.args(), cmd.dir(), cmd.guessedArgs(),
                readings.isEmpty() ? null : readings, holes.isEmpty() ? null : holes, cmd.file(), cmd.home());
    }

    private static List<Map<String, String>> combinations(List<Map.Entry<String, List<String>>> choices, int k,
                                                          Map<String, String> so) {
        if (k == choices.size()) {
            return List.of(new HashMap<>(so));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String v : choices.get(k).getValue()) {
            if (v == null) {
                so.remove(choices.get(k).getKey());
            } else {
                so.put(choices.get(k).getKey(), v);
            }
            out.addAll(combinations(choices, k + 1, so));
        }
        so.remove(choices.get(k).getKey());
        return out;
    }
}
