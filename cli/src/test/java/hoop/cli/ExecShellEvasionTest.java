package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spellings of a denied command that bash runs while the line's analysis saw something else: each goes through
 * `hoop exec` to a real bash, and what it would have done (a deleted directory, a pushed branch) is checked.
 */
class ExecShellEvasionTest {
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                policies: [guard]
            policies:
              guard:
                default: allow
                unknown: deny
                rules:
                  - { name: destructive, action: deny, match: { argv: ["rm -rf *", "* /etc/shadow*"] } }
                  - { name: push, action: deny, match: { argv: ["git push*"] } }
            """);

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /**
     * Options and subcommands computed when the line runs: a command substitution, a variable read from input or set
     * by a loop, a function body run after a later assignment, an array, what xargs appends. Each was judged by the
     * words as written (rm with no options, git with no subcommand), and bash ran rm -rf / git push.
     */
    @Test
    void argumentsComputedAtRunTimeMeetTheRuleOnTheirProgram() throws Exception {
        for (String line : List.of("rm $(echo -rf) VICTIM", "o=$(printf -- -rf); rm \"$o\" VICTIM",
                "read o <<< -rf; rm $o VICTIM", "for o in -x -rf; do rm $o VICTIM; done 2>/dev/null",
                "f(){ rm $o VICTIM; }; o=-rf; f", "o=(-rf VICTIM); rm \"${o[@]}\"", "echo -rf | xargs rm VICTIM",
                "echo -r; rm $_ -f VICTIM", "o=x-rf; rm ${o#x} VICTIM")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
    }

    @Test
    void aSubcommandComputedAtRunTimeMeetsTheRuleOnIt() throws Exception {
        Path bare = dir.resolve("bare.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x");
        for (String line : List.of("git $(echo push) -q BARE main", "echo push -q BARE main | xargs git")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line.replace("BARE", bare.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.push"), line + " -> " + r.err());
            assertTrue(Files.notExists(bare.resolve("refs/heads/main")), "pushed: " + line);
        }
    }

    /** Ordinary lines that compute arguments still run: the computed words cannot be what the rules name. */
    @Test
    void ordinaryComputedArgumentsStillRun() throws Exception {
        Path f = Files.writeString(dir.resolve("a.tmp"), "x");
        var r = gw.hoop("exec", "shell", "--", "for f in " + dir + "/*.tmp; do rm -f \"$f\"; done; echo $(echo done)"
                + " | xargs echo; git --version | xargs echo >/dev/null");
        assertEquals(0, r.exit(), r.err());
        assertEquals("done\n", r.out());
        assertTrue(Files.notExists(f));
    }

    static void git(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}
