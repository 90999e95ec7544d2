package hoop.core;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed stand-ins for digests of objects hoop shows masked (an S3 ETag is the MD5 of the body; a checksum its CRC or
 * SHA): the real one lets a client confirm guesses of what was masked offline. One key per gateway run, drawn at
 * start and never kept, shared by every adapter so the aws proxy and `hoop exec` show the same stand-in for a digest.
 */
public final class StandIns {
    private static final byte[] KEY = new byte[32];
    static {
        new SecureRandom().nextBytes(KEY);
    }

    private StandIns() {}

    /** The stand-in for 32 hex digits (an MD5): 32 lowercase hex digits, the same for any case of the input. */
    public static String md5(String hex) {
        return java.util.HexFormat.of().formatHex(mac(hex.toLowerCase(java.util.Locale.ROOT)), 0, 16);
    }

    /**
     * The stand-in for a base64 checksum of n bytes (CRC32 4, CRC64 8, MD5 16, SHA-1 20, SHA-256 32): base64 of as many
     * keyed bytes, so it keeps the checksum's shape.
     */
    public static String checksum(String base64, int n) {
        byte[] d = mac("checksum:" + base64);
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(d, n));
    }

    /** The stand-in for a hex digest of any length (up to 128 digits): as many lowercase hex digits. */
    public static String hex(String hex) {
        String lower = hex.toLowerCase(java.util.Locale.ROOT);
        String d = java.util.HexFormat.of().formatHex(mac("hex:" + lower)) + java.util.HexFormat.of().formatHex(mac("hex2:" + lower));
        return d.substring(0, Math.min(hex.length(), d.length()));
    }

    /** The stand-in for a decimal checksum (cksum's CRC): as many decimal digits. */
    public static String decimal(String digits) {
        byte[] d = mac("decimal:" + digits);
        StringBuilder b = new StringBuilder(digits.length());
        for (int k = 0; k < digits.length(); k++) {
            b.append((char) ('0' + (d[k] & 0xFF) % 10));
        }
        return b.toString();
    }

    private static byte[] mac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
