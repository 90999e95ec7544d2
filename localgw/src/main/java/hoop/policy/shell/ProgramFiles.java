package hoop.policy.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Programs a script runs by their path outside the system's program directories ({@code ./gradlew build}): such a
 * command is unknown, since it runs whatever the file holds. When hoop knows which file runs, the reason travels on
 * the command's own unit, so a rule naming that file can judge it; otherwise it stays a reason no command carries.
 * Only a command written where the script itself runs it qualifies: not behind a wrapper (sudo, env -C, find -exec,
 * ssh run it elsewhere or as something else), not in a nested shell or $(..), not through "..", a link the script
 * made or a file it names elsewhere, and a relative path only in a script that never changes directory (a loop or
 * function body may run after a later cd, and a cd in a subshell is followed as if it were not).
 */
final class ProgramFiles {
    private final String origin;
    /** The depth at which the script the connection runs is parsed; -1 until known. */
    private int scriptDepth = -1;
    private boolean moved;
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();

    private record Pending(SimpleCommand.ProgramFile file, boolean relative) {
    }

    /** @param origin the directory the script starts in (normalised), or null when unknown */
    ProgramFiles(String origin) {
        this.origin = origin;
    }

    void scriptAt(int depth) {
        if (scriptDepth < 0) {
            scriptDepth = depth;
        }
    }

    void directoryChanged() {
        moved = true;
    }

    /**
     * The file a program word the script writes as a command of its own names, if its reason may travel on that
     * command; null when it may not.
     */
    SimpleCommand.ProgramFile file(String written, String dir, int depth, String reason) {
        if (depth != scriptDepth || written.startsWith("~")
                || List.of(written.split("/")).contains("..")) {
            return null;
        }
        if (written.startsWith("/")) {
            return new SimpleCommand.ProgramFile(PathNormalizer.normalize(written), origin, reason);
        }
        if (origin == null || moved || !origin.equals(dir)) {
            return null;
        }
        return new SimpleCommand.ProgramFile(PathNormalizer.normalize(origin + "/" + written), origin, reason);
    }

    void carry(int command, SimpleCommand.ProgramFile file, boolean relative) {
        pending.put(command, new Pending(file, relative));
    }

    /**
     * The commands with the files they run set; the reason of each file that turned out not to be known (a later cd,
     * another command naming it) is added to commandless.
     */
    List<SimpleCommand> apply(List<SimpleCommand> commands, Analysis an, Set<String> commandless) {
        List<SimpleCommand> out = new ArrayList<>(commands);
        for (Map.Entry<Integer, Pending> e : pending.entrySet()) {
            SimpleCommand.ProgramFile f = e.getValue().file();
            if (e.getValue().relative() && moved || an.throughSymlinks(f.path()) != null
                    || namedElsewhere(commands, e.getKey(), f.path())) {
                commandless.add(f.reason());
            } else {
                out.set(e.getKey(), out.get(e.getKey()).withFile(f));
            }
        }
        return out;
    }

    /** Whether another command names the file or a directory holding it (cp x gradlew, > gradlew, mv x scripts). */
    private boolean namedElsewhere(List<SimpleCommand> commands, int self, String path) {
        for (int k = 0; k < commands.size(); k++) {
            if (k == self) {
                continue;
            }
            SimpleCommand c = commands.get(k);
            List<List<String>> readings = new ArrayList<>();
            readings.add(c.args());
            if (c.guessedArgs() != null) {
                readings.add(c.guessedArgs());
            }
            if (c.readings() != null) {
                readings.addAll(c.readings());
            }
            for (List<String> words : readings) {
                for (String w : words) {
                    if (holds(PathNormalizer.landing(w, c.dir()), path)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean holds(String landed, String path) {
        if (landed.equals(path)) {
            return true;
        }
        if (!landed.startsWith("/") || landed.equals("/") || !path.startsWith(landed + "/")) {
            return false;
        }
        // the directory the script starts in, or one above it, holds everything: naming it ("ls .") replaces nothing
        return origin == null || !(origin.equals(landed) || origin.startsWith(landed + "/"));
    }
}
