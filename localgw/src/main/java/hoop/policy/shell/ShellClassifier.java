package hoop.policy.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Static analysis of shell commands an agent wants to run. Parsing follows bash's own rules
 * rather than matching text prefixes, and anything whose effect depends on run-time values
 * is reported as unknown so callers can fail closed. Never throws for any input.
 */
public final class ShellClassifier {
    private ShellClassifier() {
    }

    /** Analyses a string as {@code bash -c} would run it. */
    public static ShellAnalysis analyzeScript(String script) {
        return analyzeScript(script, currentDirectory());
    }

    /** Same, expanding unquoted globs against {@code cwd}; null disables filename expansion. */
    static ShellAnalysis analyzeScript(String script, Path cwd) {
        return analyzeScript(script, cwd, PathNormalizer.HOME);
    }

    /** Same, for a script run with {@code home} as its $HOME. */
    static ShellAnalysis analyzeScript(String script, Path cwd, String home) {
        Analysis analysis = new Analysis(cwd, home);
        if (script == null) {
            analysis.unknown("no script given");
            return analysis.result();
        }
        analysis.files.scriptAt(0);
        try {
            analysis.analyzeNested(script, 0, "bash");
        } catch (RuntimeException | StackOverflowError e) {
            analysis.unknown("analysis failed: " + e);
        }
        return analysis.result();
    }

    /**
     * Every program an argv invokes, wrappers included, program first (ShellSecrets reads their options); a shell's -c
     * script is read as the shell would run it.
     */
    static List<List<String>> invocations(List<String> argv) {
        Analysis analysis = new Analysis(null, PathNormalizer.HOME);
        try {
            if (argv != null && !argv.isEmpty() && argv.stream().allMatch(java.util.Objects::nonNull)) {
                analysis.resolver.resolve(argv.stream().map(Word::literal).toList(), 0, false);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // what was read stands
        }
        return analysis.invocations();
    }

    /** Analyses an argv executed directly (no shell): words are literal, wrappers still unwrapped. */
    public static ShellAnalysis analyzeArgv(List<String> argv) {
        return analyzeArgv(argv, PathNormalizer.HOME);
    }

    /**
     * The same for an argv run with {@code home} as its $HOME (a run_as user's): ~, $HOME and a bare cd lead there, and
     * a path under it is what rules name from ~. Null: no home is known (~ stays as written).
     */
    public static ShellAnalysis analyzeArgv(List<String> argv, String home) {
        Analysis analysis = new Analysis(currentDirectory(), home);
        if (argv == null || argv.isEmpty() || argv.stream().anyMatch(a -> a == null)) {
            analysis.unknown("empty or invalid argv");
            return analysis.result();
        }
        try {
            List<Word> words = new ArrayList<>();
            for (String a : argv) {
                words.add(Word.literal(a));
            }
            analysis.configuredFirst();
            analysis.resolver.resolve(words, 0, false);
        } catch (RuntimeException | StackOverflowError e) {
            analysis.unknown("analysis failed: " + e);
        }
        return analysis.result();
    }

    private static Path currentDirectory() {
        try {
            return Path.of("").toAbsolutePath();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
