package hoop.protocol.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a connection's fixed command and the caller's arguments into the argv that runs, and the text
 * people read. A `[bash, -c]` style prefix takes the arguments as one script (as ssh does), so what is
 * judged is exactly what the shell will interpret.
 */
public final class ExecArgv {
    private static final Set<String> SHELLS = Set.of("bash", "sh", "zsh", "dash", "ksh");

    private ExecArgv() {}

    public static boolean takesScript(List<String> prefix) {
        return prefix.size() >= 2 && prefix.get(prefix.size() - 1).equals("-c")
                && SHELLS.contains(Path.of(prefix.get(0)).getFileName().toString());
    }

    public static List<String> argv(List<String> prefix, List<String> args) {
        List<String> argv = new ArrayList<>(prefix);
        if (takesScript(prefix)) argv.add(String.join(" ", args));
        else argv.addAll(args);
        return argv;
    }

    public static String text(List<String> prefix, List<String> args) {
        return takesScript(prefix) ? String.join(" ", args) : String.join(" ", argv(prefix, args));
    }
}
