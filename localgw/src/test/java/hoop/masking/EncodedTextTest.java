package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A masker reading encoded answers: base64 blobs and escapes are masked as what a client decodes them to. */
class EncodedTextTest {
    private static final Masker PLAIN = Masker.create(MaskingRules.of(List.of("email", "password_assignment"), Map.of(), List.of(),
            Style.REDACT), new byte[0], List.of());
    private static final Masker ENCODED = PLAIN.readingEncoded();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    @Test
    void aBlobDecodingToTextIsMaskedAsThatTextAndEncodedAgain() {
        String blob = b64("{\"contact\": \"ops@example.com\", \"password\": \"Hunter2-x\"}");
        String json = "{\"B\":\"" + blob + "\",\"Name\":\"bin\"}";
        assertEquals(json, PLAIN.mask(json), "before: no detector reads base64");
        String out = ENCODED.mask(json);
        String masked = out.substring(out.indexOf(":\"") + 2, out.indexOf("\","));
        assertEquals("{\"contact\": \"[EMAIL]\", \"password\": \"[PASSWORD_ASSIGNMENT]\"}", unb64(masked));
        assertTrue(out.endsWith("\",\"Name\":\"bin\"}"), out);
    }

    /** Letters glued to a blob shift its groups of four: "key=" before it, "zz" after it, a prompt on its first line. */
    @Test
    void aBlobGluedToOtherLettersIsReadAtItsOwnAlignment() {
        String blob = b64("contact: ops@example.com, nothing else here");
        for (String glued : new String[] {"key=" + blob, "a" + blob, "ab" + blob, "abc" + blob, blob + "zz",
                "x" + blob.replace("=", "") + "yz"}) {
            String out = ENCODED.mask(glued);
            assertFalse(out.contains(blob.substring(8, 28)), glued + " -> " + out);
        }
        String wrapped = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(("x".repeat(60) + " ops@example.com " + "y".repeat(60)).getBytes(StandardCharsets.US_ASCII));
        String out = ENCODED.mask("prompt> " + wrapped + "\n");
        assertTrue(out.startsWith("prompt> "), out);
        String decoded = unb64(out.substring(8).replace("\n", ""));
        assertTrue(decoded.contains("[EMAIL]") && !decoded.contains("ops@"), decoded);
    }

    /** od -A x -t x1z: offsets, the bytes in hex, the text between '>' and '<'; the address runs over two lines. */
    @Test
    void aDumpIsReadAsTheBytesItSpells() {
        byte[] data = "contact: ops@example.com, nothing else".getBytes(StandardCharsets.US_ASCII);
        StringBuilder dump = new StringBuilder();
        for (int at = 0; at < data.length; at += 16) {
            dump.append(String.format("%08x ", at));
            for (int k = at; k < Math.min(data.length, at + 16); k++) dump.append(String.format(" %02x", data[k]));
            dump.append('\n');
        }
        String text = dump.toString();
        assertEquals(text, PLAIN.mask(text), "before: no detector reads a dump");
        String out = ENCODED.mask(text);
        assertTrue(out.contains("[EMAIL]") && !out.contains("6f 70 73 40") && !out.contains("65 78 61 6d 70"), out);
        assertTrue(out.startsWith("00000000  63 6f 6e 74 61 63 74 3a 20"), out);
        String ids = "commit 4af087ec4b4a8295c3cc0e70f02ba188c6f3d4d7\nsize 12345678 90\n";
        assertEquals(ids, ENCODED.mask(ids));
    }

    @Test
    void nestedBlobsAndBareOnesAreReadAndCleanOrBinaryOnesPassAsTheyCame() {
        String outer = b64("creds: " + b64("user: ops@example.com"));
        String out = ENCODED.mask("LogResult " + outer);
        String once = unb64(out.substring("LogResult ".length()));
        assertTrue(once.startsWith("creds: "), once);
        assertEquals("user: [EMAIL]", unb64(once.substring("creds: ".length())));
        String clean = "{\"B\":\"" + b64("just some harmless text") + "\",\"Id\":\"AbCdEfGhIjKlMnOp\"}";
        assertEquals(clean, ENCODED.mask(clean));
        byte[] random = new byte[48];
        new java.util.Random(7).nextBytes(random);
        String binary = "{\"B\":\"" + Base64.getEncoder().encodeToString(random) + "\"}";
        assertEquals(binary, ENCODED.mask(binary));
    }

