package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A record a stream must hold until it is decided, when it is large: a Kubernetes Secret as kubectl prints it (data
 * before kind) runs to a megabyte. Streamed in small pieces (a pipe, a slow producer) it is held whole and masked, the
 * work stays linear in its size, and one past the hold cap fails closed.
 */
class LargeHeldRecordsTest {
    private static final Pattern SHOWN_VALUE = Pattern.compile("\"key[0-9]+\": \"[A-Za-z0-9+/=]{8,}");

    /** kubectl get secret -o json of a Secret with {@code keys} data entries of ~60 characters each. */
    static String secretJson(String kind, int keys) {
        StringBuilder sb = new StringBuilder("{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n");
        for (int i = 0; i < keys; i++) {
            String value = Base64.getEncoder().encodeToString(("value-number-" + i + "-of-a-large-secret").getBytes(StandardCharsets.US_ASCII));
            sb.append("        \"key").append(i).append("\": \"").append(value).append("\",\n");
        }
        sb.append("        \"last\": \"eA==\"\n    },\n    \"kind\": \"").append(kind).append("\",\n");
        sb.append("    \"metadata\": {\n        \"name\": \"big\",\n        \"namespace\": \"default\"\n    },\n    \"type\": \"Opaque\"\n}\n");
        return sb.toString();
    }

    static String stream(StreamMasker s, String text, int piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i += piece) out.writeBytes(s.feed(b, i, Math.min(piece, b.length - i)));
        out.writeBytes(s.finish());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMegabyteSecretInSmallPiecesIsHeldWholeAndMaskedAsWhenReadAtOnce() {
        String text = secretJson("Secret", 15_000);  // about 1 MB, as large as Kubernetes lets an object be
        assertTrue(text.length() > 1_000_000, "size " + text.length());
        String whole = StructuredSecretsTest.M.mask(text);
        assertFalse(SHOWN_VALUE.matcher(whole).find(), "read at once");
        String streamed = stream(StructuredSecretsTest.M.stream(), text, 1024);
        assertFalse(SHOWN_VALUE.matcher(streamed).find(), "a data value shown");
        assertEquals(whole, streamed);
    }

    @Test
    void holdingARecordLooksAtWhatIsHeldAFewTimesNotWithEachPiece() {
        String text = secretJson("Secret", 4_000);  // 260 KB in 64-byte pieces: 4,000 pieces
        StreamMasker s = StructuredSecretsTest.M.stream();
        String streamed = stream(s, text, 64);
        assertFalse(SHOWN_VALUE.matcher(streamed).find(), "a data value shown");
        // Each look reads all that is held: one per piece made this quadratic (seconds for 260 KB). Looks now come
        // after a quarter more arrived, with a floor of 4 KiB: about 60 for 260 KB, counting the lines before it.
        assertTrue(s.pairsScans < 200, "looks at the held record: " + s.pairsScans);
    }

    @Test
    void aRecordHeldPastTheCapFailsClosed() {
        String text = secretJson("Secret", 45_000);  // 3 MB: past what is held
        assertTrue(text.length() > StreamMasker.HOLD_CAP, "size " + text.length());
        String streamed = stream(StructuredSecretsTest.M.stream(), text, 4096);
        assertFalse(SHOWN_VALUE.matcher(streamed).find(), "a data value shown");
        assertTrue(streamed.contains("\"key44999\": "), "keys stay: " + streamed.substring(streamed.length() - 300));
    }

    @Test
    void aLargeConfigMapInSmallPiecesStaysReadable() {
        String text = secretJson("ConfigMap", 5_000);
        String streamed = stream(StructuredSecretsTest.M.stream(), text, 64);
        assertEquals(text, streamed);
    }
}
