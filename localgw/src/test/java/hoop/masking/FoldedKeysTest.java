package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldedKeysTest {
    static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    static final Masker KEYS = Masker.create(MaskingRules.of(List.of("aws_access_key", "aws_secret_key", "jwt", "github_token"),
            Map.of(), List.of(), Style.REDACT), new byte[0], List.of());
    static final NaiveMasker NAIVE = NaiveMasker.create(MaskingRules.of(List.of("aws_access_key", "aws_secret_key", "jwt", "github_token"),
            Map.of(), List.of(), Style.REDACT), new byte[0], List.of());

    /** PostgreSQL's initcap: the first letter of each run of letters and digits upper-cased, the rest lower-cased. */
    static String initcap(String s) {
        StringBuilder o = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            o.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c);
        }
        return o.toString();
    }

    @Test
    void keysLowerUpperOrInitcappedAreMaskedAsTheirDetectorsLabel() {
        Map<String, String> labels = Map.of(ACCESS, "[AWS_ACCESS_KEY]", SECRET, "[AWS_SECRET_KEY]", TOKEN, "[JWT]",
                "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A", "[GITHUB_TOKEN]");
        labels.forEach((key, label) -> {
            for (String folded : List.of(key.toLowerCase(), key.toUpperCase(), initcap(key))) {
                if (folded.equals(key) && !key.equals(ACCESS)) continue;
                assertEquals("key " + label + ".", KEYS.mask("key " + folded + "."), folded);
                assertEquals("key " + label + ".", NAIVE.mask("key " + folded + "."), folded);
                byte[] b = ("|" + folded + "|").getBytes(ISO_8859_1);
                assertEquals("|" + label + "|", new String(KEYS.mask(b, 0, b.length), ISO_8859_1), folded);
            }
        });
    }

    @Test
    void serviceTokensLowerOrUpperCasedAreMasked() {
        Masker tokens = Masker.create(MaskingRules.of(List.of("api_token"), Map.of(), List.of(), Style.REDACT), new byte[0], List.of());
        for (String key : List.of("AIzaSyD3x4mPl3K3yN0tR3aL0nlyF0rT3st1ngX", "sk-proj-Ab3dEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIj",
                "glpat-xY3zAbC9dEfGhIjK1mNo", "hf_Ab3dEfGhIjKlMnOpQrStUvWxYz01234567")) {
            for (String folded : List.of(key.toLowerCase(), initcap(key))) {
                assertEquals("key [API_TOKEN].", tokens.mask("key " + folded + "."), folded);
            }
        }
        String slug = "sk-learn-image-classification-pipeline-v2-final";
        assertEquals(slug, tokens.mask(slug));
    }

    @Test
    void textOfOneCaseThatIsNoKeyPasses() {
        for (String t : List.of("var/lib/postgresql/15/main/base/16384/1259", "customer_notes_archive_2024_final",
                "hello world this is a sentence", "d41d8cd98f00b204e9800998ecf8427e1234abcd", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "eyjafjallajokull-eruption.report", "thisisaverylongidentifiernamewithoutdigits")) {
            assertEquals(t, KEYS.mask(t), t);
            byte[] b = t.getBytes(ISO_8859_1);
            assertNull(KEYS.mask(b, 0, b.length), t);
        }
    }

    @Test
    void aFoldedKeySpelledOutACharacterAtATimeIsMaskedToo() {
        for (String spelled : List.of("a k i a i o s f o d n n 7 e x a m p l e", "{a,k,i,a,i,o,s,f,o,d,n,n,7,e,x,a,m,p,l,e}")) {
            String masked = KEYS.mask(spelled);
            assertEquals(false, masked.contains("o s f o d") || masked.contains("o,s,f,o,d"), masked);
        }
        String token = String.join(",", TOKEN.toLowerCase().split(""));
        assertEquals(false, KEYS.mask(token).contains("e,y,j,h,b,g"), KEYS.mask(token));
    }
}
