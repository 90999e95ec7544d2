package hoop.policy.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a command line's programs open to read, as far as the analysis names them: each operand a reading program
 * takes as a file (see {@link FileOperands}), in every reading of its variables, and each {@code <} redirection, glob
 * expanded, relative to the directory an earlier {@code cd} moved to. What is computed at run time is not named.
 */
public final class FilesRead {
    private FilesRead() {
    }

    /**
     * Absolute or home-relative ({@code ~/}) paths, in order, without repeats; paths the analysis could not resolve
     * (a variable set at run time) are left out.
     */
    public static List<String> of(List<String> argv) {
        return of(argv, PathNormalizer.HOME);
    }

    /** The same for an argv run with home as its $HOME ("cd; cat .env" reads that home's .env). */
    public static List<String> of(List<String> argv, String home) {
        Set<String> out = new LinkedHashSet<>();
        ShellAnalysis an;
        try {
            an = ShellClassifier.analyzeArgv(argv, home);
        } catch (RuntimeException | StackOverflowError e) {
            return List.of();
        }
        for (SimpleCommand c : an.commands()) {
            List<List<String>> readings = new ArrayList<>();
            readings.add(c.args());
            if (c.guessedArgs() != null) readings.add(c.guessedArgs());
            if (c.readings() != null) readings.addAll(c.readings());
            for (List<String> args : readings) {
                boolean options = true;
                for (int k = 0; k < args.size(); k++) {
                    String a = args.get(k);
                    if (options && a.equals("--")) {
                        options = false;
                        continue;
                    }
                    if (options && a.startsWith("-") && a.length() > 1) continue;
                    if (a.isEmpty() || a.indexOf('$') >= 0 || a.indexOf('`') >= 0 || !FileOperands.reads(c.program(), args, k)) continue;
                    String path = resolved(a, c.dir());
                    if (path != null) out.add(path);
                }
            }
        }
        return List.copyOf(out);
    }

    private static String resolved(String word, String dir) {
        if (word.startsWith("/") || word.startsWith("~/")) return word;
        if (word.startsWith("~") || dir == null) return null;
        return dir.endsWith("/") ? dir + word : dir + "/" + word;
    }
}
