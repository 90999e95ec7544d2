package hoop.cli;

import hoop.config.HoopHome;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** What a command may touch of the outside world; tests pass their own, so they run in-process. */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, System.out, System.err);
    }

    public HoopHome home() {
        return HoopHome.fromEnv(env);
    }
}
