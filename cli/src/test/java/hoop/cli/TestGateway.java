package hoop.cli;

import hoop.config.ConfigLoader;
import hoop.config.HoopHome;
import hoop.gateway.Gateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real gateway on a free port in a temporary HOOP_HOME, and the real CLI run in-process against it. */
final class TestGateway implements AutoCloseable {
    final Path home;
    final Map<String, String> env = new HashMap<>();
    Gateway gateway;

    TestGateway(Path home, String yaml, Map<String, String> extraEnv) throws Exception {
        this.home = home;
        env.put("HOOP_HOME", home.toString());
        env.put("HOME", System.getProperty("user.home"));
        env.putAll(extraEnv);
        Files.createDirectories(home);
        Files.writeString(home.resolve("hoop.yaml"), yaml);
        start();
    }

    void start() throws Exception {
        gateway = Gateway.start(ConfigLoader.load(home.resolve("hoop.yaml"), env), HoopHome.fromEnv(env));
    }

    record Run(int exit, String out, String err) {}

    Run hoop(String... args) {
        return hoopWithInput(new ByteArrayInputStream(new byte[0]), args);
    }

    Run hoopWithInput(InputStream in, String... args) {
        return cli(env, in, args);
    }

    /** What hoop writes to stdout, as bytes (a gzip stream through hoop exec), which Run's String would not keep. */
    byte[] hoopStdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HoopCommand.run(new CliContext(env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)), args);
        return out.toByteArray();
    }

    static Run cli(Map<String, String> env, String... args) {
        return cli(env, new ByteArrayInputStream(new byte[0]), args);
    }

    static Run cli(Map<String, String> env, InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HoopCommand.run(new CliContext(env, in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs a blocking call on a thread of its own. The common pool has one worker on a two-core machine, so
     * two calls waiting for approval there would run one after the other.
     */
    static <T> java.util.concurrent.CompletableFuture<T> async(java.util.function.Supplier<T> call) {
        return java.util.concurrent.CompletableFuture.supplyAsync(call, r -> Thread.ofPlatform().daemon().start(r));
    }

    @Override
    public void close() {
        if (gateway != null) gateway.close();
        gateway = null;
    }

    /** Gateway config with a free control port; the rest is the test's. */
    static String config(String body) {
        return "gateway: { listen: 127.0.0.1:0, store: sqlite }\n" + body;
    }
}
