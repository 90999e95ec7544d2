package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command connection with run_as runs its commands with that user's HOME, so ~ in a rule is that home. The guard took
 * ~ as the gateway's: "cat /home/agent/secret.txt" met no rule on ~/secret* (while the gateway's own /root/secret.txt
 * did) and "cd; cat x" was judged in the gateway's home. The home used here is two levels deep under a temporary
 * directory, like /home/agent, with real files for the globs to find.
 */
class RunAsHomeJudgingTest {
    @TempDir
    static Path tmp;
    static String home;

    static final PolicyEngine ENGINE = ProgramFileRuleTest.policy("default: allow\nunknown: deny",
            "{ name: secret, action: deny, match: { argv: [\"* ~/notes/secret*\"] } }",
            "{ name: shadow, action: deny, match: { argv: [\"* /etc/shadow*\"] } }");

    @BeforeAll
    static void aHome() throws Exception {
        Path h = tmp.resolve("home/agent");
        Files.createDirectories(h.resolve("notes"));
        Files.writeString(h.resolve("notes/secret.txt"), "x");
        Files.writeString(h.resolve("notes/public.txt"), "x");
        home = h.toString();
    }

    static String decide(String script, String runHome) {
        Session s = new Session("t", "shell", "command", new Identity("tester", null, List.of(), "local"), Instant.now());
        List<String> argv = List.of("bash", "-c", script);
        return switch (ENGINE.decide(new Command(s, script, argv), CommandClassifier.classify(argv, runHome))) {
            case Decision.Allow a -> "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    @Test
    void everySpellingOfAPathInTheRunAsUsersHomeIsThatHome() {
        for (String line : List.of(home + "/notes/secret.txt", "~/notes/secret.txt", "$HOME/notes/secret.txt",
                "${HOME}/notes/secret.txt", home + "/notes/../notes/secret.txt")) {
            assertEquals("deny", decide("cat " + line, home), line);
        }
        for (String line : List.of("cd; cat notes/secret.txt", "cd ~/notes && cat secret.txt", "cd; cat notes/sec*",
                "cd " + home + "; cat notes/secret.txt", "env -C ~ cat notes/secret.txt", "tar cf - " + tmp.resolve("home"),
                "grep -r x ~", "cd; cd notes; cat *")) {
            assertEquals("deny", decide(line, home), line);
        }
    }

    /**
     * bash expands ~ before it climbs or globs: "~/../agent/x" from a home two levels deep was read from the root
     * (/agent/x), and "~/notes/sec*" was not expanded at all (its glob was looked for under a directory named ~), so
     * neither met the rule; true of the gateway's own home too, whatever its depth.
     */
    @Test
    void aClimbOrAGlobFromTildeIsReadFromThatHome() {
        for (String line : List.of("~/../agent/notes/secret.txt", "~/../../home/agent/notes/secret.txt", "~/notes/sec*",
                "~/no?es/secret.txt", "~/*/secret.txt", "-- ~/notes/[s]ecret.txt")) {
            assertEquals("deny", decide("cat " + line, home), line);
        }
        assertEquals("deny", decide("cd " + home + "/notes; cat ~+/sec*", home));
        assertEquals("deny", decide("cd /tmp; cd " + home + "/notes; cd /; cat ~-/sec*", home));
        assertEquals("allow", decide("cat ~/notes/pub*", home));
    }

    /**
     * A HOME of / (a container's root, systemd-network, a run_as user without a home of its own) was taken as no home:
     * "cd; cat etc/shadow" and "cat ~/etc/shadow" read /etc/shadow unjudged (printed it on a real gateway run with HOME=/).
     */
    @Test
    void theRootIsAHomeToo() {
        for (String line : List.of("cd; cat etc/shadow", "cat ~/etc/shadow", "cat $HOME/etc/shadow", "cd ~; cat etc/sha*",
                "env -C ~ cat etc/shadow", "cat ~/tmp/../etc/shadow")) {
            assertEquals("deny", decide(line, "/"), line);
        }
        assertEquals("allow", decide("cd; cat etc/hostname", "/"));
        assertEquals("allow", decide("cat /notes/secret.txt", "/")); // no path is folded into ~ for a home of /
    }

    @Test
    void theGatewaysHomeIsNotTheRunAsUsersHome() {
        String gateway = "/root".equals(home) ? "/home/gw" : "/root";
        assertEquals("allow", decide("cat " + gateway + "/notes/secret.txt", home));
        assertEquals("allow", decide("cat ~/notes/public.txt", home));
        assertEquals("allow", decide("cd; cat notes/public.txt", home));
        // the same line run with the gateway's home is judged there
        assertEquals("deny", decide("cat " + gateway + "/notes/secret.txt", gateway));
        assertEquals("allow", decide("cat " + home + "/notes/secret.txt", gateway));
    }
}
