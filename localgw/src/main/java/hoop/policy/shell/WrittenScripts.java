package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shell script the line writes with echo, printf or cat of a here-document and then runs (sh f, bash f, . f, ./f): running it is unknown
 * (see {@link WrittenCode}, {@link ProgramFiles}), and its text, which the line shows, is also read as the script it
 * is, so a rule denying "rm -rf *" meets "echo 'rm -rf d' > x.sh; bash x.sh" whatever the policy's unknown action.
 */
final class WrittenScripts {
    private WrittenScripts() {
    }

    private static final java.util.Set<String> SHELLS = java.util.Set.of("sh", "bash", "dash", "ksh", "mksh", "ash",
            "posh", "yash", "zsh", "source", ".");

    /** Reads the text of each script written by echo/printf and run by a shell or by its path. */
    static void analyze(List<SimpleCommand> commands, Map<Integer, int[]> owners, Analysis an, int depth) {
        int count = commands.size();
        for (int k = 0; k < count; k++) {
            SimpleCommand c = commands.get(k);
            int[] owner = owners.get(k);
            if (!c.program().equals(">") || c.args().isEmpty() || owner == null || owner[1] - owner[0] != 1) {
                continue;
            }
            String text = text(commands.get(owner[0]));
            if (text == null && (commands.get(owner[0]).program().equals("cat")
                    && commands.get(owner[0]).args().stream().allMatch(a -> a.equals("-")))) {
                text = an.hereDocumentOf(owner[0]); // cat > s <<'EOF'
            }
            String file = FileWriters.land(c.args().get(0), c.dir());
            if (text == null || !runs(commands, count, file)) {
                continue;
            }
            an.analyzeNested(text, depth + 1, "sh");
        }
    }

    /** Whether a command runs the file as a shell script: sh FILE, . FILE, or FILE as the program. */
    private static boolean runs(List<SimpleCommand> commands, int count, String file) {
        for (int k = 0; k < count; k++) {
            SimpleCommand c = commands.get(k);
            if (SHELLS.contains(c.program())) {
                for (String a : c.args()) {
                    if (!a.startsWith("-") && !a.startsWith("+")) {
                        if (FileWriters.land(a, c.dir()).equals(file)) {
                            return true;
                        }
                        break;
                    }
                }
            }
            if (CommandResolver.basename(file).equals(c.program())) {
                return true; // ./f, /path/f: judged by its name
            }
        }
        return false;
    }

    /** The text echo or printf writes when its words are literal, or null. */
    private static String text(SimpleCommand c) {
        if (c.guessedArgs() != null || c.runTimeArgs() != null && !c.runTimeArgs().isEmpty()) {
            return null;
        }
        List<String> args = new ArrayList<>(c.args());
        if (c.program().equals("echo")) {
            boolean escapes = false;
            while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
                escapes |= args.get(0).contains("e");
                args.remove(0);
            }
            String joined = String.join(" ", args);
            return escapes ? unescape(joined) : joined;
        }
        if (c.program().equals("printf") && !args.isEmpty() && !args.get(0).startsWith("-")) {
            String format = args.get(0).replace("%%", "\u0000");
            if (format.contains("%")) {
                return null;
            }
            return unescape(format).replace("\u0000", "%");
        }
        return null;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
    }
}
