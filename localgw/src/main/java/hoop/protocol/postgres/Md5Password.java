package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** PostgreSQL's legacy md5 password response, for upstreams still configured with md5 auth. */
public final class Md5Password {
    private Md5Password() {
    }

    /** @return {@code "md5" + hex(md5(hex(md5(password + user)) + salt))} */
    public static String hash(String user, String password, byte[] salt) {
        if (salt.length != 4) {
            throw new IllegalArgumentException("md5 salt must be 4 bytes");
        }
        String inner = Bytes.hex(md5((password + user).getBytes(StandardCharsets.UTF_8)));
        byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[innerBytes.length + 4];
        System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
        System.arraycopy(salt, 0, salted, innerBytes.length, 4);
        return "md5" + Bytes.hex(md5(salted));
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a mandatory JDK algorithm", e);
        }
    }
}
