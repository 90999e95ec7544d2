package hoop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project's script run by its path (./gradlew build) is unknown: it runs whatever the file holds. Its unknown part
 * carried no command, so no rule could name the file, and the only way to run it was to approve each run. A rule of
 * kind unknown naming the file by its path now judges it; only where hoop knows which file runs, and no other rule
 * meets the unknown part in a new way. Scripts run from the test's working directory, where the gateway would start
 * them.
 */
class ProgramFileRuleTest {
    static final String HERE = Path.of("").toAbsolutePath().toString();

    static String decide(PolicyEngine engine, String script) {
        Session s = new Session("t", "shell", "command", new Identity("tester", null, List.of(), "local"), Instant.now());
        List<String> argv = List.of("bash", "-c", script);
        return switch (engine.decide(new Command(s, script, argv), CommandClassifier.classify(argv))) {
            case Decision.Allow a -> a.flagged() ? "flag" : "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    static PolicyEngine policy(String defaults, String... rules) {
        return PerTableJudgingTest.engine(defaults + "\nrules:\n"
                + String.join("", java.util.Arrays.stream(rules).map(r -> "  - " + r + "\n").toList()));
    }

    static final PolicyEngine GRADLEW = policy("default: allow\nunknown: deny",
            "{ name: build, action: allow, match: { kind: [unknown], argv: [\"./gradlew *\"] } }",
            "{ name: rm, action: deny, match: { argv: [\"rm -rf *\"] } }");

    @Test
    void aRuleOfKindUnknownNamingTheFileAllowsIt() {
        for (String line : List.of("./gradlew build", "./gradlew", "./gradlew clean test --info", "'./gradlew' build",
                "./././gradlew build", "." + "//gradlew build", HERE + "/gradlew build", "time ./gradlew build",
                "./gradlew build && echo done", "./gradlew build | tee /dev/null", "(./gradlew build)",
                "X=1 ./gradlew build", "./gradlew build 2>&1", "./gradlew $(echo build)")) {
            assertEquals("allow", decide(GRADLEW, line), line);
        }
    }

    /** Only the file the rule names, where hoop knows it is the one that runs. */
    @Test
    void anotherFileOrOneHoopCannotPinDownStaysUnknown() {
        assertEquals("allow", decide(GRADLEW, "./gradlew build"));
        for (String line : List.of("../x/gradlew build", "sub/gradlew build", "/tmp/gradlew build", "~/gradlew build",
                "sub/../gradlew build", "cd /tmp && ./gradlew build", "cd /tmp; cd " + HERE + "; ./gradlew build",
                "./gradlew build; cd /tmp", "for i in 1 2; do ./gradlew build; cd /tmp; done",
                "f(){ ./gradlew build; }; cd /tmp; f", "(cd /tmp); ./gradlew build", "pushd /tmp; ./gradlew build",
                "bash ./gradlew build", "sh -c './gradlew build'", "bash -c \"./gradlew build\"", "env ./gradlew build",
                "sudo ./gradlew build", "exec ./gradlew build", "nice ./gradlew build", "xargs ./gradlew < /dev/null",
                "find . -maxdepth 0 -execdir ./gradlew build \\;", "ssh host ./gradlew build", "env -C /tmp ./gradlew build",
                "echo x > gradlew; ./gradlew build", "cp /bin/rm gradlew; ./gradlew -rf /x",
                "ln -sf /bin/rm gradlew && ./gradlew -rf /x", "./gradlew build > gradlew", "./gradlew build; mv x gradlew",
                "./gradlew build; eval \"$x\"", "./gradlew $(eval \"$x\")", "$CMD; ./gradlew build", "./gradlew build; ./other",
                "./gradlew build; rm -rf /x", "./gradlew build; if")) {
            assertEquals("deny", decide(GRADLEW, line), line);
        }
    }

    /**
     * The unknown part is judged by its command only by a rule naming kind unknown, and allowed only by the file's path:
     * a rule without a kind, of kind exec, naming the program by its name or its text meets it as before.
     */
    @Test
    void onlyAKindUnknownRuleWithThePathMeetsTheCommand() {
        assertEquals("allow", decide(GRADLEW, "./gradlew build"));
        for (String rule : List.of("{ action: allow, match: { argv: [\"./gradlew *\"] } }",
                "{ action: allow, match: { kind: [exec], argv: [\"./gradlew *\"] } }",
                "{ action: allow, match: { kind: [unknown], argv: [\"gradlew *\"] } }",
                "{ action: allow, match: { kind: [unknown], argv: [\"*\"] } }",
                "{ action: allow, match: { kind: [unknown], text: [\"gradlew\"] } }",
                "{ action: allow, match: { kind: [unknown], argv: [\"/elsewhere/gradlew *\"] } }",
                "{ action: allow, match: { kind: [unknown], argv: [\"./gradlew test*\"] } }",
                "{ action: flag, match: { argv: [\"*\"] } }")) {
            assertEquals("deny", decide(policy("default: allow\nunknown: deny", rule), "./gradlew build"), rule);
        }
        PolicyEngine absolute = policy("default: allow\nunknown: deny",
                "{ action: allow, match: { kind: [unknown], argv: [\"" + HERE + "/grad*w build\"] } }");
        assertEquals("allow", decide(absolute, "./gradlew build"));
        assertEquals("deny", decide(absolute, "./gradlew publish"));
    }

    /**
     * Review, flag and deny rules name the file too; review and flag, laxer than unknown: deny, only by its path and
     * words as written. With default deny one rule of both kinds runs it.
     */
    @Test
    void reviewDenyAndADefaultDenyPolicy() {
        PolicyEngine deploy = policy("default: allow\nunknown: deny",
                "{ action: review, match: { kind: [unknown], argv: [\"./scripts/deploy.sh *\"] } }");
        assertEquals("review", decide(deploy, "./scripts/deploy.sh prod"));
        assertEquals("deny", decide(deploy, "./scripts/other.sh prod"));
        assertEquals("deny", decide(deploy, "/tmp/scripts/deploy.sh prod"));
        PolicyEngine staging = policy("default: allow\nunknown: deny",
                "{ action: review, match: { kind: [unknown], argv: [\"./scripts/deploy.sh staging\"] } }",
                "{ action: flag, match: { kind: [unknown], argv: [\"./gradlew *\"] } }");
        assertEquals("review", decide(staging, "./scripts/deploy.sh staging"));
        assertEquals("deny", decide(staging, "./scripts/deploy.sh $(echo prod)"));
        assertEquals("flag", decide(staging, "./gradlew build"));
        assertEquals("deny", decide(staging, "/tmp/gradlew build"));
        PolicyEngine noPublish = policy("default: allow\nunknown: allow",
                "{ action: deny, match: { kind: [unknown], argv: [\"./gradlew publish*\"] } }");
        assertEquals("deny", decide(noPublish, "./gradlew publish"));
        assertEquals("allow", decide(noPublish, "./gradlew build"));
        PolicyEngine strict = policy("default: deny\nunknown: deny",
                "{ action: allow, match: { kind: [exec, unknown], argv: [\"./gradlew *\"] } }");
        assertEquals("allow", decide(strict, "./gradlew build"));
        assertEquals("deny", decide(strict, "./gradlew build; ls"));
    }
}
