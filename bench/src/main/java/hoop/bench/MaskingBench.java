package hoop.bench;

import hoop.masking.Masker;
import hoop.masking.MaskingCorpus;
import hoop.masking.MaskingRules;
import hoop.masking.NaiveMasker;
import hoop.masking.StreamMasker;
import hoop.masking.Style;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking throughput on a realistic mixed corpus: hoop's pre-filtered engine (whole text and streamed in
 * 16 KiB chunks, as exec output arrives) against the naive one-regex-at-a-time baseline, same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MaskingBench {
    static final List<String> ALL = List.of("email", "credit_card", "iban", "ssn", "phone", "ipv4", "aws_access_key",
            "aws_secret_key", "github_token", "slack_token", "stripe_key", "jwt", "private_key", "password_assignment");

    @Param({"1048576"})
    public int bytes;

    String corpus;
    byte[] corpusBytes;
    Masker masker;
    /** The same rules, also masking known values (an env secret, an STS credential) and their encoded forms. */
    Masker known;
    NaiveMasker naive;

    @Setup
    public void setup() {
        corpus = MaskingCorpus.sampleCorpus(bytes);
        corpusBytes = corpus.getBytes(StandardCharsets.ISO_8859_1);
        MaskingRules rules = MaskingRules.of(ALL, Map.of(), List.of(), Style.REDACT);
        masker = Masker.create(rules, new byte[32], List.of());
        naive = NaiveMasker.create(rules, new byte[32], List.of());
        if (!masker.mask(corpus).equals(naive.mask(corpus))) throw new IllegalStateException("maskers disagree");
        known = masker.withSecrets(MaskingCorpus.knownSecrets());
    }

    @Benchmark
    public String hoopWhole() {
        return masker.mask(corpus);
    }

    @Benchmark
    public String hoopWholeKnown() {
        return known.mask(corpus);
    }

    @Benchmark
    public int hoopStreamedKnown() {
        return streamed(known);
    }

    @Benchmark
    public int hoopStreamed() {
        return streamed(masker);
    }

    private int streamed(Masker m) {
        StreamMasker s = m.stream();
        int out = 0;
        for (int off = 0; off < corpusBytes.length; off += 16384) {
            out += s.feed(corpusBytes, off, Math.min(16384, corpusBytes.length - off)).length;
        }
        return out + s.finish().length;
    }

    @Benchmark
    public String naiveBaseline() {
        return naive.mask(corpus);
    }
}
