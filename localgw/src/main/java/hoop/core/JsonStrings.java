package hoop.core;

/**
 * A JSON string literal written as Python's json.dumps writes it (ensure_ascii off): quotes, backslashes and control
 * characters escaped, everything else as it is. Where hoop writes JSON by hand (a webhook body, the aws CLI's output
 * it reproduces), one escaping serves.
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    public static StringBuilder quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }
}
