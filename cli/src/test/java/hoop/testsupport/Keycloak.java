package hoop.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real Keycloak ({@code bin/kc.sh start-dev}) from an unpacked {@code org.keycloak:keycloak-quarkus-dist}
 * zip, imports realm JSON file(s), waits until the realm's discovery document is served, and stops it again
 * (killing the whole process tree).
 *
 * <pre>{@code
 * try (Keycloak kc = Keycloak.builder(Path.of(System.getProperty("keycloak.home")))
 *         .realmFile(Path.of("src/test/resources/keycloak/eng-realm.json"))
 *         .realm("eng")
 *         .env("KC_ENG_DEVICE_POLLING_INTERVAL", "1")
 *         .start()) {
 *     String issuer = kc.issuer();   // http://127.0.0.1:<port>/realms/eng
 * }
 * }</pre>
 *
 * Notes:
 * <ul>
 *   <li>Uses {@code --db=dev-mem}: nothing survives a restart, every start re-imports the realm.</li>
 *   <li>The very first start of a freshly unpacked dist runs a Quarkus re-augmentation (~40 s on 2 cores);
 *       later starts with the same build options skip it.</li>
 *   <li>One running instance per dist directory (the import dir and {@code data/transaction-logs} are shared).</li>
 * </ul>
 */
public final class Keycloak implements AutoCloseable {

    private final Builder cfg;
    private final int port;
    private final Process process;
    private final Path logFile;
    private final Duration readyAfter;
    private final Thread shutdownHook;
    private volatile boolean stopped;

    private Keycloak(Builder cfg, int port, Process process, Path logFile, Duration readyAfter, Thread shutdownHook) {
        this.cfg = cfg;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
        this.readyAfter = readyAfter;
        this.shutdownHook = shutdownHook;
    }

    public static Builder builder(Path keycloakHome) {
        return new Builder(keycloakHome);
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>/realms/<realm>} — exactly the {@code iss} Keycloak puts into tokens. */
    public String issuer() {
        return baseUrl() + "/realms/" + cfg.realm;
    }

    public String discoveryUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Wall-clock time from process start until the discovery document answered 200. */
    public Duration readyAfter() {
        return readyAfter;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Summed CPU time of kc.sh and its descendants (best effort, may be 0 where unsupported). */
    public Duration cpuTime() {
        Duration d = process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle h : process.toHandle().descendants().toList()) {
            d = d.plus(h.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return d;
    }

    /** Resident set size in KiB of the Keycloak JVM (Linux /proc, best effort; -1 if unknown). */
    public long rssKiB() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.toHandle().descendants().toList());
        long total = 0;
        boolean found = false;
        for (ProcessHandle h : all) {
            Path status = Path.of("/proc/" + h.pid() + "/status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("\\D", ""));
                        found = true;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // not Linux or process gone
            }
        }
        return found ? total : -1;
    }

    /** Last {@code n} lines of the Keycloak log (for failure messages). */
    public String logTail(int n) {
        return tail(logFile, n);
    }

    @Override
    public void close() {
        stop();
    }

    /** SIGTERM to the tree, wait up to the stop timeout, then SIGKILL whatever is left. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // JVM already shutting down
        }
        killTree(process, cfg.stopTimeout);
    }

    private static void killTree(Process process, Duration timeout) {
        ProcessHandle root = process.toHandle();
        // Snapshot descendants first: once kc.sh dies its java child would be re-parented and unreachable.
        List<ProcessHandle> descendants = root.descendants().toList();
        // kc.sh traps TERM and forwards it to java, java shuts down gracefully (~1-2 s).
        root.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : concat(root, descendants)) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception ignored) {
                // timeout / interrupted: fall through to force-kill
            }
        }
        for (ProcessHandle h : concat(root, descendants)) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ProcessHandle> concat(ProcessHandle root, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>(rest.size() + 1);
        all.add(root);
        all.addAll(rest);
        return all;
    }

    /** Binds port 0 on 127.0.0.1, reads the port, releases it. Small race window; {@link Builder#start()} retries. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file, int n) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "<no log: " + e + ">";
        }
    }

    public static final class Builder {
        private final Path home;
        private final List<Path> realmFiles = new ArrayList<>();
        private String realm = "eng";
        private int port = 0;
        private Path javaHome;
        private String heapOpts = "-Xms64m -Xmx512m";
        // C1 only: on 2 cores ready 20 s instead of 24 s, ~35% less CPU, ~60 MiB less RSS (measured).
        private String extraJvmOpts = "-XX:TieredStopAtLevel=1";
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(240);
        private Duration stopTimeout = Duration.ofSeconds(20);
        private Path logFile;

        private Builder(Path home) {
            this.home = Objects.requireNonNull(home, "keycloak home").toAbsolutePath().normalize();
        }

        /** Realm JSON to import (copied into {@code <home>/data/import/}); may be called several times. */
        public Builder realmFile(Path realmJson) {
            realmFiles.add(realmJson);
            return this;
        }

        /** Realm whose issuer/discovery URL is exposed and waited for. Default {@code eng}. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** Fixed HTTP port; default 0 = pick a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** JDK used to run Keycloak; default: env JAVA_HOME, else the JDK running the tests. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /** Value for JAVA_OPTS_KC_HEAP (kc.sh default is {@code -Xms64m -Xmx512m}). */
        public Builder heap(String heapOpts) {
            this.heapOpts = heapOpts;
            return this;
        }

        /**
         * Extra JVM flags, passed via JAVA_OPTS_APPEND. Default {@code -XX:TieredStopAtLevel=1}; empty string = none.
         * Do not add another GC flag: kc.sh already passes {@code -XX:+UseG1GC} ("Multiple garbage collectors selected").
         */
        public Builder jvmOpts(String opts) {
            this.extraJvmOpts = opts;
            return this;
        }

