package hoop.protocol.postgres;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import hoop.masking.Masker;
import hoop.masking.MaskingRules;
import hoop.masking.Style;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-scan shortcut over a COPY row gives what every view in turn gives: rows built from the pieces each view
 * reads (hex, base64, byte codes, escapes, quotes, reversed addresses, grouped numbers) and plain ones.
 */
class CopyRowMasksTest {
    private static final Masker MASKER = Masker.create(MaskingRules.of(List.copyOf(MaskingRules.knownDetectors()), Map.of(),
            List.of(), Style.REDACT), "k".getBytes(ISO_8859_1), List.of());
    private static final CopyRowMasks MASKS = new CopyRowMasks(MASKER::mask, MASKER::mask, MASKER::mask);

    private static final String EMAIL = "alice@example.com";
    private static final String[] PIECES = {
        EMAIL, new StringBuilder(EMAIL).reverse().toString(), HexFormat.of().formatHex(EMAIL.getBytes(ISO_8859_1)),
        java.util.Base64.getEncoder().encodeToString(EMAIL.getBytes(ISO_8859_1)), "97 108 105 99 101 64 120 46 99 111",
        "61:6c:69:63:65:40", "\\\\x616c696365406578616d706c652e636f6d", "\\N", "\\t", "\"quoted, text\"", "4111 1111 1111 1111",
        "4,111,111,111,111,111", "1.5e+16", "AKIAIOSFODNN7EXAMPLE", "plain words", "12345", "   ", "2026-12-03 12:00:00+00",
        "moc.elpmaxe@", "{1,2,3}", "ssn 078-05-1120", "-", "0xdeadbeef", "e+", ":", "a\\\\b",
    };

    @Test
    void theShortcutMasksAsEveryViewDoes() {
        Random r = new Random(7);
        int changed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder row = new StringBuilder();
            int fields = 1 + r.nextInt(5);
            for (int f = 0; f < fields; f++) {
                if (f > 0) row.append(r.nextBoolean() ? '\t' : ',');
                int parts = 1 + r.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    String piece = PIECES[r.nextInt(PIECES.length)];
                    row.append(r.nextInt(4) == 0 ? piece.substring(0, r.nextInt(piece.length() + 1)) : piece);
                    if (r.nextBoolean()) row.append(' ');
                }
            }
            row.append('\n');
            byte[] in = row.toString().getBytes(ISO_8859_1);
            String every = new String(MASKS.everyView(in.clone()), ISO_8859_1);
            String shortcut = new String(MASKS.mask(in.clone()), ISO_8859_1);
            assertEquals(every, shortcut, row.toString());
            if (!every.equals(row.toString())) changed++;
        }
        assertNotEquals(0, changed, "the rows hold what the views mask");
    }
}
