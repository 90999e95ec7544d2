package hoop.protocol.awshttp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The checksum a flexible-checksum upload names in x-amz-trailer (x-amz-checksum-crc32, -crc32c, -crc64nvme,
 * -sha1, -sha256), computed over the decoded body; value() is base64 of the big-endian result, as S3 sends it.
 */
abstract class TrailerChecksum {
    abstract void update(byte[] b, int off, int len);

    abstract byte[] result();

    String value() {
        return Base64.getEncoder().encodeToString(result());
    }

    /** null for a trailer name that is not a checksum hoop knows. */
    static TrailerChecksum forTrailer(String name) {
        return switch (name) {
            case "x-amz-checksum-crc32" -> crc(new CRC32(), 4);
            case "x-amz-checksum-crc32c" -> crc(new CRC32C(), 4);
            case "x-amz-checksum-crc64nvme" -> crc(new Crc64Nvme(), 8);
            case "x-amz-checksum-sha1" -> digest("SHA-1");
            case "x-amz-checksum-sha256" -> digest("SHA-256");
            default -> null;
        };
    }

    private static TrailerChecksum crc(Checksum c, int bytes) {
        return new TrailerChecksum() {
            @Override
            void update(byte[] b, int off, int len) {
                c.update(b, off, len);
            }

            @Override
            byte[] result() {
                long v = c.getValue();
                byte[] out = new byte[bytes];
                for (int i = 0; i < bytes; i++) out[i] = (byte) (v >>> (8 * (bytes - 1 - i)));
                return out;
            }
        };
    }

    private static TrailerChecksum digest(String algorithm) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new TrailerChecksum() {
            @Override
            void update(byte[] b, int off, int len) {
                d.update(b, off, len);
            }

            @Override
            byte[] result() {
                return d.digest();
            }
        };
    }

    /** CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, initial and final value all ones. */
    static final class Crc64Nvme implements Checksum {
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long c = i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ 0x9a6c9329ac4bc9b5L : c >>> 1;
                TABLE[i] = c;
            }
        }

        private long crc = -1L;

        @Override
        public void update(int b) {
            crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            long c = crc;
            for (int i = off; i < off + len; i++) c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
            crc = c;
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = -1L;
        }
    }
}
