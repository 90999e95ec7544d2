package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password hashes in files an agent reads with the default config's shell (its shell-guard refuses /etc/shadow itself,
 * not a copy of it): a shadow file, an .htpasswd, a docker-compose file with Traefik's basic-auth users, an LDIF. The
 * crypt(3) hashes are made by the real `openssl passwd`; the rest are fixed in the formats their tools write. Before
 * password_hash, `cat` showed and recorded every one of them.
 */
class ExecPasswordHashesTest {
    @TempDir
    Path dir;

    static String openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "passwd"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out;
    }

    @Test
    void catOfShadowHtpasswdAndComposeFilesShowsTheirLayoutButNoHash() throws Exception {
        String sha512 = openssl("-6", "-salt", "Qv9xR2mT8kL4pZ1w", "root-Pa55");
        String sha256 = openssl("-5", "-salt", "Ra9PSNBurwC3BLL0", "deploy-Pa55");
        String md5crypt = openssl("-1", "-salt", "MB3G1u1a", "legacy-Pa55");
        String apr1 = openssl("-apr1", "-salt", "FVmQVviV", "web-Pa55");
        String yescrypt = "$y$j9T$abcdefgh$UGYCVcUwcoG0k8SZZ.Uz3i0RYQNy1YmYj4I4poBPer2";
        String bcrypt = "$2y$10$7tEoByshaftrkmufmoqKpOcaS/b/mgI9359DqJ/rbsvVjZ2UnijWC";
        String sha = "{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=";
        String ssha = "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=";
        String traefik = openssl("-apr1", "-salt", "H6uskkkW", "traefik-Pa55").replace("$", "$$");
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("shadow.bak"), "root:" + sha512 + ":19000:0:99999:7:::\n"
                + "daemon:*:19000:0:99999:7:::\nnobody:!:19000::::::\ndeploy:" + sha256 + ":19001:0:99999:7:::\n"
                + "legacy:" + md5crypt + ":18000::::::\nbob:" + yescrypt + ":19500:0:99999:7:::\n");
        Files.writeString(files.resolve(".htpasswd"), "web:" + apr1 + "\nops:" + sha + "\nci:" + bcrypt + "\n");
        Files.writeString(files.resolve("docker-compose.yml"), "services:\n  proxy:\n    labels:\n"
                + "      - \"traefik.http.middlewares.gate.basic.users=admin:" + traefik + "\"\n");
        Files.writeString(files.resolve("users.ldif"), "dn: uid=bob,ou=people,dc=example,dc=com\nuid: bob\nuserPassword: " + ssha + "\n");
        Files.writeString(files.resolve("notes.sh"), "echo \"$PATH\" $1 costs $5.00\nawk '{print $1$2}'\n");
        try (TestGateway gw = new TestGateway(dir.resolve("home"), DefaultDemoMaskingTest.defaults(), Map.of())) {
            // a list of sums, printed by cat: md5sum's own output would be a stand-in (a digest of what may be masked)
            Files.writeString(files.resolve("sums.txt"), md5(Files.readAllBytes(files.resolve("notes.sh"))) + "  notes.sh\n");
            var r = gw.hoop("exec", "shell", "--", "cd " + files + " && cat shadow.bak .htpasswd docker-compose.yml users.ldif notes.sh"
                    + " sums.txt");
            assertEquals(0, r.exit(), r.err());
            String shown = r.out();
            assertTrue(shown.contains("root:[PASSWORD_HASH]:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:!:19000::::::\n"
                    + "deploy:[PASSWORD_HASH]:19001:0:99999:7:::\nlegacy:[PASSWORD_HASH]:18000::::::\nbob:[PASSWORD_HASH]:19500:0:99999:7:::\n"), shown);
            assertTrue(shown.contains("web:[PASSWORD_HASH]\nops:{SHA}[PASSWORD_HASH]\nci:[PASSWORD_HASH]\n"), shown);
            assertTrue(shown.contains("basic.users=admin:[PASSWORD_HASH]\""), shown);
            assertTrue(shown.contains("uid: bob\nuserPassword: {SSHA}[PASSWORD_HASH]\n"), shown);
            // Neighbours: shell variables, prices, awk fields and a bare digest in a list of sums stay as they are.
            String digest = md5(Files.readAllBytes(files.resolve("notes.sh")));
            assertTrue(shown.contains("echo \"$PATH\" $1 costs $5.00\nawk '{print $1$2}'\n" + digest + "  notes.sh\n"), shown);
            String id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
            String replay = gw.hoop("replay", id).out();
            for (String h : List.of(sha512, sha256, md5crypt, apr1, yescrypt, bcrypt, sha, ssha, traefik)) {
                String body = h.substring(h.length() - 20);
                assertFalse(shown.contains(body) || r.err().contains(body), () -> h + " was shown: " + shown);
                assertFalse(replay.contains(body), () -> h + " was recorded: " + replay);
                assertFalse(TestDb.contains(gw, body), () -> h + " is in the database");
            }
        }
    }

    private static String md5(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
    }
}
