package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `hoop gateway` on a file it must refuse: exit 2 and one line naming file:line:column, the field and the problem,
 * never an exception's name, a stack trace, or a gateway that starts and then fails ("address already in use").
 */
class GatewayBadConfigTest {
    private static final String GW = "gateway: { listen: 127.0.0.1:0 }\n";
    private static final String SHELL = """
            connections:
              - name: sh
                type: command
                command: [bash, -c]
                policies: [p]
            """;
    private static final String REVIEW = """
            policies:
              p:
                rules:
                  - action: review
                    match: { kind: write }
            """;
    private static final String PG = """
              - name: db
                type: postgres
                listen: 127.0.0.1:26432
                upstream: { host: 127.0.0.1, user: u }
            """;
    private static final String AWS = """
              - name: a
                type: aws
                region: us-east-1
                credentials: { access_key_id: '${env:AK}', secret_access_key: '${env:SK}' }
                jit: { role_arn: 'arn:aws:iam::123456789012:role/r', resources: ['arn:aws:s3:::bkt'] }
            """;

    static Stream<Arguments> refused() {
        return Stream.of(
                // numbers past what a duration holds: NumberFormatException / ArithmeticException escaped unlocated
                Arguments.of(GW + SHELL + REVIEW + "        timeout: 99999999999999999999s\n", 12,
                        "policies.p.rules[0].timeout", "expected a duration like 30s"),
                Arguments.of(GW + SHELL + REVIEW + "        timeout: 999999999999999d\n", 12,
                        "policies.p.rules[0].timeout", "expected a duration like 30s"),
                Arguments.of(GW + "connections:\n" + PG + "    auth_timeout: 99999999999999999999999m\n", 7,
                        "connections[0].auth_timeout", "expected a duration like 30s"),
                // a review that times out the moment it is asked, or a window that grants nothing
                Arguments.of(GW + SHELL + REVIEW + "        timeout: 0s\n", 12, "policies.p.rules[0].timeout", "must be above zero"),
                Arguments.of(GW + SHELL + REVIEW + "        window: 0ms\n", 12, "policies.p.rules[0].window", "must be above zero"),
                // an empty list item or map value: NullPointerException
                Arguments.of(GW + SHELL + REVIEW + "masking:\n  m:\n    detectors: [email, ~]\n", 14,
                        "masking.m.detectors[1]", "empty value"),
                Arguments.of(GW + SHELL + "    env: { LANG: }\n" + REVIEW, 7, "connections[0].env.LANG", "empty value"),
                Arguments.of(GW + SHELL.replace("policies: [p]", "policies: [p, ~]") + REVIEW, 6,
                        "connections[0].policies[1]", "empty value"),
                // a path no file can have: InvalidPathException
                Arguments.of(GW + SHELL.replace("[bash, -c]", "[bash, \"${file:a\\0b}\"]") + REVIEW, 5,
                        "connections[0].command[1]", "not a file path"),
                Arguments.of(GW + "connections:\n" + AWS.replace("resources: ['arn:aws:s3:::bkt']", "session_policy: \"p\\0.json\""), 7,
                        "connections[0].jit.session_policy", "not a file path"),
                // a reference with a typo was taken as the literal value: here an access key id "${env:AK"
                Arguments.of(GW + "connections:\n" + AWS.replace("'${env:AK}'", "'${env:AK'"), 6,
                        "connections[0].credentials.access_key_id", "malformed reference '${env:AK'"),
                Arguments.of(GW + "connections:\n" + AWS.replace("'${env:SK}'", "'${ENV:SK}'"), 6,
                        "connections[0].credentials.secret_access_key", "malformed reference '${ENV:SK}'"),
                // anything but true/false read as false, then "host is missing" for an embedded upstream
                Arguments.of(GW + "connections:\n" + PG.replace("{ host: 127.0.0.1, user: u }", "{ embedded: yes }"), 6,
                        "connections[0].upstream.embedded", "expected true or false"),
                Arguments.of(GW + "connections:\n" + PG.replace("host: 127.0.0.1", "host: ''"), 6,
                        "connections[0].upstream.host", "must not be empty"),
                // an alias was read as its anchor's name: this second rule denied only a command called "danger"
                Arguments.of(GW + SHELL + """
                        policies:
                          p:
                            rules:
                              - { action: review, match: { argv: &danger ["rm *", "shutdown *"] } }
                              - { action: deny, match: { argv: *danger, users: [bot] } }
                        """, 11, "policies.p.rules[1].match.argv", "YAML aliases (*danger) are not supported"),
                // a URL without a host was accepted, and failed at each notification, login or forwarded call
                Arguments.of(GW + SHELL + REVIEW + "notify: { webhook: 'http:hooks' }\n", 12, "notify.webhook", "no host in 'http:hooks'"),
                Arguments.of(GW + "identity: { mode: oidc, issuer: 'https:///realms/x', audience: hoop }\n", 2, "identity.issuer",
                        "no host in 'https:///realms/x'"),
                Arguments.of(GW + "connections:\n" + AWS + "    endpoint: 'http:/s3'\n", 8, "connections[0].endpoint", "expected an http(s) URL"),
                // two listeners on one port: "address already in use (is another hoop gateway running?)" at start
                Arguments.of(GW + "connections:\n" + PG + PG.replace("name: db", "name: db2"), 9,
                        "connections[1].listen", "port 26432 is already taken by connection db (line 5, 127.0.0.1:26432)"),
                Arguments.of(GW + "connections:\n" + PG + AWS + "    listen: 0.0.0.0:26432\n", 12,
                        "connections[1].listen", "port 26432 is already taken by connection db"),
                Arguments.of("connections:\n" + PG.replace("26432", "8009"), 4,
                        "connections[0].listen", "port 8009 is already taken by gateway.listen (the default 127.0.0.1:8009)"),
                // a misspelt type was reported as the first field the command type lacks: "unknown field 'listen'"
                Arguments.of(GW + "connections:\n" + PG.replace("type: postgres", "type: postgre"), 4, "connections[0].type",
                        "unknown connection type 'postgre' (expected one of"),
                // a rule's match was named by the rule ("p.rule1.match.kind"), not by where it is in the file
                Arguments.of(GW + SHELL + REVIEW.replace("kind: write", "kind: [writes]"), 11, "policies.p.rules[0].match.kind",
                        "unknown kind 'writes'"),
                Arguments.of(GW + SHELL + REVIEW.replace("kind: write", "text: '(unclosed'"), 11, "policies.p.rules[0].match.text",
                        "invalid regex '(unclosed'"),
                // run_as names the OS user commands run as: one that does not exist would fail each command instead
                Arguments.of(GW + SHELL.replace("policies: [p]", "run_as: no-such-hoop-user\n    policies: [p]") + REVIEW, 6,
                        "connections[0].run_as", "unknown user 'no-such-hoop-user'"),
                Arguments.of(GW + SHELL.replace("policies: [p]", "run_as: '-u root'\n    policies: [p]") + REVIEW, 6,
                        "connections[0].run_as", "invalid user name '-u root'"),
                Arguments.of(GW + "connections:\n" + PG + "    run_as: nobody\n", 7, "connections[0].run_as", "unknown field 'run_as'"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithOneLocatedLine(String yaml, int line, String field, String problem, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, yaml);
        assertRefused(dir, file, line, field, problem);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void configCheckRefusesWhatTheGatewayRefuses(String yaml, int line, String field, String problem, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, yaml);
        TestGateway.Run r = TestGateway.cli(env(dir), "--config", file.toString(), "config", "check");
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(file + ":" + line + ":"), r.err());
    }

    /** Invalid YAML: SnakeYAML's message spans lines, with an excerpt and a caret; the error is the one line it ends in. */
    static Stream<Arguments> invalidYaml() {
        return Stream.of(
                Arguments.of(GW + "policies: {}\n}\n", "3:1: invalid YAML: expected <block end>, but found '}' (while parsing a block mapping)"),
                Arguments.of(GW + "policies:\n\tp: {}\n", "3:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. "
                        + "(Do not use \\t(TAB) for indentation) (while scanning for the next token)"),
                Arguments.of("gateway: { listen: \"127.0.0.1:0 }\n", "2:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"));
    }

    @ParameterizedTest
    @MethodSource("invalidYaml")
    void invalidYamlIsOneLineAtTheProblem(String yaml, String expected, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, yaml);
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("hoop: invalid configuration: " + file + ":" + expected, r.err().strip());
    }

