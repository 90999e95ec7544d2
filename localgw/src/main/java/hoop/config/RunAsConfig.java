package hoop.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import hoop.core.RunAs;
import java.util.concurrent.TimeUnit;

/** Reads run_as: the user must exist, the gateway must be able to switch to it, and it must be able to use the working directory. */
final class RunAsConfig {
    private RunAsConfig() {}

    static RunAs resolve(YamlNode node, String user) {
        if (!user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?")) throw node.error("invalid user name '" + user + "'");
        // getent asks NSS as login does: users from LDAP or sssd are found too, not only /etc/passwd's.
        String entry = run(node, "getent", "passwd", user);
        String[] f = entry == null ? new String[0] : entry.strip().split(":", -1);
        // A name, or a uid (getent answers both; the entry's name is what the child's USER says).
        if (f.length < 7 || !f[0].equals(user) && !f[2].equals(user)) throw node.error("unknown user '" + user + "' (no such OS user on this machine)");
        user = f[0];
        int uid = Integer.parseInt(f[2]);
        int gid = Integer.parseInt(f[3]);
        int self = ownUid(node);
        if (uid == self) return new RunAs(user, uid, gid, f[5], null);
        if (self != 0) {
            throw node.error("the gateway runs as uid " + self + ", not root, and cannot switch to user '" + user
                    + "' (start it as root, or as " + user + ")");
        }
        String setpriv = onPath("setpriv");
        if (setpriv == null) throw node.error("run_as needs setpriv (util-linux), found nowhere on PATH");
        RunAs runAs = new RunAs(user, uid, gid, f[5], setpriv);
        // Commands start where the gateway runs (the shell guard resolves relative paths from there): the user must be
        // able to enter and list it, or every relative path would fail in ways the guard did not judge.
        String cwd = Path.of("").toAbsolutePath().toString();
        if (run(node, runAs.wrap(java.util.List.of("test", "-r", cwd, "-a", "-x", cwd)).toArray(String[]::new)) == null) {
            throw node.error("user '" + user + "' cannot read the working directory " + cwd
                    + " that commands start in (start the gateway from a directory " + user + " can read)");
        }
        return runAs;
    }

    /** The command's stdout when it exits 0, else null. */
    private static String run(YamlNode node, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Waited for before reading: a stuck NSS backend (LDAP not answering) would block a read for ever. One
            // passwd entry fits the pipe's buffer, so the child never waits for the read either.
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw node.error(argv[0] + " did not answer in 10s");
            }
            byte[] out = p.getInputStream().readAllBytes();
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw node.error("cannot check run_as: " + argv[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw node.error("interrupted while checking run_as");
        }
    }

    /** The gateway's uid: the owner of a file it creates (the JDK has no other public way to ask). */
    private static int ownUid(YamlNode node) {
        try {
            Path probe = Files.createTempFile("hoop-uid", null);
            try {
                return (Integer) Files.getAttribute(probe, "unix:uid");
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw node.error("run_as is supported on Linux only (cannot tell the gateway's uid: " + e.getMessage() + ")");
        }
    }

    private static String onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
