package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password a file marks by its key only (DB_PASSWORD=..., "password": ..., a Secret's data), printed by a real tool
 * that cuts the key away (cut, awk, sed, grep -o, tr, jq, yq, a while-read loop), through `hoop exec` on the default
 * config as shipped: no detector could tell the bare value from any word, so hoop reads the files the command names
 * first and masks their keyed values wherever it prints them. Before, each of these printed the password. The keys,
 * the other values and unrelated output stay readable.
 */
class ExecKeyStrippedSecretsTest {
    static final String ENV_PW = "Hunter2Secret99";
    static final String JSON_PW = "J50nPassw0rdValue";
    static final String YAML_PW = "Yam1Passw0rdValue";
    static final String DATA = "dGxzLWtleS1ieXRlcw==";
    static final List<String> SECRETS = List.of(ENV_PW, JSON_PW, YAML_PW, DATA);

    @TempDir
    static Path dir;
    static TestGateway gw;
    static Path files;

    @BeforeAll
    static void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), DefaultDemoMaskingTest.defaults(), Map.of());
        files = Files.createDirectories(dir.resolve("app"));
        Files.writeString(files.resolve(".env"), "DB_HOST=db.internal\nDB_USER=app_rw\nDB_PASSWORD=" + ENV_PW + "\n");
        Files.writeString(files.resolve("conf.json"), "{\"db\": {\"user\": \"app_rw\", \"password\": \"" + JSON_PW + "\"}, \"port\": 5432}\n");
        Files.writeString(files.resolve("conf.yaml"), "db:\n  user: app_rw\n  password: " + YAML_PW + "\n");
        Files.writeString(files.resolve("secret.yaml"), "apiVersion: v1\ndata:\n  tls.key: " + DATA + "\nkind: Secret\nmetadata:\n  name: tls\n");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    String exec(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out() + r.err();
        String id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String replay = gw.hoop("replay", id).out();
        for (String secret : SECRETS) {
            assertFalse(shown.contains(secret), () -> secret + " shows for " + script + ":\n" + shown);
            assertFalse(replay.contains(secret), () -> secret + " is in the recording of " + script);
        }
        return shown;
    }

    @Test
    void keyStrippingToolsPrintTheMaskNotThePassword() throws Exception {
        String env = files.resolve(".env").toString();
        assertEquals("db.internal\napp_rw\n[PASSWORD_ASSIGNMENT]\n", exec("cut -d= -f2 " + env));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("grep PASSWORD " + env + " | cut -d= -f2"));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("awk -F= '/PASSWORD/{print $2}' " + env));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("sed -n 's/^DB_PASSWORD=//p' " + env));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("grep -o 'Hunter2[A-Za-z0-9]*' " + env));
        assertTrue(exec("tr = ' ' < " + env).contains("DB_PASSWORD [PASSWORD_ASSIGNMENT]\n"));
        assertTrue(exec("while IFS='=' read -r k v; do echo \"$v\"; done < " + env).contains("app_rw\n[PASSWORD_ASSIGNMENT]\n"));
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("cd " + files + " && cut -d= -f2 .env | tail -n1"));
        // Turned into a form hoop knows: masked as a secret all the same.
        assertFalse(exec("cut -d= -f2 " + env + " | tail -n1 | rev").contains(new StringBuilder(ENV_PW).reverse()));
    }

    @Test
    void aPasswordCutOverLinesIsMaskedPieceByPiece() throws Exception {
        // fold -w N and grep -o of fixed-width runs print the value in pieces, each shorter than the ten characters a
        // piece needs to be masked on its own line; joined, the lines spell it. Before, each of these printed the
        // password's pieces as they are (fold -w 8 .env: "D=Hunter", "2Secret9", "9").
        String env = files.resolve(".env").toString();
        for (String script : List.of("fold -w 8 " + env, "fold -w 9 " + env, "fold -w 12 " + env,
                "cut -d= -f2 " + env + " | fold -w 7", "grep -o '[A-Za-z0-9]\\{5\\}' " + env,
                "for w in 9 9; do fold -w $w " + env + "; sleep 0.3; done", "cut -d= -f2 " + env + " | rev | fold -w 7",
                "cut -d= -f2 " + env + " | fold -w 5 | tac")) {
            String shown = exec(script);
            List<String> lines = new java.util.ArrayList<>(List.of(shown.split("\n")));
            String joined = String.join("", lines);
            java.util.Collections.reverse(lines);
            String backwards = String.join("", lines);
            String reversed = new StringBuilder(ENV_PW).reverse().toString();
            for (int i = 0; i + 6 <= ENV_PW.length(); i++) {
                for (String piece : List.of(ENV_PW.substring(i, i + 6), reversed.substring(i, i + 6))) {
                    assertFalse(joined.contains(piece) || backwards.contains(piece),
                            script + " shows a piece of the password:\n" + shown);
                }
            }
            assertTrue(shown.contains("[SECRET]"), shown);
        }
        // Lines of one width with no known value in them stay as they are.
        Path plain = files.resolve("plain.txt");
        Files.writeString(plain, "ordinary words only, nothing to hide here at all\n".repeat(3));
        String folded = exec("fold -w 9 " + plain);
        assertFalse(folded.contains("["), folded);
        assertEquals(exec("cat " + plain).replace("\n", ""), folded.replace("\n", ""));
    }

    @Test
    void jqAndYqSelectingTheFieldPrintTheMask() throws Exception {
        assertEquals("[PASSWORD_ASSIGNMENT]\n", exec("jq -r .db.password " + files.resolve("conf.json")));
        assertEquals("app_rw\n[PASSWORD_ASSIGNMENT]\n", exec("jq -r '.db[]' " + files.resolve("conf.json")));
        assertTrue(exec("yq -r .db.password " + files.resolve("conf.yaml")).contains("[PASSWORD_ASSIGNMENT]"));
        assertTrue(exec("yq -r '.data[\"tls.key\"]' " + files.resolve("secret.yaml")).contains("[PASSWORD_ASSIGNMENT]"));
    }

    @Test
    void aSecretsValuesAskedForWithoutTheirKeysAreRefusedBeforeKubectlRuns() throws Exception {
        // Denied by the analysis, so no cluster is needed: kubectl (if installed) never runs.
        for (String script : List.of("kubectl get secret db -o jsonpath='{.data.password}' | base64 -d",
                "kubectl -n prod get secret db -o go-template='{{.data.password}}'",
                "kubectl get secret db -o json | jq -r .data.password")) {
            var r = gw.hoop("exec", "shell", "--", script);
            assertEquals(3, r.exit(), script + ": " + r.out() + r.err());
            assertTrue(r.err().contains("denied by shell-guard.unknown") && r.err().contains("-o yaml or -o json"), r.err());
        }
    }

    @Test
    void theKeysAndOtherValuesStayReadable() throws Exception {
        assertEquals("DB_HOST\nDB_USER\nDB_PASSWORD\n", exec("cut -d= -f1 " + files.resolve(".env")));
        assertEquals("5432\n", exec("jq .port " + files.resolve("conf.json")));
        assertEquals("app_rw\n", exec("yq -r .db.user " + files.resolve("conf.yaml")));
    }
}