    /** Jackson reads the first document only: connections after a "---" were dropped and the gateway ran without them. */
    @org.junit.jupiter.api.Test
    void aSecondDocumentIsRefusedNotDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, "---\n" + GW + "---\n" + SHELL.replace("    policies: [p]\n", ""));
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("hoop: invalid configuration: " + file + ":4:1: a second YAML document: hoop.yaml is one document (remove the ---)",
                r.err().strip());
        Files.writeString(file, "---\n" + GW + "---\n");  // a trailing empty document holds nothing to drop
        assertEquals(ExitCodes.OK, TestGateway.cli(env(dir), "--config", file.toString(), "config", "check").exit());
    }

    @org.junit.jupiter.api.Test
    void bytesThatAreNotUtf8AreLocated(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        byte[] head = (GW + "connections:\n  - name: sh\n    type: command\n    command: [bash, \"caf").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"]\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9; // é in Latin-1
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Files.write(file, all);
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("hoop: invalid configuration: " + file + ":5:25: not UTF-8 text (byte 0xE9)", r.err().strip());
    }

    @org.junit.jupiter.api.Test
    void aProfileThatGivesNoCredentialIsAConfigErrorNotTheSdksException(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, GW + "connections:\n" + AWS.replace(
                "{ access_key_id: '${env:AK}', secret_access_key: '${env:SK}' }", "{ profile: hoop-test-no-such-profile }"));
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("hoop: invalid configuration: " + file + ":3:"), err);
        assertTrue(err.contains(": connections[0].credentials.profile: AWS profile 'hoop-test-no-such-profile' gives no credentials"), err);
        assertFalse(err.contains("Exception") || err.contains("\n"), err);
    }

    @org.junit.jupiter.api.Test
    void aListenHostThatDoesNotResolveIsSaidSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hoop.yaml");
        Files.writeString(file, GW + "connections:\n" + PG.replace("127.0.0.1:26432", "no-such-host.invalid:0"));
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.FAILURE, r.exit(), r.out() + r.err());
        assertEquals("hoop: cannot listen: host does not resolve (no-such-host.invalid:0) (change gateway.listen or the connection's "
                + "listen in " + file + ")", r.err().strip());
    }

    private static void assertRefused(Path dir, Path file, int line, String field, String problem) {
        TestGateway.Run r = run(dir, file);
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        String prefix = "hoop: invalid configuration: " + file + ":" + line + ":";
        assertTrue(err.startsWith(prefix), "expected " + prefix + "... got " + err);
        assertTrue(err.contains(": " + field + ": "), "field " + field + " in " + err);
        assertTrue(err.contains(problem), "'" + problem + "' in " + err);
        assertFalse(r.out().contains("listening"), r.out());
    }

    /** A file the gateway wrongly accepts would run it until stopped: the test gives up instead of hanging. */
    private static TestGateway.Run run(Path dir, Path file) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> TestGateway.cli(env(dir), "--config", file.toString(), "gateway"));
    }

    private static Map<String, String> env(Path dir) {
        return Map.of("HOOP_HOME", dir.resolve("home").toString(), "HOME", dir.toString(),
                "AK", "AKIAIOSFODNN7EXAMPLE", "SK", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }
}
