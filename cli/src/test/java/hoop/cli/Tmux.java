package hoop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for CLI tests: one tmux session, typed into with send-keys and read with capture-pane.
 * Shared by every test that drives hoop's terminal UI (approvals view, replay player, attached connect).
 */
final class Tmux implements AutoCloseable {
    final String name;

    Tmux(String purpose) {
        this.name = "hoop-" + purpose + "-" + ProcessHandle.current().pid();
    }

    static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /**
     * The shell command that runs the hoop CLI from this test's classpath against the gateway in home. The
     * classpath goes in a java @argfile: tmux refuses a command longer than its 16 KiB message size.
     */
    static String hoop(Path home, String args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path argfile = Files.createTempFile("hoop-test-cp", ".args");
        argfile.toFile().deleteOnExit();
        Files.writeString(argfile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
        return "HOOP_HOME='" + home + "' '" + java + "' @'" + argfile + "' hoop.cli.Main " + args;
    }

    void start(int width, int height, String shellCommand) throws Exception {
        // an earlier test's view may still be closing (q pressed): its session would refuse the name, then vanish
        tmux("kill-session", "-t", name);
        tmux("new-session", "-d", "-s", name, "-x", String.valueOf(width), "-y", String.valueOf(height), shellCommand);
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", name);
    }

    /** Waits up to 20 s for the screen to show every needle at once. */
    String await(String... needles) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen();
            boolean all = true;
            for (String n : needles) all &= s.contains(n);
            if (all) return s;
            Thread.sleep(100);
        }
        throw new AssertionError("screen never showed " + List.of(needles) + ":\n" + s);
    }

    /** Keys by tmux name ("a", "Enter", "C-c", "Right"). */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", name));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Text typed as is. */
    void type(String text) throws Exception {
        tmux("send-keys", "-t", name, "-l", text);
    }

    @Override
    public void close() throws Exception {
        tmux("kill-session", "-t", name);
    }
}
