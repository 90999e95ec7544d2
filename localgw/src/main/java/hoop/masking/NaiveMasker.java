package hoop.masking;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;

/**
 * Reference implementation: every regex over the whole text, no prefilters. Exists as the baseline for
 * benchmarks and as the oracle proving the prefilters never drop a match; its output equals {@link Masker}'s.
 */
public final class NaiveMasker {
    private final MaskEngine engine;

    private NaiveMasker(MaskEngine engine) {
        this.engine = engine;
    }

    public static NaiveMasker create(MaskingRules rules, byte[] hmacKey, Collection<String> literalSecrets) {
        Objects.requireNonNull(rules, "rules");
        return new NaiveMasker(new MaskEngine(rules, hmacKey, literalSecrets, false));
    }

    public String mask(String text) {
        return engine.mask(text, 0, false);
    }

    public byte[] mask(byte[] bytes) {
        return engine.mask(new String(bytes, StandardCharsets.ISO_8859_1), 0, true)
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
