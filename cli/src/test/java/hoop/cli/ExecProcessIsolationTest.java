package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command hoop runs must not reach the gateway's secrets through the OS: with run_as it is another OS user and cannot
 * read HOOP_HOME or /proc/PID/environ; without it, a gateway running as an ordinary user is non-dumpable, so its
 * commands (the same uid) cannot read its environment either. Real gateways, real child processes, switched with setpriv.
 */
class ExecProcessIsolationTest {
    static final String SECRET = "Upstr3am-Passw0rd-5531";
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                run_as: nobody
                env: { API_TOKEN: "${env:API_TOKEN}" }
                policies: [open]
                masking: [pii]
            policies:
              open: { default: allow, unknown: deny, rules: [] }
            masking:
              pii: { detectors: [email] }
            """);

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndSetpriv() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "switching to nobody needs root");
        // Only HOOP_HOME's own mode may keep nobody out (JUnit's temporary directory is 0700 and would hide everything),
        // and a gateway started as nobody reaches its state and classpath under it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void commandsRunAsTheNamedUserWithItsHome() throws Exception {
        assumeNobodyCanReadHere();
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of("API_TOKEN", SECRET))) {
            var r = gw.hoop("exec", "shell", "--", "id -un; echo \"$HOME $USER\"");
            assertEquals(0, r.exit(), r.err());
            assertEquals("nobody\n/nonexistent nobody\n", r.out());
        }
    }

    @Test
    void theGatewaysFilesAndEnvironmentAreOutOfReachWhileMaskingStillWorks() throws Exception {
        assumeNobodyCanReadHere();
        try (TestGateway gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of("API_TOKEN", SECRET))) {
            Path home = gw.home;
            long pid = ProcessHandle.current().pid();
            var r = gw.hoop("exec", "shell", "--", "cat " + home.resolve("hoop.yaml") + "; cat " + home.resolve("gateway.token")
                    + "; ls " + home + "; grep -c PATH= /proc/" + pid + "/environ; head -c 16 /proc/" + pid + "/mem | wc -c; "
                    + "echo mail bob@example.com token $API_TOKEN");
            assertEquals(0, r.exit(), r.err());
            assertEquals(5, r.err().split("Permission denied", -1).length - 1, r.err());
            assertEquals("0\nmail [EMAIL] token [SECRET]\n", r.out());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
            try (Stream<Path> files = Files.list(home)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("gateway\\.token|mask\\.key|audit\\.key|hoop\\.db.*")).toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }
        }
    }

    /**
     * Without run_as a command is the gateway's own user: a gateway started as nobody held its upstream password in a
     * /proc/PID/environ its commands could read (grep -c printed 1). It is non-dumpable now, so that file is root's.
     */
    @Test
    void aGatewayRunningAsAnOrdinaryUserKeepsItsEnvironmentFromItsCommands() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("hoop.yaml"), CONFIG.replace("    run_as: nobody\n", ""));
        chownNobody(state);
        chownNobody(state.resolve("hoop.yaml"));
        Process gateway = hoopAsNobody(state, dir.resolve("gateway.log"), "gateway");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(state.resolve("gateway.addr")) && gateway.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(Files.exists(state.resolve("gateway.addr")), Files.readString(dir.resolve("gateway.log")));
            var r = TestGateway.cli(Map.of("HOOP_HOME", state.toString(), "HOME", state.toString()), "exec", "shell", "--",
                    "id -un; grep -c API_TOKEN= /proc/$PPID/environ; head -c 16 /proc/$PPID/mem | wc -c");
            assertEquals("nobody\n0\n", r.out(), r.err());
            assertEquals(2, r.err().split("Permission denied", -1).length - 1, r.err());
            assertFalse(Files.readString(dir.resolve("gateway.log")).contains("non-dumpable"), "no warning: it worked");
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) gateway.destroyForcibly();
        }
    }

    /** A gateway that is not root cannot switch users: run_as naming another is a config error, not a failure at each command. */
    @Test
    void runAsAnotherUserIsRefusedWhenTheGatewayIsNotRoot() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("hoop.yaml"), CONFIG.replace("run_as: nobody", "run_as: daemon"));
        chownNobody(state);
        chownNobody(state.resolve("hoop.yaml"));
        Process check = hoopAsNobody(state, dir.resolve("check.log"), "config", "check");
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("check.log")).strip();
        assertEquals(ExitCodes.USAGE, check.exitValue(), err);
        assertTrue(err.endsWith(state.resolve("hoop.yaml") + ":6:13: connections[0].run_as: the gateway runs as uid 65534, not root, "
                + "and cannot switch to user 'daemon' (start it as root, or as daemon)"), err);
    }

    /**
     * ~ is the run_as user's home, where its commands run with HOME: a rule on ~/secret* met "cat ~/secret.txt" but not
     * "cat /home/agent/secret.txt" or "cat ~agent/secret.txt" (the guard took ~ as the gateway's home), nor
     * "cat ~/../agent/secret.txt" (a climb from ~ read from the root) or "cat ~/sec*" (a glob after ~ never expanded),
     * which printed the file, while the gateway's own $HOME/secret-x was denied; "cd; cut -d= -f2 .env"
     * printed a password, its .env looked for in the gateway's home. A real OS user (useradd) with a home two levels deep.
     */
    @Test
    void tildeIsTheRunAsUsersHome() throws Exception {
        String user = "hooph" + ProcessHandle.current().pid();
        Path home = dir.resolve("users").resolve(user);
        Files.createDirectories(home);
        assertEquals(0, new ProcessBuilder("useradd", "-M", "-d", home.toString(), "-s", "/usr/sbin/nologin", user).inheritIO().start().waitFor());
        try {
            Files.writeString(home.resolve("secret.txt"), "top-secret-text\n");
            Files.writeString(home.resolve(".env"), "DB_PASSWORD=Zq8veryS3cretvalue\n");
            assertEquals(0, new ProcessBuilder("chown", "-R", user + ":", home.toString()).inheritIO().start().waitFor());
            assumeUserCanReadHere(user);
            String config = CONFIG.replace("run_as: nobody", "run_as: " + user).replace("masking:\n  pii: { detectors: [email] }",
                    "masking:\n  pii: { detectors: [email, password_assignment] }").replace("rules: []",
                    "rules: [{ action: deny, match: { argv: [\"* ~/secret*\"] } }]");
            try (TestGateway gw = new TestGateway(dir.resolve("home"), config, Map.of("API_TOKEN", SECRET))) {
                for (String line : List.of("cat " + home + "/secret.txt", "cat ~" + user + "/secret.txt", "cat ~/secret.txt",
                        "cat $HOME/secret.txt", "cd; cat secret.txt", "cd; cat sec*", "cat ~/../" + user + "/secret.txt",
                        "cat ~/sec*", "cat ~" + user + "/secre?.txt")) {
                    var r = gw.hoop("exec", "shell", "--", line);
                    assertEquals(hoop.protocol.exec.ExecSession.EXIT_DENIED, r.exit(), line + ": " + r.out() + r.err());
                    assertFalse(r.out().contains("top-secret"), line);
                }
                var mine = gw.hoop("exec", "shell", "--", "cat " + System.getenv("HOME") + "/secret-x 2>/dev/null; echo ran");
                assertEquals("ran\n", mine.out(), mine.err());
                var env = gw.hoop("exec", "shell", "--", "cd; cut -d= -f2 .env");
                assertEquals("[PASSWORD_ASSIGNMENT]\n", env.out(), env.err());
            }
        } finally {
            new ProcessBuilder("userdel", user).inheritIO().start().waitFor();
        }
    }

    private static void assumeUserCanReadHere(String user) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--",
                "test", "-r", ".", "-a", "-x", ".").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(p.waitFor() == 0, user + " must be able to read the working directory");
    }

    /** hoop ARGS in a JVM of its own, as nobody, in state (its HOOP_HOME and working directory), output into log. */
    private Process hoopAsNobody(Path state, Path log, String... args) throws Exception {
        Path cp = dir.resolve("cp");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-cp", readableClasspath(cp), "hoop.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(state.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("HOOP_HOME", state.toString(), "HOME", state.toString(), "API_TOKEN", SECRET,
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        return pb.start();
    }

    /** run_as commands start where the gateway runs (here the module's directory): a checkout nobody cannot read is skipped. */
    private static void assumeNobodyCanReadHere() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", "--",
                "test", "-r", ".", "-a", "-x", ".").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "nobody must be able to read the working directory");
    }

    private static void chownNobody(Path p) throws Exception {
        Files.setAttribute(p, "unix:uid", 65534);
        Files.setAttribute(p, "unix:gid", 65534);
    }

    /** The test's classpath where nobody can read it (~/.m2 of root is not): each jar linked, each directory copied. */
    private static String readableClasspath(Path into) throws Exception {
        Files.createDirectories(into);
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            Path to = into.resolve((n++) + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> all = Files.walk(from)) {
                    for (Path p : all.toList()) {
                        Path t = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(t);
                        else Files.copy(p, t);
                    }
                }
            } else if (Files.isRegularFile(from)) {
                try {
                    Files.createLink(to, from);
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    Files.copy(from, to);
                }
            } else {
                continue;
            }
            out.add(to.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }
}
