package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hoop exec` on output decorated for a terminal by real tools (grep --color=always, jq -C, printf of control
 * and invisible characters, pauses between writes): what the terminal shows must not hold a secret, and
 * neither must the recording.
 */
class ExecTerminalOutputTest {
    static final String SECRET = "s3cr3t-Api-T0ken-998877";
    static final String E = "\u001B";
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                env: { API_TOKEN: "${env:API_TOKEN}" }
                policies: [open]
                masking: [pii]
            policies:
              open: { default: allow, unknown: allow }
            masking:
              pii:
                detectors: [email, credit_card, aws_access_key, password_assignment, url_password, private_key]
            """);

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of("API_TOKEN", SECRET));
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** Roughly what a terminal shows: CSI and OSC sequences removed. */
    static String shown(String s) {
        return s.replaceAll("\u001B\\[[0-9;:?]*[ -/]*[@-~]", "").replaceAll("\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)", "");
    }

    TestGateway.Run exec(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    /** The recording is checked where the secret is not in the script (the command is recorded as typed). */
    void assertHidden(TestGateway.Run r, String... pieces) {
        for (String p : pieces) {
            assertFalse(r.out().contains(p) || shown(r.out()).contains(p), () -> p + " shown in " + r.out().replace(E, "\\e"));
        }
    }

    @Test
    void grepColourSplittingAnAssignmentOrAKey() throws Exception {
        var r = exec("printf 'db password=hunter2\\nid AKIAIOSFODNN7EXAMPLE\\nplain line\\n'"
                + " | grep --color=always -e password -e IOSF -e plain");
        assertHidden(r, "hunter2", "ODNN7EXAMPLE");
        assertEquals("db password=[PASSWORD_ASSIGNMENT]\nid [AWS_ACCESS_KEY]\nplain line\n", shown(r.out()));
        assertTrue(r.out().contains(E + "[01;31m" + E + "[Kplain" + E + "[m" + E + "[K line"), "benign colours stay: " + r.out());
    }

    @Test
    void jqColouredJson() throws Exception {
        var r = exec("echo '{\"password\":\"hunter2\",\"mail\":\"alice@example.com\",\"dsn\":\"postgres://app:Pw0rd9@db/x\"}' | jq -C .");
        assertHidden(r, "hunter2", "alice", "Pw0rd9");
        assertTrue(r.out().contains(E + "["), "still coloured: " + r.out());
    }

    @Test
    void invisibleCharactersAndBackspacesInsideTokens() throws Exception {
        var r = exec("printf 'mail alice\\342\\200\\213@example.com\\nkey AKIAIOSF_\\bODNN7EXAMPLE\\n"
                + "card 4111\\302\\2551111\\3421111\\3431111 x\\n'");  // ZWSP, soft hyphen, invalid UTF-8 bytes
        assertHidden(r, "alice", "ODNN7EXAMPLE", "1111");
    }

    @Test
    void sessionSecretSplitByColour() throws Exception {
        var r = exec("printf '%s\\033[1m%s\\033[0m\\n' \"${API_TOKEN:0:8}\" \"${API_TOKEN:8}\"");
        assertHidden(r, SECRET.substring(8), SECRET.substring(0, 8));
        assertFalse(TestDb.contains(gw, SECRET.substring(8)), "recorded");
    }

    @Test
    void secretInAWindowTitleOrHyperlink() throws Exception {
        var r = exec("printf '\\033]0;deploy password=hunter2\\007$ \\033]8;;https://ci.example.net/?token=abc123def\\033\\\\"
                + "log\\033]8;;\\033\\\\ done\\n'");
        assertHidden(r, "hunter2", "abc123def");
        assertTrue(r.out().endsWith("\u0007$ " + E + "]8;;https://ci.example.net/?token=[PASSWORD_ASSIGNMENT]" + E + "\\log"
                + E + "]8;;" + E + "\\ done\n"), r.out());
    }

    @Test
    void pausesBetweenColouredWrites() throws Exception {
        var r = exec("printf 'id AKIA\\033[1m'; sleep 0.4; printf 'IOSFODNN7EXAMPLE\\033[0m\\n';"
                + " printf '\\033[1mpassword:\\033[0m '; sleep 0.4; printf 'hunter2\\n'");
        assertHidden(r, "IOSFODNN7EXAMPLE", "hunter2");
        assertTrue(shown(r.out()).contains("password: [PASSWORD_ASSIGNMENT]"), r.out());
    }

    @Test
    void backspaceAfterAPauseCompletesASecretOnScreen() throws Exception {
        var r = exec("printf 'mail alice@exa '; sleep 0.4; printf '\\bmple.com done\\n'");
        assertFalse(r.out().contains("mple.com"), r.out());
        assertEquals("mail alice@exa [EMAIL] done\n", r.out());
    }

    /** OSC 52 puts base64 data on the user's clipboard (tmux, vim, yank scripts): a secret in it must not get there. */
    @Test
    void clipboardSetThroughOsc52() throws Exception {
        var r = exec("printf '\\033]52;c;%s\\a' \"$(printf 'db password=hunter2' | base64)\"; echo copied");
        String data = java.util.Base64.getEncoder().encodeToString("db password=hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(r.out().contains(data), r.out());
        assertEquals(E + "]52;c;[PASSWORD_ASSIGNMENT]\u0007copied\n", r.out());
    }

    /**
     * stdout and stderr share one screen: a key or part of a secret shown on one and completed on the other after
     * a pause reads as one secret (bash's read -p and many scripts put their prompts on stderr).
     */
    @Test
    void secretCompletedOnTheOtherStream() throws Exception {
        var r = exec("printf 'DB password: ' >&2; sleep 0.4; printf 'hunter2\\n'; sleep 0.2;"
                + " printf 'mail alice@exa '; sleep 0.4; printf '\\bmple.com\\n' >&2");
        assertFalse(r.out().contains("hunter2") || r.err().contains("hunter2"), r.out() + r.err());
        assertFalse(r.out().contains("mple.com") || r.err().contains("mple.com"), r.out() + r.err());
        assertTrue(r.err().startsWith("DB password: "), r.err());
    }

    @Test
    void secretContinuedOnStderrAfterStdoutClosed() throws Exception {
        var r = exec("printf 'id AKIAIOSF'; exec 1>&-; sleep 0.4; printf 'ODNN7EXAMPLE\\n' >&2");
        assertFalse(r.err().contains("ODNN7EXAMPLE"), r.out() + r.err());
    }

    /**
     * A key written partly on each stream, with pauses between: the part one stream held back (it may begin a secret)
     * was shown on its own once that stream ended or the other wrote the rest, so stdout and stderr together showed
     * the whole key (AKIAIOSF on one, ODNN7EXAMPLE on the other). Now the stream writing on takes the held part and
     * masks the key whole; output whose words do not run across the streams stays on its own stream. Each write is
     * followed by a pause: the two pipes are read by two threads, so writes without one reach hoop in either order.
     */
    @Test
    void aKeySplitBetweenTheStreamsShowsOnNeither() throws Exception {
        for (String line : java.util.List.of("printf 'id AKIAIOSF'; sleep 0.3; printf 'ODNN7EXAMPLE\\n' >&2",
                "printf 'id AKIAIOSF' >&2; sleep 0.3; printf 'ODNN7EXAMPLE\\n'",
                "printf 'id AKIAIOSF'; exec 1>&-; sleep 0.4; printf 'ODNN7EXAMPLE\\n' >&2",
                "printf 'key: AKIA' >&2; sleep 0.2; printf 'IOSF'; sleep 0.2; printf 'ODNN7EXAMPLE\\n' >&2")) {
            var r = exec(line);
            String both = r.out() + r.err();
            assertFalse(both.contains("IOSF") || both.contains("ODNN7"), line + " -> out: " + r.out() + " err: " + r.err());
            assertTrue(both.contains("[AWS_ACCESS_KEY]"), line + " -> " + both);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
            String replay = gw.hoop("replay", id).out();
            assertFalse(replay.replace(line, "").contains("IOSF"), replay);
        }
        var r = exec("printf 'data'; sleep 0.3; echo warn >&2; printf 'more'");
        assertEquals("datamore", r.out());
        assertEquals("warn\n", r.err());
    }

    /** grep --color=always on a key file colours its header; the key's lines arrive one by one, with pauses. */
    @Test
    void privateKeyFoundByGrepWithColour() throws Exception {
        Path key = dir.resolve("id_rsa");
        java.nio.file.Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7yq8example0\n"
                + "Qm9ndXMga2V5IG1hdGVyaWFs\n-----END RSA PRIVATE KEY-----\n");
        var r = exec("grep --color=always -A3 'PRIVATE KEY' " + key
                + " | while IFS= read -r l; do printf '%s\\n' \"$l\"; sleep 0.15; done; echo after");
        assertHidden(r, "MIIEpAIBAAKCAQEA", "Qm9ndXMga2V5");
        assertTrue(shown(r.out()).contains("[PRIVATE_KEY]") && r.out().endsWith("after\n"), r.out());
    }

    /** ls --color: masking a coloured name must leave the colour sequences whole. */
    @Test
    void colouredNameFromLs() throws Exception {
        var r = exec("mkdir -p " + dir.resolve("d/alice@example.com") + " && LS_COLORS='di=01;34' ls --color=always " + dir.resolve("d"));
        assertEquals(E + "[0m" + E + "[01;34m[EMAIL]" + E + "[0m\n", r.out());
    }

    /** A pause inside a secret must not show its start, even with an invisible character before the blank. */
    @Test
    void pauseInsideACardAfterASoftHyphen() throws Exception {
        var r = exec("printf 'card 4111 1111 1111\\302\\255 '; sleep 0.4; printf '1111 ok\\n'");
        assertEquals("card [CREDIT_CARD] ok\n", r.out());
    }

    /**
     * A write that goes back up to a row an earlier write showed and completes a key there (progress displays
     * redraw this way); bash's printf writes line by line, and a pause makes the rows separate chunks for sure.
     */
    @Test
    void cursorUpCompletesAKeyOnTheRowAbove() throws Exception {
        var r = exec("printf 'key AKIAIOSF\\nnext row\\n'; sleep 0.3; printf '\\033[2A\\033[12CODNN7EXAMPLE\\n\\n'");
        assertFalse(r.out().contains("ODNN7EXAMPLE"), r.out());
    }
}
