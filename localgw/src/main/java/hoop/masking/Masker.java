package hoop.masking;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;

/**
 * Masks secrets in command output. Immutable and thread-safe; build one per rule set and share it.
 *
 * <p>Byte input is decoded as ISO-8859-1 (one char per byte) and detectors only match ASCII, so bytes
 * outside a match, binary or UTF-8 alike, come back unchanged.
 */
public final class Masker {
    private final MaskEngine engine;

    private Masker(MaskEngine engine) {
        this.engine = engine;
    }

    /**
     * @param hmacKey        key for the HASH style; may be empty only if no rule uses HASH
     * @param literalSecrets values always replaced by {@code [SECRET]}; those shorter than 4 are ignored
     */
    public static Masker create(MaskingRules rules, byte[] hmacKey, Collection<String> literalSecrets) {
        Objects.requireNonNull(rules, "rules");
        return new Masker(new MaskEngine(rules, hmacKey, literalSecrets, true));
    }

    /**
     * The values in text that this masker finds only by their key or field name (a password after {@code password=}, a
     * Secret's data, a URL's password), each with what replaces it: a command that cuts the key away prints them bare,
     * so they are to be known by value (see {@link #withKnownValues}). Empty when no such detector runs.
     */
    public java.util.Map<String, String> keyedValuesIn(String text) {
        return engine.keyedValues(text);
    }

    /** This masker, also replacing each of these values (a key of labelled) with the text it maps to. */
    public Masker withKnownValues(java.util.Collection<String> secrets, java.util.Map<String, String> labelled) {
        return secrets.isEmpty() && labelled.isEmpty() ? this : new Masker(engine.withLiterals(secrets, labelled));
    }

    /** This masker, also replacing these values (one session's credential) with [SECRET]. */
    public Masker withSecrets(Collection<String> more) {
        return more.isEmpty() ? this : new Masker(engine.withLiterals(more));
    }

    /**
     * This masker, also reading what a client decodes before showing it: base64 blobs and escaped characters in
     * an API's answer (see {@link EncodedText}), and the bytes a dump spells (xxd, od, hexdump; see {@link DumpView}).
     */
    public Masker readingEncoded() {
        return new Masker(engine.readingEncoded());
    }

    /** readingEncoded, and base64 or base32 with each line reversed (a shell's output: base64 .env | rev). */
    public Masker readingShellOutput() {
        return new Masker(engine.readingReversedBlobs());
    }

    /** Whether bytes read as text a client would print: UTF-8, no NUL, hardly a control character. */
    public static boolean looksLikeText(byte[] b) {
        return EncodedText.text(b);
    }

    public String mask(String text) {
        return engine.mask(text, 0, false);
    }

    /** Whether this masker runs the named detector ("password_assignment"): adapters mask what it stands for alike. */
    public boolean detects(String detector) {
        return engine.hasDetector(detector);
    }

    /** Returns the same array when nothing matched, so hot paths (a DataRow value) allocate only on a change. */
    public byte[] mask(byte[] bytes) {
        String in = new String(bytes, StandardCharsets.ISO_8859_1);
        String out = engine.mask(in, 0, true);
        return out == in ? bytes : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Masks {@code bytes[off, off+len)}; returns null when nothing matched, so a result value that needs no
     * masking costs no copy of its own.
     */
    public byte[] mask(byte[] bytes, int off, int len) {
        if (engine.clean(bytes, off, len)) {
            return null;
        }
        String in = new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        String out = engine.mask(in, 0, true);
        return out == in ? null : out.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A value masked whole by a column rule: label names what it was (the column), style how it shows. */
    public byte[] maskWhole(byte[] value, String label, Style style) {
        String v = new String(value, StandardCharsets.ISO_8859_1);
        return engine.render(label.toUpperCase(java.util.Locale.ROOT), style, v).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Fresh state for one stream masked in place, every offset kept: binary data, or (text) a byte range of a text
     * object; see {@link BinaryMasker}.
     */
    public BinaryMasker inPlace(boolean text) {
        return new BinaryMasker(engine, text);
    }

    /** Fresh state for one output stream; see {@link StreamMasker}. */
    public StreamMasker stream() {
        return new StreamMasker(engine, engine.hasDetector("private_key"));
    }
}
