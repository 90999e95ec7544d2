package hoop.core.aws;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as the AWS JSON protocols carry their parameters, read strictly: objects are Maps, arrays Lists, strings
 * Strings, numbers and literals their text. What two readers may read differently is refused: a key given twice
 * (AWS's Jackson and botocore keep the last, a reader built otherwise the first; hoop would judge one and the
 * service act on the other), bytes that are no UTF-8, lone surrogates, trailing text. Keys equal but for case are
 * two keys here: in a map (DynamoDB's attribute names, RequestItems' tables) they are two; where they are a
 * structure's member names, its reader ({@link AwsResources#namesTwiceIgnoringCase}) refuses them.
 */
public final class StrictJson {
    /** DynamoDB nests attribute values 32 levels deep, two JSON levels each, inside a few levels of the call's own. */
    private static final int MAX_DEPTH = 256;
    private final String s;
    private int i;

    private StrictJson(String s) {
        this.s = s;
    }

    /** An empty body is the empty object, as the JSON protocols read it. */
    public static Object parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the JSON body is not UTF-8");
        }
        return parse(text);
    }

    public static Object parse(String text) {
        if (text.isBlank()) return new LinkedHashMap<String, Object>();
        StrictJson p = new StrictJson(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) throw p.error("text after the JSON value");
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH);
        if (i >= s.length()) throw error("unexpected end");
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            default -> literal();
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        i++;
        ws();
        if (peek() == '}') {
            i++;
            return out;
        }
        while (true) {
            ws();
            if (peek() != '"') throw error("expected a key");
            String key = string();
            ws();
            expect(':');
            ws();
            if (out.containsKey(key)) throw error("the key \"" + key + "\" is given twice");
            out.put(key, value(depth + 1));
            ws();
            char c = next();
            if (c == '}') return out;
            if (c != ',') throw error("expected , or }");
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        i++;
        ws();
        if (peek() == ']') {
            i++;
            return out;
        }
        while (true) {
            ws();
            out.add(value(depth + 1));
            ws();
            char c = next();
            if (c == ']') return out;
            if (c != ',') throw error("expected , or ]");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') break;
            if (c < 0x20) throw error("a control character in a string");
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    // Four hex digits: parseInt alone also took a sign ("\\u+041" was 'A'), which JSON readers refuse.
                    if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9A-Fa-f]{4}")) throw error("a bad \\u escape");
                    sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> throw error("a bad escape \\" + e);
            }
        }
        String out = sb.toString();
        for (int k = 0; k < out.length(); k++) {
            char c = out.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < out.length() && Character.isLowSurrogate(out.charAt(k + 1))) k++;
            else if (Character.isSurrogate(c)) throw error("a lone surrogate in a string");
        }
        return out;
    }

    private String literal() {
        int start = i;
        while (i < s.length() && "{}[],: \t\r\n\"".indexOf(s.charAt(i)) < 0) i++;
        String t = s.substring(start, i);
        if (t.equals("true") || t.equals("false") || t.equals("null")) return t.equals("null") ? null : t;
        if (!t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) throw error("not a JSON value: " + t);
        return t;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    private char peek() {
        if (i >= s.length()) throw error("unexpected end");
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) throw error("expected " + c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("the JSON body is not strict JSON: " + what + " at " + i);
    }
}