        /**
         * Environment variable for the Keycloak process. Realm JSON may reference them as {@code ${NAME:default}}
         * (Keycloak resolves these placeholders during {@code --import-realm}).
         */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Extra {@code kc.sh start-dev} arguments, e.g. {@code --log-level=org.keycloak.events:debug}. */
        public Builder arg(String arg) {
            extraArgs.add(arg);
            return this;
        }

        public Builder startTimeout(Duration d) {
            this.startTimeout = d;
            return this;
        }

        public Builder stopTimeout(Duration d) {
            this.stopTimeout = d;
            return this;
        }

        /** Where Keycloak's stdout+stderr go. Default {@code <home>/data/log/keycloak-<port>.log}. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Keycloak start() {
            Path kcSh = home.resolve("bin/kc.sh");
            if (!Files.isRegularFile(kcSh)) {
                throw new IllegalStateException("No Keycloak distribution at " + home + " (missing bin/kc.sh). "
                        + "Unpack org.keycloak:keycloak-quarkus-dist:<version>:zip first.");
            }
            if (!Files.isExecutable(kcSh) && !kcSh.toFile().setExecutable(true)) {
                throw new IllegalStateException(kcSh + " is not executable");
            }
            try {
                prepareImportDir();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + home.resolve("data/import"), e);
            }
            int attempts = port == 0 ? 3 : 1;
            RuntimeException last = null;
            for (int i = 0; i < attempts; i++) {
                int p = port != 0 ? port : freePort();
                try {
                    return startOnce(kcSh, p);
                } catch (PortInUse e) {
                    last = e; // lost the free-port race: try another port
                }
            }
            throw last;
        }

        private void prepareImportDir() throws IOException {
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(importDir, "*.json")) {
                for (Path p : old) {
                    Files.delete(p);
                }
            }
            for (Path realmFile : realmFiles) {
                Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private Keycloak startOnce(Path kcSh, int p) {
            Path log = logFile != null ? logFile : home.resolve("data/log/keycloak-" + p + ".log");
            List<String> cmd = new ArrayList<>(List.of(
                    kcSh.toString(), "start-dev",
                    "--import-realm",
                    "--db=dev-mem",                                 // in-memory H2, fresh realm each start
                    "--http-host=127.0.0.1",
                    "--http-port=" + p,
                    "--hostname=http://127.0.0.1:" + p,             // pins iss regardless of Host header
                    "--log-console-color=false"));
            cmd.addAll(extraArgs);

            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
            Map<String, String> e = pb.environment();
            Path jh = javaHome != null ? javaHome
                    : System.getenv("JAVA_HOME") != null ? Path.of(System.getenv("JAVA_HOME"))
                    : Path.of(System.getProperty("java.home"));
            e.put("JAVA_HOME", jh.toString());
            e.remove("JAVA_OPTS"); // if set, kc.sh would ignore its defaults and JAVA_OPTS_KC_HEAP
            e.put("JAVA_OPTS_KC_HEAP", heapOpts);
            if (!extraJvmOpts.isBlank()) {
                e.put("JAVA_OPTS_APPEND", extraJvmOpts);
            } else {
                e.remove("JAVA_OPTS_APPEND");
            }
            e.putAll(env);
            pb.redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            pb.redirectOutput(log.toFile()); // a file, never a pipe: a full pipe would block Keycloak

            long t0 = System.nanoTime();
            Process proc;
            try {
                proc = pb.start();
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot start " + cmd, ex);
            }
            Thread hook = new Thread(() -> killTree(proc, Duration.ofSeconds(5)), "keycloak-killer-" + p);
            Runtime.getRuntime().addShutdownHook(hook);

            Builder self = this;
            String discovery = "http://127.0.0.1:" + p + "/realms/" + realm + "/.well-known/openid-configuration";
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(discovery)).timeout(Duration.ofSeconds(5)).GET().build();
            long deadline = t0 + startTimeout.toNanos();
            while (true) {
                if (!proc.isAlive()) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    String tail = tail(log, 40);
                    if (tail.contains("Address already in use") || tail.contains("already bound")
                            || tail.contains("Port(s) already bound")) {
                        throw new PortInUse("port " + p + " in use:\n" + tail);
                    }
                    throw new IllegalStateException("Keycloak exited with " + proc.exitValue()
                            + " before becoming ready. Log " + log + ":\n" + tail);
                }
                try {
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException ignored) {
                    // not listening yet
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    killTree(proc, Duration.ofSeconds(5));
                    Runtime.getRuntime().removeShutdownHook(hook);
                    throw new IllegalStateException("interrupted while waiting for Keycloak", ex);
                }
                if (System.nanoTime() > deadline) {
                    killTree(proc, Duration.ofSeconds(5));
                    Runtime.getRuntime().removeShutdownHook(hook);
                    throw new IllegalStateException("Keycloak not ready within " + startTimeout + " at " + discovery
                            + ". Log " + log + ":\n" + tail(log, 40));
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    killTree(proc, Duration.ofSeconds(5));
                    Runtime.getRuntime().removeShutdownHook(hook);
                    throw new IllegalStateException("interrupted while waiting for Keycloak", ex);
                }
            }
            Duration ready = Duration.ofNanos(System.nanoTime() - t0);
            return new Keycloak(self, p, proc, log, ready, hook);
        }
    }

    private static final class PortInUse extends RuntimeException {
        PortInUse(String msg) {
            super(msg);
        }
    }
}
