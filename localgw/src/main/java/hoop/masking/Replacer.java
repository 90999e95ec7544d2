package hoop.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Renders a detected value in a {@link Style}. Replacements are pure ASCII so byte output stays valid. */
final class Replacer {
    private static final int PARTIAL_KEEP = 4;
    private static final int PARTIAL_MIN_LENGTH = 8;  // shorter values would be mostly revealed by their tail
    private static final int HASH_HEX_CHARS = 12;

    private final SecretKeySpec key;

    Replacer(byte[] hmacKey) {
        this.key = hmacKey == null || hmacKey.length == 0 ? null : new SecretKeySpec(hmacKey, "HmacSHA256");
    }

    /**
     * @param rawBytes the value holds ISO-8859-1 decoded bytes; hashing those bytes directly (rather than
     *                 their UTF-8 re-encoding) keeps a hash from the byte API equal to the String API's for
     *                 the same UTF-8 output
     */
    String render(String label, Style style, String value, boolean rawBytes) {
        return switch (style) {
            case REDACT -> "[" + label + "]";
            case PARTIAL -> partial(value);
            case HASH -> "[" + label + ":" + hmacHex(value, rawBytes) + "]";
        };
    }

    private static String partial(String value) {
        int len = value.length();
        int keep = len >= PARTIAL_MIN_LENGTH && printableAscii(value, len - PARTIAL_KEEP) ? PARTIAL_KEEP : 0;
        return "*".repeat(len - keep) + value.substring(len - keep);
    }

    /** A non-ASCII tail could be half of a multi-byte UTF-8 character; never emit such a fragment. */
    private static boolean printableAscii(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private String hmacHex(String value, boolean rawBytes) {
        if (key == null) {
            throw new IllegalStateException("HASH style needs a non-empty HMAC key");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");  // Mac is stateful; a fresh one keeps Masker thread-safe
            mac.init(key);
            byte[] digest = mac.doFinal(value.getBytes(rawBytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
