package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hoop.masking.Masker;
import hoop.masking.MaskingRules;
import hoop.masking.Style;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values hoop learns from the files a command reads, to mask them where the command prints them without their key:
 * only those a detector finds by their key, each with what that detector puts for it; FIFOs and devices are not opened,
 * trees are walked within bounds.
 */
class ReadFileSecretsTest {
    static final Masker PII = Masker.create(MaskingRules.of(List.of("email", "aws_access_key", "aws_secret_key", "jwt", "private_key",
            "password_assignment", "url_password", "api_token", "password_hash"), Map.of(), List.of(), Style.REDACT), new byte[0], List.of());

    @TempDir
    Path dir;

    @Test
    void valuesMarkedByTheirKeysInEnvJsonYamlAndUrlsAreLearnedWithTheirDetectorsReplacement() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "DB_USER=app\nDB_PASSWORD=Hunter2Secret99\nMAIL=alice@example.com\n");
        Path json = Files.writeString(dir.resolve("conf.json"), "{\"db\": {\"user\": \"app\", \"password\": \"J50nPassw0rd!\"}}\n");
        Path yaml = Files.writeString(dir.resolve("secret.yaml"), "apiVersion: v1\ndata:\n  tls.key: bXlLZXlCeXRlcw==\nkind: Secret\n");
        Path url = Files.writeString(dir.resolve("db.url"), "postgres://app:Ur1Passw0rd@db:5432/app\n");
        Map<String, String> learned = ReadFileSecrets.in(List.of(env.toString(), json.toString(), yaml.toString(), url.toString()), PII, null);
        assertEquals("[PASSWORD_ASSIGNMENT]", learned.get("Hunter2Secret99"), learned.toString());
        assertEquals("[PASSWORD_ASSIGNMENT]", learned.get("J50nPassw0rd!"), learned.toString());
        assertEquals("[PASSWORD_ASSIGNMENT]", learned.get("bXlLZXlCeXRlcw=="), learned.toString());
        assertTrue(learned.containsKey("Ur1Passw0rd"), learned.toString());
        // An e-mail is found by its look wherever it is printed; a user name is no secret.
        assertFalse(learned.containsKey("alice@example.com"), learned.toString());
        assertFalse(learned.containsKey("app"), learned.toString());
        // And masked so where a command prints them bare.
        Masker m = PII.withKnownValues(List.of(), learned);
        assertEquals("app\n[PASSWORD_ASSIGNMENT]\n", m.mask("app\nHunter2Secret99\n"));
        assertEquals("DB_PASSWORD=[PASSWORD_ASSIGNMENT]", m.mask("DB_PASSWORD=Hunter2Secret99"));
    }

    @Test
    void wordsTheFileAlsoShowsWithoutAKeyAndCodeAreNotLearned() throws Exception {
        Path code = Files.writeString(dir.resolve("Client.java"), """
                class Client {
                    String header() { return "Bearer " + token; }
                    String auth = "Bearer";
                    String password = issuer.token();
                    String template = "${env:DB_PW}";
                    static final String PASSWORD = "C0deSecretValue";
                }
                """);
        Map<String, String> learned = ReadFileSecrets.in(List.of(code.toString()), PII, null);
        assertFalse(learned.containsKey("Bearer"), learned.toString());
        assertFalse(learned.keySet().stream().anyMatch(ReadFileSecrets::codeLike), learned.toString());
        assertTrue(learned.containsKey("C0deSecretValue"), learned.toString());
    }

    @Test
    void aTreeIsWalkedAndAHomePathIsReadInHome() throws Exception {
        Path deep = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(deep.resolve("settings.ini"), "[db]\npassword = TreeS3cretValue\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        Map<String, String> learned = ReadFileSecrets.in(List.of(dir.resolve("a").toString(), "~/.aws/credentials"), PII, home.toString());
        assertTrue(learned.containsKey("TreeS3cretValue"), learned.toString());
        assertTrue(learned.containsKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), learned.toString());
    }

    @Test
    void aGzipOrZipFileIsReadForWhatItHolds() throws Exception {
        Path gz = dir.resolve(".env.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("DB_PASSWORD=Gz1ppedSecretValue\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertTrue(ReadFileSecrets.in(List.of(gz.toString()), PII, null).containsKey("Gz1ppedSecretValue"));
        Path zip = dir.resolve("backup.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("notes.txt"));
            out.write("nothing here\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.putNextEntry(new java.util.zip.ZipEntry("app/.env"));
            out.write("API_TOKEN=Z1ppedMemberSecret\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertTrue(ReadFileSecrets.in(List.of(zip.toString()), PII, null).containsKey("Z1ppedMemberSecret"));
    }

    @Test
    void aFifoIsNotOpenedAndShortOrManyValuesAreBounded() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        StringBuilder many = new StringBuilder("password=test\n");  // too short to be masked in every word it is part of
        for (int i = 0; i < 1000; i++) many.append("password=ManyValues").append(i).append("x\n");
        Path lots = Files.writeString(dir.resolve("lots.env"), many);
        // Opening the FIFO would wait for a writer forever, /proc and /sys hold files that block or cost: this returns.
        Map<String, String> learned = ReadFileSecrets.in(List.of(fifo.toString(), lots.toString(), "/dev/zero", "/proc", "/sys/kernel"), PII, null);
        assertFalse(learned.containsKey("test"), learned.toString());
        assertEquals(ReadFileSecrets.MAX_VALUES, learned.size());
    }
}
