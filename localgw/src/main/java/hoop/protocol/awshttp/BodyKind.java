package hoop.protocol.awshttp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether a response body is text, and so masked, and in which encoding. Detectors run over binary data find
 * "secrets" in random bytes (a 10 MB random object holds email-shaped runs) and would corrupt it; so binary objects
 * pass byte-exact. Text is known by its type or by its first bytes: UTF-8, a legacy 8-bit encoding (Latin-1 and
 * the like: no NUL, hardly a control byte; masked byte for byte, as the masker reads bytes), or UTF-16 or UTF-32 (a
 * byte order mark, or the NULs ASCII-range text has in them: a spreadsheet's "Unicode text" export), which is masked
 * as the text it holds. (UTF-32 text was binary: three NULs beside every letter, no run of text to read.)
 */
enum BodyKind {
    TEXT, UTF16LE, UTF16BE, UTF32LE, UTF32BE, BINARY;

    boolean masked() {
        return this != BINARY;
    }

    /** The encoding a wide kind's text is in, to be masked as; null for TEXT and BINARY. */
    java.nio.charset.Charset wide() {
        return switch (this) {
            case UTF16LE -> StandardCharsets.UTF_16LE;
            case UTF16BE -> StandardCharsets.UTF_16BE;
            case UTF32LE -> hoop.guard.WideTranscoder.UTF_32LE;
            case UTF32BE -> hoop.guard.WideTranscoder.UTF_32BE;
            case TEXT, BINARY -> null;
        };
    }

    static BodyKind of(String contentType, byte[] head, int len) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        BodyKind wide = wide(t, head, len);
        if (wide != null) return wide;
        if (t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("yaml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded")) return TEXT;
        int controls = hoop.core.TextBytes.controls(head, 0, len);
        if (controls < 0) return BINARY;
        return utf8(head, len) || controls * 100 <= len ? TEXT : BINARY;
    }

    /**
     * By a byte order mark or the NULs ASCII-range text has in UTF-16 or UTF-32 (WideTranscoder.sniff); a UTF-16 charset in the type
     * only where the sample has a NUL, and then in the byte order its NULs show. The type is the word of whoever
     * wrote the object or asked for it (S3's ?response-content-type=text/plain;charset=utf-16be): believed alone, it
     * had UTF-8 text read as UTF-16, where no detector found anything, and sent back as it was.
     */
    private static BodyKind wide(String type, byte[] head, int len) {
        java.nio.charset.Charset sniffed = hoop.guard.WideTranscoder.sniff(head, 0, len);
        if (sniffed != null) {
            for (BodyKind k : values()) if (sniffed.equals(k.wide())) return k;
        }
        if (!type.contains("charset=utf-16")) return null;
        int evenZero = 0, oddZero = 0;
        for (int i = 0; i < len; i++) {
            if (head[i] == 0) {
                if ((i & 1) == 0) evenZero++;
                else oddZero++;
            }
        }
        // No NUL, no ASCII character in UTF-16: read as UTF-16 it would hide every ASCII secret it holds.
        if (evenZero + oddZero == 0) return null;
        return oddZero >= evenZero ? UTF16LE : UTF16BE;
    }

    private static boolean utf8(byte[] head, int len) {
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
