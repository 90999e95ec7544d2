package hoop.protocol.postgres;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Content equality for the records that carry arrays: the records' generated equals would compare
 * array identity, which makes decoded messages impossible to compare.
 */
final class Bytes {
    private Bytes() {
    }

    static boolean listEquals(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int listHash(List<byte[]> list) {
        int h = 1;
        for (byte[] v : list) {
            h = 31 * h + Arrays.hashCode(v);
        }
        return h;
    }

    /** Values may be large or sensitive; toString shows sizes, never contents. */
    static String listSummary(List<byte[]> list) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            byte[] v = list.get(i);
            sb.append(v == null ? "NULL" : v.length + "B");
        }
        return sb.append(']').toString();
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