    @Test
    void aGzipBlobIsMaskedAsTheTextItInflatesToAndStaysGzip() throws Exception {
        var buf = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.GZIPOutputStream(buf)) {
            z.write("{\"logEvents\":[{\"message\":\"login ops@example.com\"}]}".getBytes(StandardCharsets.UTF_8));
        }
        String out = ENCODED.mask("{\"Data\":\"" + Base64.getEncoder().encodeToString(buf.toByteArray()) + "\"}");
        String blob = out.substring(out.indexOf(":\"") + 2, out.lastIndexOf("\""));
        try (var z = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(blob)))) {
            assertEquals("{\"logEvents\":[{\"message\":\"login [EMAIL]\"}]}", new String(z.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** MIME wraps base64 at 76 columns (an email SES stored in S3): the lines are one blob, cut anywhere. */
    @Test
    void aBlobWrappedOverLinesIsReadJoinedAndWrittenBackWrapped() {
        String body = "Hello,\n" + "x".repeat(50) + " write to ops@example.com or call, caf\u00e9 cr\u00e8me.\n".repeat(20);
        String wrapped = Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        String eml = "Content-Transfer-Encoding: base64\r\n\r\n" + wrapped + "\r\n--boundary--\r\n";
        String out = ENCODED.mask(eml);
        String back = out.substring(out.indexOf("\r\n\r\n") + 4, out.indexOf("\r\n--boundary"));
        for (String line : back.split("\r\n", -1)) assertTrue(line.length() <= 76, line);
        String decoded = new String(Base64.getMimeDecoder().decode(back), StandardCharsets.UTF_8);
        assertEquals(body.replace("ops@example.com", "[EMAIL]"), decoded);
        // Cut into parts at any line, each part is still read (a stream arrives so).
        String[] lines = wrapped.split("\r\n");
        String part = String.join("\r\n", java.util.Arrays.copyOfRange(lines, 3, 9)) + "\r\n";
        String partOut = ENCODED.mask(part);
        assertFalse(new String(Base64.getMimeDecoder().decode(partOut), StandardCharsets.UTF_8).contains("@example.com"), partOut);
    }

    /**
     * The same lines in a JSON string (a parameter's value holding `base64 file`'s output, as the SSM answer and the aws
     * CLI print it): their breaks are escapes, whose n was read as the next line's first character, so the lines after
     * the first were read out of alignment and an address across two of them passed.
     */
    @Test
    void aWrappedBlobInAJsonStringIsReadJoined() {
        String body = "x".repeat(100) + " ops@example.com " + "y".repeat(100);
        for (String brk : new String[] {"\\n", "\\r\\n"}) {
            String wrapped = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body.getBytes(StandardCharsets.UTF_8));
            String at = wrapped.substring(wrapped.indexOf('\n') + 1);
            assertTrue(unb64(wrapped.replace("\n", "")).contains("ops@"), "the address is in the second line or later: " + at);
            String json = "{\"Parameter\":{\"Value\":\"" + wrapped.replace("\n", brk) + brk + "\"}}";
            String out = ENCODED.mask(json);
            String value = out.substring(out.indexOf("\"Value\":\"") + 9, out.lastIndexOf("\"}}"));
            String decoded = unb64(value.replace(brk, ""));
            assertTrue(decoded.contains("[EMAIL]") && !decoded.contains("ops@"), brk + ": " + decoded);
            assertTrue(value.split(java.util.regex.Pattern.quote(brk))[0].length() == 76, value);
        }
    }

    @Test
    void jsonAndXmlEscapesAreReadAsTheirCharacters() {
        assertEquals("{\"Description\":\"mail [EMAIL] now\"}", ENCODED.mask("{\"Description\":\"mail ops\\u0040example.com now\"}"));
        assertEquals("<Value>[EMAIL]</Value>", ENCODED.mask("<Value>ops&#64;example.com</Value>"));
        assertEquals("<Value>[EMAIL]</Value>", ENCODED.mask("<Value>ops&#x40;example&#46;com</Value>"));
        assertEquals("<Value>x [EMAIL]</Value>", ENCODED.mask("<Value>x ops<![CDATA[@]]>example.com</Value>"));
        assertEquals("<Value>[EMAIL]</Value>", ENCODED.mask("<Value><![CDATA[ops@]]>example.com</Value>"), "a section is taken whole");
        assertEquals("<PolicyDocument>%7B%22owner%22%3A%22[EMAIL]%22%7D</PolicyDocument>",
                ENCODED.mask("<PolicyDocument>%7B%22owner%22%3A%22ops%40example.com%22%7D</PolicyDocument>"));
        // An escaped backslash followed by u0040 is a backslash and the letters, no '@'.
        assertEquals("{\"a\":\"ops\\\\u0040example.com\"}", ENCODED.mask("{\"a\":\"ops\\\\u0040example.com\"}"));
        // Every masker reads escapes (DecodedView): a JSON file in S3 or a PostgreSQL value is decoded by its reader too.
        assertEquals("[EMAIL]", PLAIN.mask("ops\\u0040example.com"));
        assertEquals("ops\\\\u0040example.com", PLAIN.mask("ops\\\\u0040example.com"));
    }

    @Test
    void aStreamReadingEncodedAnswersMasksBlobsCutAcrossChunks() {
        String json = "{\"Plain\":\"" + b64("reach ops@example.com today") + "\"}\n";
        StreamMasker s = ENCODED.stream();
        byte[] b = json.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b.length; i += 5) {
            out.append(new String(s.feed(b, i, Math.min(5, b.length - i)), StandardCharsets.ISO_8859_1));
        }
        out.append(new String(s.finish(), StandardCharsets.ISO_8859_1));
        String blob = out.substring(out.indexOf(":\"") + 2, out.lastIndexOf("\""));
        assertEquals("reach [EMAIL] today", unb64(blob));
    }
}
