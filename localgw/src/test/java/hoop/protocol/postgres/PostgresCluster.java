package hoop.protocol.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL 15 cluster for tests. PostgreSQL refuses to run as root, so when the
 * tests run as root every command goes through {@code runuser -u postgres}.
 */
final class PostgresCluster implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String SUPERUSER_PASSWORD = "super-Secret-1";

    final Path dir;
    final Path data;
    final int port;
    private final boolean root;

    static boolean available() {
        return Files.isExecutable(BIN.resolve("postgres")) && Files.isExecutable(BIN.resolve("initdb"))
                && (!isRoot() || Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** @param hbaFirstLines pg_hba.conf lines placed before initdb's, since the first match wins */
    PostgresCluster(List<String> hbaFirstLines) throws Exception {
        root = isRoot();
        dir = Files.createTempDirectory("hoop-pg-");
        data = dir.resolve("data");
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=scram-sha-256", "--pwfile=" + pwfile, "--encoding=UTF8", "--locale=C"), true);
        Path hba = data.resolve("pg_hba.conf");
        String original = Files.readString(hba);
        Files.writeString(hba, String.join("\n", hbaFirstLines) + "\n" + original);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "-t", "60", "start"), true);
    }

    private void run(List<String> cmd, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Path log = Files.createTempFile("hoop-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + full);
            }
            if (p.exitValue() != 0) {
                throw new IOException("failed (" + p.exitValue() + "): " + full + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
