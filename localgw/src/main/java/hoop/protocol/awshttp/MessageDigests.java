package hoop.protocol.awshttp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQS ReceiveMessage answers each message's MD5OfBody and MD5OfMessageAttributes, digests of what was sent: beside the
 * masked message they confirmed guesses of what was masked offline (as an S3 ETag did, see PseudoEtags), and failed the
 * SDKs' check. Once the answer is masked, each is made the digest of what the client gets. In the JSON protocol (SDK v2) and
 * the query protocol's XML (the aws CLI).
 */
final class MessageDigests {
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);
    private static final Pattern BODY = Pattern.compile("<Body>([^<]*)</Body>");
    private static final Pattern MD5 = Pattern.compile("<MD5OfBody>[^<]*</MD5OfBody>");
    private static final Pattern ATTRIBUTE = Pattern.compile("<MessageAttribute>(.*?)</MessageAttribute>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTES_MD5 = Pattern.compile("<MD5OfMessageAttributes>[^<]*</MD5OfMessageAttributes>");

    /** The text of the one element named so in xml, resolved; null when there is none. */
    private static String field(String xml, String name) {
        Matcher f = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return f.find() ? unescape(f.group(1)) : null;
    }

    private MessageDigests() {}

    /** The masked answer with each message's MD5OfBody that of its masked body. */
    static byte[] ofMasked(byte[] answer) {
        String text = new String(answer, StandardCharsets.UTF_8);
        String t = text.stripLeading();
        return (t.startsWith("{") ? json(text) : xml(text)).getBytes(StandardCharsets.UTF_8);
    }

    /** An open JSON object: the key it is the value of, its string members and where each lies, its message attributes. */
    private static final class Obj {
        final String under;
        final java.util.Map<String, String> strings = new java.util.HashMap<>();
        final java.util.Map<String, int[]> spans = new java.util.HashMap<>();
        final java.util.TreeMap<String, byte[]> attributes = new java.util.TreeMap<>();
        boolean unreadable;

        Obj(String under) {
            this.under = under;
        }
    }

    /**
     * Each object holding a "Body" and an "MD5OfBody" (SQS's messages) gets the MD5 of its Body, and its
     * MD5OfMessageAttributes that of its MessageAttributes; read with a scanner that knows JSON strings, so neither
     * key nor brace inside a body misleads it.
     */
    private static String json(String text) {
        java.util.List<Obj> open = new java.util.ArrayList<>();
        java.util.TreeMap<Integer, int[]> spans = new java.util.TreeMap<>();  // start -> {end}
        java.util.Map<Integer, String> sums = new java.util.HashMap<>();
        String lastKey = null;
        boolean expectKey = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open.add(new Obj(expectKey ? null : lastKey));
                lastKey = null;
                expectKey = true;
            } else if (c == '}') {
                if (open.isEmpty()) return text;
                Obj o = open.remove(open.size() - 1);
                lastKey = null;
                if (o.strings.containsKey("DataType") && open.size() >= 2 && "MessageAttributes".equals(open.get(open.size() - 1).under)) {
                    Obj message = open.get(open.size() - 2);
                    byte[] entry = attribute(o.under, o.strings.get("DataType"), o.strings.get("StringValue"), o.strings.get("BinaryValue"));
                    if (entry == null) message.unreadable = true;
                    else message.attributes.put(o.under, entry);
                }
                int[] body = o.spans.get("MD5OfBody");
                if (body != null && o.strings.containsKey("Body")) {
                    spans.put(body[0], new int[] {body[1]});
                    sums.put(body[0], md5(o.strings.get("Body")));
                }
                int[] attrs = o.spans.get("MD5OfMessageAttributes");
                if (attrs != null && !o.unreadable && !o.attributes.isEmpty()) {
                    spans.put(attrs[0], new int[] {attrs[1]});
                    sums.put(attrs[0], md5(o.attributes.values()));
                }
            } else if (c == ',') {
                expectKey = !open.isEmpty();
                lastKey = null;
            } else if (c == '[') {
                expectKey = false;
                lastKey = null;
            } else if (c == '"') {
                int end = stringEnd(text, i);
                if (end < 0) return text;  // not JSON hoop can follow: left as the masker made it
                String value = jsonString(text.substring(i + 1, end));
                if (expectKey) {
                    lastKey = value;
                    expectKey = false;
                } else if (!open.isEmpty() && lastKey != null) {
                    Obj o = open.get(open.size() - 1);
                    o.strings.put(lastKey, value);
                    o.spans.put(lastKey, new int[] {i + 1, end});
                    lastKey = null;
                }
                i = end;
            }
        }
        if (spans.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (var e : spans.entrySet()) {
            out.append(text, at, e.getKey()).append(sums.get(e.getKey()));
            at = e.getValue()[0];
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * One attribute as SQS digests it: name, data type, transport (1 string, 2 binary) and value, each but the
     * transport after its 4-byte length; null when it has no value hoop can read.
     */
    private static byte[] attribute(String name, String type, String string, String binary) {
        if (name == null || type == null) return null;
        byte[] value;
        byte transport;
        try {
            if (binary != null && type.startsWith("Binary")) {
                value = java.util.Base64.getMimeDecoder().decode(binary);
                transport = 2;
            } else if (string != null && !type.startsWith("Binary")) {
                value = string.getBytes(StandardCharsets.UTF_8);
                transport = 1;
            } else {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(b);
        try {
            byte[] n = name.getBytes(StandardCharsets.UTF_8), t = type.getBytes(StandardCharsets.UTF_8);
            d.writeInt(n.length);
            d.write(n);
            d.writeInt(t.length);
            d.write(t);
            d.writeByte(transport);
            d.writeInt(value.length);
            d.write(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    private static String md5(java.util.Collection<byte[]> parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            parts.forEach(md::update);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            message = MD5.matcher(message).replaceAll("<MD5OfBody>" + sum + "</MD5OfBody>");
            java.util.TreeMap<String, byte[]> attributes = new java.util.TreeMap<>();
            boolean unreadable = false;
            for (Matcher a = ATTRIBUTE.matcher(message); a.find(); ) {
                String name = field(a.group(1), "Name");
                byte[] entry = name == null ? null : attribute(name, field(a.group(1), "DataType"), field(a.group(1), "StringValue"), field(a.group(1), "BinaryValue"));
                if (entry == null) unreadable = true;
                else attributes.put(name, entry);
            }
            if (!unreadable && !attributes.isEmpty()) {
                message = ATTRIBUTES_MD5.matcher(message).replaceAll("<MD5OfMessageAttributes>" + md5(attributes.values()) + "</MD5OfMessageAttributes>");
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<Message>" + message + "</Message>"));
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
