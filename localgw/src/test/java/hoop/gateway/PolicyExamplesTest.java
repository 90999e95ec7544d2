package hoop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hoop.config.ConfigLoader;
import hoop.config.ConnectionConfig;
import hoop.config.HoopConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.core.Session;
import hoop.masking.Masker;
import hoop.masking.MaskingRules;
import hoop.policy.CommandClassifier;
import hoop.policy.PolicyEngine;
import hoop.policy.SqlCommandClassifier;
import hoop.policy.aws.AwsClassifier;
import hoop.protocol.exec.ExecArgv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Loads every file in policies-examples/ and asserts each `# expect:` line it documents. */
class PolicyExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "policies-examples");

    @TestFactory
    Stream<DynamicTest> everyExampleBehavesAsDocumented() throws IOException {
        List<Path> files;
        List<Path> json;
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            List<Path> all = s.filter(Files::isRegularFile).sorted().toList();
            files = all.stream().filter(p -> p.toString().endsWith(".yaml")).toList();
            json = all.stream().filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertFalse(files.isEmpty(), "no examples found in " + EXAMPLES.toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        // A session policy (aws) is loaded by the example that names it; none lies unused.
        for (Path j : json) {
            tests.add(DynamicTest.dynamicTest(EXAMPLES.relativize(j) + " is a session policy an example uses", () -> {
                var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j.toFile());
                assertEquals("2012-10-17", doc.path("Version").asText(), j.toString());
                assertFalse(doc.path("Statement").isEmpty(), j + " has no Statement");
                String name = j.getFileName().toString();
                assertFalse(files.stream().noneMatch(y -> y.getParent().equals(j.getParent()) && read(y).contains("session_policy: " + name)),
                        "no example in " + j.getParent() + " names " + name);
            }));
        }
        for (Path f : files) {
            HoopConfig cfg = ConfigLoader.load(f, Map.of());
            Connections.validate(cfg);
            ConnectionConfig conn = cfg.connections().get(0);
            PolicyEngine engine = PolicyEngine.build(conn.policies().stream().map(cfg.policies()::get).toList());
            MaskingRules rules = conn.masking().stream().map(m -> MaskingFactory.rules(cfg.masking().get(m)))
                    .reduce(MaskingRules::plus).orElse(null);
            List<String> lines = Files.readAllLines(f);
            int expectations = 0;
            for (String line : lines) {
                if (line.startsWith("# expect:")) {
                    String rest = line.substring("# expect:".length()).strip();
                    String action = rest.split("\\s+", 2)[0];
                    String script = rest.substring(action.length()).strip();
                    tests.add(DynamicTest.dynamicTest(EXAMPLES.relativize(f) + ": " + action + " " + script,
                            () -> assertEquals(action, decide(engine, conn, script), script)));
                    expectations++;
                } else if (line.startsWith("# expect-mask:")) {
                    String[] parts = line.substring("# expect-mask:".length()).strip().split(" => ", 2);
                    Masker masker = Masker.create(rules, new byte[32], cfg.secrets());
                    tests.add(DynamicTest.dynamicTest(f.getFileName() + ": mask " + parts[0],
                            () -> assertEquals(parts[1], masker.mask(parts[0]))));
                    expectations++;
                }
            }
            int count = expectations;
            tests.add(DynamicTest.dynamicTest(f.getFileName() + " documents its behaviour",
                    () -> assertFalse(count == 0, f + " has no # expect lines")));
        }
        return tests.stream();
    }

    static String decide(PolicyEngine engine, ConnectionConfig conn, String script) {
        Session s = new Session("test", conn.name(), conn.type(), new Identity("tester", null, List.of(), "local"), Instant.now());
        Decision d;
        if (conn.type().equals("postgres")) {
            d = engine.decide(new Command(s, script, List.of()), SqlCommandClassifier.classify(script));
        } else if (conn.type().equals("aws")) {
            // Either the aws CLI's words (hoop exec) or a call as the proxy names it: "s3:DeleteBucket ARN...".
            List<String> words = List.of(script.split("\\s+"));
            List<String> argv = words.get(0).contains(":") ? words : ExecArgv.argv(conn.command(), words);
            // As the gateway classifies: resources named by name get the connection's region and its role's account.
            var scope = hoop.core.aws.AwsResources.Scope.of(conn.aws().jit().roleArn(), conn.aws().region());
            d = engine.decide(new Command(s, script, argv), AwsClassifier.classify(argv, script, hoop.config.HoopHome.fromEnv(System.getenv()).dir(), scope));
        } else {
            List<String> argv = ExecArgv.argv(conn.command(), List.of(script));
            Command cmd = new Command(s, ExecArgv.text(conn.command(), List.of(script)), argv);
            d = engine.decide(cmd, CommandClassifier.classify(argv));
        }
        return switch (d) {
            case Decision.Allow a -> a.flagged() ? "flag" : "allow";
            case Decision.Review r -> "review";
            case Decision.Deny x -> "deny";
        };
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
