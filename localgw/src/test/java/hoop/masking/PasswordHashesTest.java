package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The password_hash detector with the default pii profile's detectors around it: each stored form is masked and the
 * layout around it (a shadow line's other fields, an htpasswd user, a Django or LDAP scheme) stays readable, and what
 * shares a form's characters without being one (shell variables, prices, digests, Java class names) is left alone.
 */
class PasswordHashesTest {
    static final List<String> PII = List.of("email", "credit_card", "iban", "ssn", "aws_access_key", "aws_secret_key",
            "github_token", "slack_token", "stripe_key", "api_token", "password_hash", "jwt", "private_key", "password_assignment",
            "url_password");
    private static final Masker MASKER = Masker.create(MaskingRules.of(PII, Map.of(), List.of(), Style.REDACT), new byte[0], List.of());
    static final String SHA512 = "$6$zZZ0xfV0gEbkQTqv$Hy.EmRfpWv6hR/knrAabIRgWybvqX5KpwdGRudwyzezerrYK632CHh6RA2MQJQkwsLfiu6uqCGwcp/91md/Qe.";
    static final String BCRYPT = "$2b$12$7tEoByshaftrkmufmoqKpOcaS/b/mgI9359DqJ/rbsvVjZ2UnijWC";

    private static void masked(String text, String expected) {
        assertEquals(expected, MASKER.mask(text));
    }

    private static void readable(String text) {
        assertEquals(text, MASKER.mask(text));
    }

    @Test
    void shadowAndHtpasswdLinesKeepTheirOtherFields() {
        masked("root:" + SHA512 + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:!:19000::::::\n",
                "root:[PASSWORD_HASH]:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:!:19000::::::\n");
        masked("bob:$y$j9T$abcdefgh$UGYCVcUwcoG0k8SZZ.Uz3i0RYQNy1YmYj4I4poBPer2:19500:0:99999:7:::",
                "bob:[PASSWORD_HASH]:19500:0:99999:7:::");
        masked("alice:$gy$j9T$abcdefgh$UGYCVcUwcoG0k8SZZ.Uz3i0RYQNy1YmYj4I4poBPer2:19500::::::", "alice:[PASSWORD_HASH]:19500::::::");
        masked("admin:$apr1$FVmQVviV$RqT7FRfy6uIu45qvqDBT1.\nops:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=\nci:" + BCRYPT.replace("2b", "2y") + "\n",
                "admin:[PASSWORD_HASH]\nops:{SHA}[PASSWORD_HASH]\nci:[PASSWORD_HASH]\n");
        masked("legacy:$1$MB3G1u1a$FUJUmlnyR9fnSxw3FMssL.", "legacy:[PASSWORD_HASH]");
        masked("x:$5$rounds=80000$Ra9PSNBurwC3BLL0$rAxONTfQEHnllO8uOVkydoB1ioPsmoSvEfhM2LXgATA:1", "x:[PASSWORD_HASH]:1");
        masked("s:$7$CU..../....2Tb6hQ2p1rlGgh2dufoK7o0F81k9kl7r9e9EGGGBg$0Zw9cwXBAHfx6IqoiZzJoL25a5KDbfAB2uBqJ5MhGE.", "s:[PASSWORD_HASH]");
        masked("nt:$3$$8846f7eaee8fb117ad06bdd830b7586c", "nt:[PASSWORD_HASH]");
        masked("sun:$md5,rounds=904$Vd3f8vSd$$Ga5NFqZsMRaKyRVLFQ.sbd", "sun:[PASSWORD_HASH]");
        masked("netbsd:$sha1$21773$C9dcR5ss$1NDr/LfNsLd0dwnbxOMIfjlKa3w.", "netbsd:[PASSWORD_HASH]");
    }

    @Test
    void databaseVerifiersAreMaskedWhole() {
        masked(" app_rw  | SCRAM-SHA-256$4096:Ei5qiVnH6mL8tlWzYMhkaA==$Bx0ix2VQqkIg3yKJ+rSRr46MzYX4/sS3j5OQ+vE/o1M=:aGcCrZxQH3YyX8w4p4VKiJbWkKKKTOdy5XkKu+7W1eM=\n",
                " app_rw  | [PASSWORD_HASH]\n");
        masked(" app_md5 | md5a3556571e93b0d20722ba62be61e8c2d\n", " app_md5 | [PASSWORD_HASH]\n");
        masked("| root | localhost | *6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9 |", "| root | localhost | [PASSWORD_HASH] |");
    }

    @Test
    void applicationHashesKeepTheirAlgorithmReadable() {
        masked("1|alice|pbkdf2_sha256$600000$Qm9ndXNTYWx0$ZXhhbXBsZWhhc2hleGFtcGxlaGFzaGV4YW1wbGU=|t",
                "1|alice|pbkdf2_sha256$[PASSWORD_HASH]|t");
        masked("2|bob|sha1$a1b2c$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c", "2|bob|sha1$[PASSWORD_HASH]");
        masked("3|eve|unsalted_md5$$5f4dcc3b5aa765d61d8327deb882cf99", "3|eve|unsalted_md5$$[PASSWORD_HASH]");
        masked("pbkdf2:sha256:600000$aB3dE5fG7hI9jK1l$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                "pbkdf2:sha256:600000$[PASSWORD_HASH]");
        masked("scrypt:32768:8:1$aB3dE5fG7hI9jK1l$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                "scrypt:32768:8:1$[PASSWORD_HASH]");
        masked("{\"hash\": \"" + BCRYPT + "\"}", "{\"hash\": \"[PASSWORD_HASH]\"}");
        masked("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQxMjM$RdescudvJCsgt3ub+b+dWRWJTmaaJObGX1 ok", "[PASSWORD_HASH] ok");
        masked("$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E", "[PASSWORD_HASH]");
        masked("$pbkdf2-sha256$29000$N2ZMqTVmLAWAkNLaWyvlvA$fN0F1jjNuiDaLvPDkj8Ooh1zuKS0VcBbExeD7y1mfxY", "[PASSWORD_HASH]");
        masked("wp_users: $P$BpQ8bFq0rTcA3Kd9m1nVxWyZ5eQfGh. drupal: $S$DxVn7wubSRzoK9X2pkGx4njeDRkLEgdqPphc2ZXkkb8viBoRdB0l",
                "wp_users: [PASSWORD_HASH] drupal: [PASSWORD_HASH]");
    }

    @Test
    void escapedDollarsAndSchemesInConfigFiles() {
        // docker-compose doubles '$' in labels (Traefik basic auth); a shell or PHP string escapes it.
        masked("    labels: [\"traefik.http.middlewares.gate.basic.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/\"]",
                "    labels: [\"traefik.http.middlewares.gate.basic.users=admin:[PASSWORD_HASH]\"]");
        masked("ADMIN_HASH=\"\\$2y\\$10\\$7tEoByshaftrkmufmoqKpOcaS/b/mgI9359DqJ/rbsvVjZ2UnijWC\"", "ADMIN_HASH=\"[PASSWORD_HASH]\"");
        masked("userPassword: {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\nuid: bob", "userPassword: {SSHA}[PASSWORD_HASH]\nuid: bob");
        masked("userPassword: {CRYPT}" + SHA512, "userPassword: {CRYPT}[PASSWORD_HASH]");
        masked("bob:{PLAIN}hunter2:1000:1000::/home/bob", "bob:{PLAIN}[PASSWORD_HASH]:1000:1000::/home/bob");
        masked("u:{ssha512}W6ph5Mm5Pz8GgiULbPgzG37mj9gW6ph5Mm5Pz8GgiULbPgzG37mj9g=", "u:{ssha512}[PASSWORD_HASH]");
    }

    @Test
    void whatOnlySharesTheirCharactersStaysReadable() {
        readable("echo $PATH $HOME $1 $2 \"$@\" ${USER}");
        readable("costs $5.00, $6 or $1,200");
        readable("awk '{print $1$2$3}' | sort");
        readable("d41d8cd98f00b204e9800998ecf8427e  empty.txt");
        readable("commit 9fceb02d0ae598e95dc970b74767f19372d61af8");
        readable("* item one\n* item two\n**bold** and a*b");
        readable("\tat com.example.Outer$1$Inner.run(Outer.java:42)\n\tat com.example.Outer$Worker$1.call(Outer.java:7)");
        readable("md5: d41d8cd98f00b204e9800998ecf8427e");
        readable("use the {SHA} or {SSHA} scheme; {CRYPT} needs glibc");
        readable("$6$short$abc and $2b$12$tooShort");
        readable("Outer$$Lambda$123/0x0000000800c0b440");
        readable("ETag: \"9FCEB02D0AE598E95DC970B74767F19372D61AF8\"");
        readable("{name} {x} {PLAIN} {sha} template");
    }
}
