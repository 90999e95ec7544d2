package hoop.protocol.postgres;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/** SCRAM-SHA-256 primitives (RFC 5802, RFC 7677) shared by client and server. */
final class Scram {
    static final String MECHANISM = "SCRAM-SHA-256";
    /** Same nonce entropy as PostgreSQL (SCRAM_RAW_NONCE_LEN). */
    static final int RAW_NONCE_LENGTH = 18;
    static final int SALT_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }

    /** Hi() from RFC 5802, i.e. PBKDF2-HMAC-SHA-256 with one output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty password is legal SCRAM input but SecretKeySpec refuses an empty key. HMAC
            // zero-pads keys to the block size, so one zero byte is the very same key.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a mandatory JDK algorithm", e);
        }
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        return hi(saslPrep(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
    }

    static byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Client Key");
    }

    static byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, "Server Key");
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String newNonce() {
        return Base64.getEncoder().encodeToString(random(RAW_NONCE_LENGTH));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s, String what) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ScramException("invalid base64 in " + what, e);
        }
    }

    static String utf8(byte[] message, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ScramException(what + " is not valid UTF-8", e);
        }
    }

    /** The value of a "k=value" attribute, insisting on the expected key. */
    static String attr(String part, char key, String what) {
        if (part.length() < 2 || part.charAt(0) != key || part.charAt(1) != '=') {
            throw new ScramException(what + ": expected attribute '" + key + "', got '" + abbreviate(part) + "'");
        }
        return part.substring(2);
    }

    /** Optional extensions are ignored, but they must still look like {@code letter=value}. */
    static void checkExtensions(String[] parts, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            String a = parts[i];
            if (a.length() < 2 || a.charAt(1) != '=' || !Character.isLetter(a.charAt(0)) || a.charAt(0) > 'z') {
                throw new ScramException(what + ": malformed attribute");
            }
        }
    }

    /** RFC 5802 nonce: printable ASCII except ','. */
    static void checkNonce(String nonce, String what) {
        if (nonce.isEmpty()) {
            throw new ScramException(what + ": empty nonce");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                throw new ScramException(what + ": invalid character in nonce");
            }
        }
    }

    /** RFC 5802 saslname: '=' only as "=2C" or "=3D". */
    static String escapeName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    static void checkSaslName(String name, String what) {
        for (int i = name.indexOf('='); i >= 0; i = name.indexOf('=', i + 1)) {
            if (!name.startsWith("=2C", i) && !name.startsWith("=3D", i)) {
                throw new ScramException(what + ": invalid '=' escape in user name");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }

    /**
     * SASLprep (RFC 4013), covering what PostgreSQL's own implementation does in practice: ASCII
     * passwords pass unchanged; otherwise non-ASCII spaces become U+0020, "mapped to nothing"
     * characters vanish, and the result is NFKC-normalised. If a prohibited character or a bidi
     * violation is found the raw password is used, as PostgreSQL does, so the verifier matches.
     *
     * <p>Limitation: "unassigned" is judged by the JDK's Unicode tables and NFKC uses the JDK's
     * Unicode version, not Unicode 3.2 as the RFC requires; passwords using characters assigned
     * after Unicode 3.2 may therefore prep differently from PostgreSQL.
     */
    static String saslPrep(String password) {
        boolean ascii = true;
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        if (normalized.isEmpty() || hasProhibited(normalized) || !bidiOk(normalized)) {
            return password;
        }
        return normalized;
    }

    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    private static boolean hasProhibited(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3454 tables C.1.2 through C.9 plus A.1 (unassigned). */
    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp < 0x20 || cp == 0x7F                                     // C.2.1
                || (cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F  // C.2.2
                || cp == 0x180E || cp == 0x200C || cp == 0x200D || cp == 0x2028 || cp == 0x2029
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF
                || (cp >= 0xFFF9 && cp <= 0xFFFD) || (cp >= 0x1D173 && cp <= 0x1D17A)  // C.2.2, C.6
                || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000                     // C.3
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE           // C.4
                || (cp >= 0xD800 && cp <= 0xDFFF)                                      // C.5
                || (cp >= 0x2FF0 && cp <= 0x2FFB)                                      // C.7
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)                                      // C.8
                || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)                   // C.9
                || Character.getType(cp) == Character.UNASSIGNED;
    }

    /** RFC 3454 section 6: with any RandALCat character, none may be LCat and both ends must be RandALCat. */
    private static boolean bidiOk(String s) {
        boolean hasRandAl = false;
        boolean hasL = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            byte d = Character.getDirectionality(cp);
            if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
                hasRandAl = true;
            } else if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
                hasL = true;
            }
        }
        if (!hasRandAl) {
            return true;
        }
        return !hasL && isRandAl(s.codePointAt(0)) && isRandAl(s.codePointBefore(s.length()));
    }

    private static boolean isRandAl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }
}
