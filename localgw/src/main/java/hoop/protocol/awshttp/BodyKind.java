package hoop.protocol.awshttp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a response body is text, and so masked. Detectors run over binary data find "secrets" in random
 * bytes (a 10 MB random object holds email-shaped runs) and would corrupt it; so binary objects pass
 * byte-exact, text (by type, or by its first bytes when the type says nothing) is masked.
 */
final class BodyKind {
    private BodyKind() {}

    static boolean isText(String contentType, byte[] head, int len) {
        String t = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("yaml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded")) return true;
        for (int i = 0; i < len; i++) if (head[i] == 0) return false;
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // A multi-byte character cut at the end of the sample is still text.
        int end = len;
        while (end > 0 && len - end < 3 && (head[end - 1] & 0xC0) == 0x80) end--;
        if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) end--;
        try {
            d.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
