package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data lost by spellings the destroys-data flag missed: sed -i scripts that keep nothing of a file's text, a branch
 * replaced by a forced rename, unreachable commits pruned now, and a push forced by configuration given on git's
 * command line. Each goes through `hoop exec` to a real bash and git; what it would have destroyed is checked.
 */
class ExecHistoryLossTest {
    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                      - { name: destructive, action: deny, match: { flags: [destroys-data] } }
                """), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void sedScriptsKeepingNothingAreDenied() throws Exception {
        Path file = dir.resolve("notes.txt");
        for (String line : List.of("sed -i '/./d' F", "sed -i -E '/.+/d' F", "sed -i '/^$/!d' F", "sed -i 's/.*//' F",
                "sed -i 's/.//g' F", "sed -i '$!d' F")) {
            Files.writeString(file, "precious\nvery\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("F", file.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("precious\nvery\n", Files.readString(file), "emptied: " + line);
        }
        var edit = gw.hoop("exec", "shell", "--", "sed -i -e 's/precious/kept/' -e '/^#/d' " + file + " && cat " + file);
        assertEquals("kept\nvery\n", edit.out(), edit.err());
    }

    @Test
    void branchesAndCommitsNoOtherRefKeepsStay() throws Exception {
        Path bare = dir.resolve("bare.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        for (String[] step : new String[][] {{"commit", "-q", "--allow-empty", "-m", "a"}, {"remote", "add", "origin", bare.toString()},
                {"push", "-q", "origin", "main"}, {"checkout", "-q", "-b", "topic"}, {"commit", "-q", "--allow-empty", "-m", "t"},
                {"checkout", "-q", "--orphan", "other"}, {"commit", "-q", "--allow-empty", "-m", "o"},
                {"commit", "-q", "--allow-empty", "-m", "lost"}, {"reset", "-q", "--hard", "HEAD~1"},
                {"reflog", "expire", "--expire=now", "--all"}, {"checkout", "-q", "main"}}) {
            git(work, step);
        }
        String lost = gitOut(dir, "-C", work.toString(), "fsck", "--unreachable", "--no-reflogs").trim();
        assertTrue(lost.startsWith("unreachable commit "), lost);
        String sha = lost.split("\\s+")[2];
        for (String line : List.of("git branch -M other topic", "git branch -C other topic", "git gc -q --prune=now",
                "git -c gc.pruneExpire=now gc -q", "git prune", "git -c remote.origin.push=+other:main push -q origin",
                "git -c remote.origin.mirror=true push -q origin")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
        }
        var kept = gw.hoop("exec", "shell", "--", "cd " + work + " && git log -1 --format=%s topic && git cat-file -t " + sha
                + " && git -C " + bare + " log -1 --format=%s main && git gc -q && git branch -m other renamed && git branch --list renamed");
        assertEquals("t\ncommit\na\n  renamed\n", kept.out(), kept.err());
    }

    @Test
    void checkoutOfPathsWithoutDashesIsDenied() throws Exception {
        // "git checkout REV PATH" and "git checkout ./PATH" overwrite the file's uncommitted changes as "git checkout --
        // PATH" does; before, only the "--" spelling was denied and these ran, the edit lost.
        Path work = dir.resolve("repo");
        git(dir, "init", "-q", "-b", "main", work.toString());
        Files.writeString(work.resolve("a.txt"), "committed\n");
        git(work, "add", "a.txt");
        git(work, "commit", "-q", "-m", "a");
        Files.writeString(work.resolve("a.txt"), "committed\nuncommitted edit\n");
        for (String line : List.of("git checkout HEAD a.txt", "git checkout main a.txt", "git checkout -q HEAD~0 a.txt",
                "git checkout ./a.txt", "git checkout -b topic main a.txt")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("committed\nuncommitted edit\n", Files.readString(work.resolve("a.txt")), "discarded: " + line);
        }
        // Switching branches keeps the edit and runs.
        var ok = gw.hoop("exec", "shell", "--", "cd " + work + " && git checkout -q -b topic main && git checkout -q main"
                + " && git checkout -q -B other HEAD && git checkout -q - && git branch --show-current");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("main\n", ok.out(), ok.err());
        assertEquals("committed\nuncommitted edit\n", Files.readString(work.resolve("a.txt")));
    }

    @Test
    void checkoutOfABareNameThatIsAFileAndNoBranchIsDenied() throws Exception {
        // "git checkout a.txt" checks the file out from the index when no branch or tag has that name: it ran and the
        // edit was lost. A branch of the name wins over a file of it (loose or packed), so that still switches.
        Path work = dir.resolve("bare");
        git(dir, "init", "-q", "-b", "main", work.toString());
        Files.createDirectories(work.resolve("sub"));
        for (String f : List.of("a.txt", "topic", "sub/b.txt")) Files.writeString(work.resolve(f), "committed\n");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "a");
        git(work, "branch", "topic");
        for (String f : List.of("a.txt", "topic", "sub/b.txt")) Files.writeString(work.resolve(f), "committed\nedit\n");
        for (String line : List.of("cd W && git checkout a.txt", "cd W && git checkout -q sub", "cd W/sub && git checkout b.txt",
                "git -C W checkout a.txt", "cd W; git checkout -- a.txt")) {
            var r = gw.hoop("exec", "shell", "--", line.replace("W", work.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
        }
        assertEquals("committed\nedit\n", Files.readString(work.resolve("a.txt")));
        assertEquals("committed\nedit\n", Files.readString(work.resolve("sub/b.txt")));
        git(work, "pack-refs", "--all");
        var ok = gw.hoop("exec", "shell", "--", "cd " + work + " && git checkout -q topic && git checkout -q main"
                + " && git checkout -q nosuch.txt 2>/dev/null; git branch --show-current");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("main\n", ok.out(), ok.err());
        assertEquals("committed\nedit\n", Files.readString(work.resolve("topic")));
    }

    @Test
    void aReverseApplyOfTheWorkingTreesDiffIsDenied() throws Exception {
        // "git diff | git apply -R" takes the uncommitted changes back out of the files as "git checkout -- ." does;
        // it ran and the edit was lost. Checking or reading a reverse patch still runs.
        Path work = dir.resolve("applied");
        git(dir, "init", "-q", "-b", "main", work.toString());
        Files.writeString(work.resolve("a.txt"), "committed\n");
        git(work, "add", "a.txt");
        git(work, "commit", "-q", "-m", "a");
        Files.writeString(work.resolve("a.txt"), "committed\nuncommitted edit\n");
        for (String line : List.of("git diff | git apply -R", "git diff > p.diff; git apply --reverse p.diff")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("committed\nuncommitted edit\n", Files.readString(work.resolve("a.txt")), "discarded: " + line);
        }
        var ok = gw.hoop("exec", "shell", "--", "cd " + work + " && git diff | git apply -R --check && echo applies");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("applies\n", ok.out(), ok.err());
    }

    private static void git(Path cwd, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-c", "user.name=t", "-c", "user.email=t@t"));
        all.addAll(List.of(args));
        ExecShellEvasionTest.git(cwd, all.toArray(String[]::new));
    }

    private static String gitOut(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
