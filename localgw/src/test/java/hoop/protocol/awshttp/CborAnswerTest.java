package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A CBOR answer walked item by item: strings masked with their key, written back with their new lengths. */
class CborAnswerTest {
    private static final UnaryOperator<String> MASK = t -> t.replace("ops@example.com", "[EMAIL]")
            .replaceAll("(\"SessionToken\": \")[^\"]+", "$1[AWS_CREDENTIAL]");

    static byte[] cbor(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) out.writeBytes(b);
            else if (p instanceof Integer i) out.write(i);
            else out.writeBytes(((String) p).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] text(int major, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cbor(major << 5 | b.length, b);
    }

    private static byte[] mask(byte[] in) throws IOException {
        CborAnswer a = new CborAnswer();
        a.add(in);
        return a.masked(MASK);
    }

    @Test
    void stringsAreMaskedAndTheirLengthsFollow() throws IOException {
        byte[] float64 = HexFormat.of().parseHex("fbc0091eb851eb851f");  // -3.14: a sign bit, not a length
        byte[] in = cbor(0xA3, text(3, "Records"), 0x81, 0xA2, text(3, "Data"), text(2, "by ops@example.com"),
                text(3, "Ts"), 0xC1, float64, text(3, "MillisBehindLatest"), 0x00,
                text(3, "SessionToken"), 0x7F, text(3, "FwoG"), text(3, "Zabc"), 0xFF);
        byte[] want = cbor(0xA3, text(3, "Records"), 0x81, 0xA2, text(3, "Data"), text(2, "by [EMAIL]"),
                text(3, "Ts"), 0xC1, float64, text(3, "MillisBehindLatest"), 0x00,
                text(3, "SessionToken"), text(3, "[AWS_CREDENTIAL]"));
        assertArrayEquals(want, mask(in));
    }

    @Test
    void binaryBytesAndCleanAnswersComeBackAsTheyCame() throws IOException {
        byte[] clean = cbor(0xA2, text(3, "Data"), cbor(0x44, 0x00, 0xFF, 0x10, 0x80), text(3, "N"), 0x19, 0x01, 0x00);
        assertArrayEquals(clean, mask(clean));
    }

    @Test
    void whatIsNoCborFails() {
        assertThrows(IOException.class, () -> mask(cbor(0x78, 0x20, "short")));
        assertThrows(IOException.class, () -> mask(cbor(0xFF)));
    }
}
