package hoop.credentials;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SigV4's URI encoding: every byte but A-Z a-z 0-9 - _ . ~ as %XY (upper-case hex); '/' kept in paths. */
final class AwsUri {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AwsUri() {}

    static String encode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~' || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    /** Percent-decoding only: a '+' in a path or a SigV4 query is a plus, not a space. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                out.write(v);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** name/value pairs of a raw query, decoded; "a" alone is ("a", ""). */
    static List<String[]> query(String raw) {
        List<String[]> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String kv : raw.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            out.add(eq < 0 ? new String[] {decode(kv), ""} : new String[] {decode(kv.substring(0, eq)), decode(kv.substring(eq + 1))});
        }
        return out;
    }
}
