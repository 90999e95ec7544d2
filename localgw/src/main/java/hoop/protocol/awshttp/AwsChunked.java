package hoop.protocol.awshttp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The aws-chunked framing both upload readers share: CRLF lines, chunk headers, hashes, signature comparison. */
final class AwsChunked {
    static final int MAX_CHUNK = 16 << 20;
    static final String SIGNATURE = ";chunk-signature=";

    private AwsChunked() {
    }

    /** A chunk header: its size as sent (hex) and parsed, and its signature (null for unsigned chunks). */
    record Header(String hexSize, int size, String signature) {
        static Header parse(String line, boolean signed) throws IOException {
            String hex = line;
            String signature = null;
            if (signed) {
                int semi = line.indexOf(SIGNATURE);
                if (semi <= 0) throw new IOException("malformed aws-chunked header");
                hex = line.substring(0, semi);
                signature = line.substring(semi + SIGNATURE.length());
            }
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed aws-chunked size");
            }
            if (size < 0 || size > MAX_CHUNK) throw new IOException("aws-chunked chunk too large");
            return new Header(hex, size, signature);
        }
    }

    static String line(InputStream in) throws IOException {
        String l = lineOrEnd(in);
        if (l == null) throw new IOException("truncated aws-chunked body");
        return l;
    }

    /** A CRLF-ended line; null at the end of the stream (a trailer section may end without its blank line). */
    static String lineOrEnd(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '\r') throw new IOException("malformed aws-chunked line");
                return sb.substring(0, sb.length() - 1);
            }
            if (sb.length() > 4096) throw new IOException("aws-chunked line too long");
            sb.append((char) c);
        }
        if (!sb.isEmpty()) throw new IOException("truncated aws-chunked body");
        return null;
    }

    /** Constant-time, so a wrong signature takes as long to refuse as a nearly right one. */
    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(byte[] data) {
        return sha256(data, data.length);
    }

    static byte[] sha256(byte[] data, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, 0, len);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
