package hoop.protocol.awshttp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS ReceiveMessage answers each message's MD5OfBody, the MD5 of the body as it was sent: beside the masked body it
 * confirmed guesses of what was masked offline (as an S3 ETag did, see PseudoEtags), and failed the SDKs' check. Once
 * the answer is masked, each MD5OfBody is made the MD5 of the body the client gets. In the JSON protocol (SDK v2) and
 * the query protocol's XML (the aws CLI).
 */
final class MessageDigests {
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);
    private static final Pattern BODY = Pattern.compile("<Body>([^<]*)</Body>");
    private static final Pattern MD5 = Pattern.compile("<MD5OfBody>[^<]*</MD5OfBody>");

    private MessageDigests() {}

    /** The masked answer with each message's MD5OfBody that of its masked body. */
    static byte[] ofMasked(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        String t = text.stripLeading();
        return (t.startsWith("{") ? json(text) : xml(text)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Each object holding both a "Body" and an "MD5OfBody" string (SQS's messages) gets the MD5 of its Body; read with a
     * scanner that knows JSON strings, so neither key nor brace inside a body misleads it.
     */
    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        java.util.ArrayDeque<String[]> objects = new java.util.ArrayDeque<>();  // per open object: {body, md5 start, md5 end}
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        java.util.List<String> sums = new java.util.ArrayList<>();
        String lastKey = null;
        boolean expectKey = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                objects.push(new String[3]);
                expectKey = true;
            } else if (c == '}') {
                String[] o = objects.isEmpty() ? null : objects.pop();
                if (o != null && o[0] != null && o[1] != null) {
                    spans.add(new int[] {Integer.parseInt(o[1]), Integer.parseInt(o[2])});
                    sums.add(md5(o[0]));
                }
            } else if (c == ',') {
                expectKey = !objects.isEmpty();
            } else if (c == '"') {
                int end = stringEnd(text, i);
                if (end < 0) return text;  // not JSON hoop can follow: left as the masker made it
                String value = jsonString(text.substring(i + 1, end));
                if (expectKey) {
                    lastKey = value;
                    expectKey = false;
                } else if (!objects.isEmpty() && lastKey != null) {
                    if (lastKey.equals("Body")) objects.peek()[0] = value;
                    if (lastKey.equals("MD5OfBody")) {
                        objects.peek()[1] = String.valueOf(i + 1);
                        objects.peek()[2] = String.valueOf(end);
                    }
                    lastKey = null;
                }
                i = end;
            } else if (c == '[' || c == ':') {
                if (c == '[') expectKey = false;
            }
        }
        if (spans.isEmpty()) return text;
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int k = 0; k < spans.size(); k++) order.add(k);
        order.sort(java.util.Comparator.comparingInt(k -> spans.get(k)[0]));
        int at = 0;
        for (int k : order) {
            out.append(text, at, spans.get(k)[0]).append(sums.get(k));
            at = spans.get(k)[1];
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The index of the quote closing the string opened at i, or -1. */
    private static int stringEnd(String text, int i) {
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '\\') j++;
            else if (c == '"') return j;
        }
        return -1;
    }

    /** A JSON string's content decoded (escapes, \\uXXXX with surrogate pairs). */
    private static String jsonString(String raw) {
        if (raw.indexOf('\\') < 0) return raw;
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static String xml(String text) {
        Matcher m = MESSAGE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String message = m.group(1);
            Matcher body = BODY.matcher(message);
            String sum = md5(body.find() ? unescape(body.group(1)) : "");
            m.appendReplacement(out, Matcher.quoteReplacement("<Message>" + MD5.matcher(message).replaceAll("<MD5OfBody>" + sum + "</MD5OfBody>") + "</Message>"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** XML text as a parser reads it: the five entities and character references. */
    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int end = c == '&' ? s.indexOf(';', i) : -1;
            if (end < 0) {
                out.append(c);
                continue;
            }
            String e = s.substring(i + 1, end);
            String v = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> e.startsWith("#x") || e.startsWith("#X") ? codePoint(e.substring(2), 16) : e.startsWith("#") ? codePoint(e.substring(1), 10) : null;
            };
            if (v == null) {
                out.append(c);
            } else {
                out.append(v);
                i = end;
            }
        }
        return out.toString();
    }

    private static String codePoint(String digits, int radix) {
        try {
            return new String(Character.toChars(Integer.parseInt(digits, radix)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
