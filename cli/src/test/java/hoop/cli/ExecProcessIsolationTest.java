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
 * A command hoop runs must not reach the gateway's secrets through the OS: a gateway running as an ordinary user is
 * non-dumpable, so its commands (the same uid) cannot read its environment. Real gateways, real child processes.
 */
class ExecProcessIsolationTest {
    static final String SECRET = "Upstr3am-Passw0rd-5531";
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
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
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "starting a gateway as nobody needs root");
        // nobody reaches the gateway's state and classpath under it: JUnit's temporary directory is 0700.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Without run_as a command is the gateway's own user: a gateway started as nobody held its upstream password in a
     * /proc/PID/environ its commands could read (grep -c printed 1). It is non-dumpable now, so that file is root's.
     */
    @Test
    void aGatewayRunningAsAnOrdinaryUserKeepsItsEnvironmentFromItsCommands() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("hoop.yaml"), CONFIG);
        chownNobody(state);
        chownNobody(state.resolve("hoop.yaml"));
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-cp", readableClasspath(dir.resolve("cp")), "hoop.cli.Main", "gateway"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(state.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(Map.of("HOOP_HOME", state.toString(), "HOME", state.toString(), "API_TOKEN", SECRET,
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        Process gateway = pb.start();
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
