package hoop.protocol.postgres;

import java.util.List;

/** The wire layout of a DataRow body, built and checked in one place. */
final class DataRows {
    private DataRows() {
    }

    static byte[] encode(List<byte[]> values) {
        if (values.size() > 0xFFFF) {
            throw new IllegalArgumentException("count " + values.size() + " does not fit in int16");
        }
        int size = 2;
        for (byte[] v : values) {
            size += 4 + (v == null ? 0 : v.length);
        }
        byte[] body = new byte[size];
        body[0] = (byte) (values.size() >>> 8);
        body[1] = (byte) values.size();
        int at = 2;
        for (byte[] v : values) {
            putInt32(body, at, v == null ? -1 : v.length);
            at += 4;
            if (v != null) {
                System.arraycopy(v, 0, body, at, v.length);
                at += v.length;
            }
        }
        return body;
    }

    static int[] offsetsOf(List<byte[]> values) {
        int[] offsets = new int[values.size()];
        int at = 2;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at + 4;
            byte[] v = values.get(i);
            at += 4 + (v == null ? 0 : v.length);
        }
        return offsets;
    }

    /** Where each column starts; null when the body is not a well-formed row (the reason goes to fail). */
    static int[] index(byte[] body, java.util.function.Function<String, PgProtocolException> fail) {
        if (body.length < 2) {
            throw fail.apply("needs 2 bytes for the column count, " + body.length + " left");
        }
        int n = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        if ((long) n * 4 > body.length - 2) {
            throw fail.apply("count " + n + " needs at least " + (n * 4L) + " more bytes, " + (body.length - 2) + " left");
        }
        int[] offsets = new int[n];
        int at = 2;
        for (int i = 0; i < n; i++) {
            if (body.length - at < 4) {
                throw fail.apply("needs 4 more bytes, " + (body.length - at) + " left");
            }
            int len = int32(body, at);
            at += 4;
            if (len < -1) {
                throw fail.apply("negative value length " + len);
            }
            offsets[i] = at;
            if (len > 0) {
                if (body.length - at < len) {
                    throw fail.apply("needs " + len + " more bytes, " + (body.length - at) + " left");
                }
                at += len;
            }
        }
        if (at != body.length) {
            throw fail.apply((body.length - at) + " trailing bytes");
        }
        return offsets;
    }

    static int int32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void putInt32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
