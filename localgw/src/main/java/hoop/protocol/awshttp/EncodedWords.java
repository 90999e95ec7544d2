package hoop.protocol.awshttp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words in a header value. S3 returns user metadata holding non-ASCII characters as
 * {@code =?UTF-8?B?...?=}, and the aws CLI prints that as it came: a masker reading the header as text would see
 * base64 where a reader decoding it sees an email. Each word is decoded, masked, and encoded again when masking
 * changed it; a word that does not decode is left as it is.
 */
final class EncodedWords {
    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    static String mask(String value, UnaryOperator<String> masker) {
        if (!value.contains("=?")) return value;
        Matcher m = WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String decoded = decode(m.group(1), m.group(2), m.group(3));
            String replacement = m.group();
            if (decoded != null) {
                String masked = masker.apply(decoded);
                if (!masked.equals(decoded)) {
                    replacement = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(masked.getBytes(StandardCharsets.UTF_8)) + "?=";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String decode(String charset, String encoding, String text) {
        try {
            Charset cs = Charset.forName(charset.contains("*") ? charset.substring(0, charset.indexOf('*')) : charset);
            byte[] bytes = encoding.equalsIgnoreCase("B") ? Base64.getDecoder().decode(text) : quoted(text);
            return bytes == null ? null : new String(bytes, cs);
        } catch (IllegalArgumentException e) {
            return null; // an unknown charset or bad base64: not a word anyone reads as text either
        }
    }

    /** RFC 2047's Q encoding: '_' is a space, =XX a byte. */
    private static byte[] quoted(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16), lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
