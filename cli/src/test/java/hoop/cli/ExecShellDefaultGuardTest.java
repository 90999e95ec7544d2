package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.config.DefaultConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped shell-guard policy, as the default configuration writes it, through `hoop exec` to a real bash: lines
 * that ran before and destroyed a file or printed a secret are denied and leave the file as it was, and their harmless
 * neighbours still run.
 */
class ExecShellDefaultGuardTest {
    @TempDir
    Path dir;
    TestGateway gw;

    /** The default configuration's shell-guard policy, under a command connection alone (no demo database). */
    static String config() {
        String text = DefaultConfig.text();
        int from = text.indexOf("  shell-guard:");
        int to = text.indexOf("\n  sql-guard:");
        return TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [shell-guard] }
                policies:
                """ + text.substring(from, to) + "\n");
    }

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), config(), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private void denied(String line, String rule) {
        var r = gw.hoop("exec", "shell", "--", line);
        assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
        assertTrue(r.err().contains("shell-guard." + rule), line + " -> " + r.err());
    }

    /**
     * Programs naming the file they write by an operand or option, reading nothing (dd of= from an empty standard
     * input, uniq's and xxd's output operand, openssl -out), and archivers removing what they stored into /dev/null:
     * each emptied or removed the file through hoop exec on the defaults.
     */
    @Test
    void filesEmptiedThroughAnOperandOrMovedIntoNothingAreDenied() throws Exception {
        Path file = dir.resolve("kept.txt");
        for (String line : List.of("dd of=FILE status=none < /dev/null", ": | dd of=FILE status=none", "uniq /dev/null FILE",
                ": | uniq - FILE", "xxd /dev/null FILE", "openssl base64 -in /dev/null -out FILE",
                "tar -cf /dev/null --remove-files FILE", "zip -qm /dev/null FILE",
                "tar -cf - --remove-files FILE > /dev/null", "tar -c --remove-files FILE >/dev/null 2>&1")) {
            Files.writeString(file, "precious\n");
            denied(line.replace("FILE", file.toString()), "destructive");
            assertEquals("precious\n", Files.readString(file), "emptied: " + line);
        }
        Path out = dir.resolve("out.txt");
        for (String line : List.of("uniq FILE OUT", "dd if=FILE of=OUT status=none", "echo precious | dd of=OUT status=none",
                "xxd -r /dev/null OUT")) {
            Files.writeString(out, "precious\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("FILE", file.toString()).replace("OUT", out.toString()));
            assertEquals(0, r.exit(), line + " -> " + r.err());
            assertEquals("precious\n", Files.readString(out), line);
        }
        var moved = gw.hoop("exec", "shell", "--", "cd " + dir + " && tar -cf kept.tar --remove-files kept.txt && tar -xf kept.tar"
                + " && cat kept.txt");
        assertEquals("precious\n", moved.out(), moved.err());
    }

    /** A file URL with the local host, and an ssh key under the working directory or a service account's home. */
    @Test
    void secretsReadThroughAFileUrlOrARelativeKeyPathAreDenied() throws Exception {
        Path home = dir.resolve("svc");
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "not a real key\n");
        Files.writeString(home.resolve(".ssh/config"), "Host x\n");
        for (String line : List.of("curl -s file://localhost/etc/shadow", "curl -s FILE:///etc/shadow",
                "curl -s 'file:///etc/%73hadow'", "cd " + home + " && cat .ssh/id_ed25519", "base64 " + home + "/.ssh/id_ed25519")) {
            denied(line, "system-secrets");
        }
        var ok = gw.hoop("exec", "shell", "--", "cd " + home + " && cat .ssh/config && curl -s file://localhost" + home
                + "/.ssh/config");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("Host x\nHost x\n", ok.out(), ok.err());
    }

    /** /proc/PID/root is / whatever names the process: /proc/$$/root/etc/shadow printed the file before. */
    @Test
    void theRootOfAProcessTheShellNamesIsTheRoot() throws Exception {
        for (String line : List.of("cat /proc/$$/root/etc/shadow", "cat /proc/$BASHPID/root/etc/shadow",
                "head -1 /proc/*/root/etc/shadow", "cd $(dirname /etc/x) && head -1 shadow", "cd /proc/$$/root/etc && cat shadow")) {
            denied(line, "system-secrets");
        }
        var ok = gw.hoop("exec", "shell", "--", "cat /proc/$$/root/etc/hostname > /dev/null && grep -c . /proc/$$/status > /dev/null"
                + " && echo ok");
        assertEquals("ok\n", ok.out(), ok.err());
    }

    /** The shadow database as getent prints it: "getent shadow" printed every password hash before. */
    @Test
    void theShadowDatabaseAsGetentPrintsItIsDenied() throws Exception {
        for (String line : List.of("getent shadow", "getent -s files shadow root", "getent gshadow")) {
            denied(line, "system-secrets");
        }
        var ok = gw.hoop("exec", "shell", "--", "getent passwd root | cut -d: -f1");
        assertEquals("root\n", ok.out(), ok.err());
    }

    /** Relative paths read in the directory git -C or unshare -w moved to: both printed /etc/shadow before. */
    @Test
    void aDirectoryAProgramChangesToIsWhereItsPathsAreJudged() throws Exception {
        for (String line : List.of("git -C /etc diff --no-index /dev/null shadow", "unshare -w /etc cat shadow")) {
            denied(line, "system-secrets");
        }
        Files.writeString(dir.resolve("notes.txt"), "hello\n");
        var ok = gw.hoop("exec", "shell", "--", "git -C " + dir + " diff --no-index /dev/null notes.txt | tail -1");
        assertEquals("+hello\n", ok.out(), ok.err());
    }
}
