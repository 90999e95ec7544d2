package hoop.masking;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Prints masking throughput; run by hand, never as a test, because timings on shared CI machines are noise.
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes hoop.masking.MaskingSpeedCheck}
 */
public final class MaskingSpeedCheck {
    private static final int SIZE = 1 << 20;
    private static final int CHUNK = 16 * 1024;
    private static final String[] SHORT = {"alice", "12345", "2024-01-01", "hello world", "42.50",
            "bob@example.com", "2024-05-01 12:00:00.123", "Springfield"};

    private MaskingSpeedCheck() {
    }

    public static void main(String[] args) {
        MaskingRules rules = Samples.allDetectors(Style.REDACT);
        Masker masker = Masker.create(rules, new byte[]{1}, List.of());
        NaiveMasker naive = NaiveMasker.create(rules, new byte[]{1}, List.of());
        String mixed = MaskingCorpus.sampleCorpus(SIZE);
        String clean = cleanLines(mixed, naive);
        String numbers = numbersCsv(SIZE);
        byte[] mixedBytes = mixed.getBytes(StandardCharsets.ISO_8859_1);

        System.out.println("clean corpora unchanged by masking: "
                + (naive.mask(clean).equals(clean) && naive.mask(numbers).equals(numbers)));
        report("clean log/json/csv", clean.length(), () -> masker.mask(clean));
        report("clean csv of numbers", numbers.length(), () -> masker.mask(numbers));
        report("mixed corpus", mixed.length(), () -> masker.mask(mixed));
        report("mixed corpus bytes", mixed.length(), () -> masker.mask(mixedBytes));
        report("stream 16 KiB chunks", mixed.length(), () -> streamed(masker, mixedBytes));
        report("naive mixed corpus", mixed.length(), () -> naive.mask(mixed));
        byte[] coloured = grepColoured(mixed).getBytes(StandardCharsets.ISO_8859_1);
        report("grep --color corpus bytes", coloured.length, () -> masker.mask(coloured));
        report("grep --color streamed", coloured.length, () -> streamed(masker, coloured));
        for (String s : SHORT) {
            shortString(masker, s);
        }
        // Known values (a command connection's env secret, a JIT session's STS credential) and the forms they are found in.
        Masker known = masker.withSecrets(MaskingCorpus.knownSecrets());
        report("clean + known secrets", clean.length(), () -> known.mask(clean));
        report("mixed bytes + known", mixed.length(), () -> known.mask(mixedBytes));
        report("stream + known secrets", mixed.length(), () -> streamed(known, mixedBytes));
        for (String s : SHORT) {
            shortString(known, s);
        }
    }

    /** Every line as grep --color=always prints it, its first "e" highlighted: terminal output's worst usual case. */
    private static String grepColoured(String corpus) {
        return corpus.replaceAll("(?m)^([^e\n]*)e", "$1\u001B[01;31m\u001B[Ke\u001B[m\u001B[K");
    }

    /** Lines of the sample corpus the reference masker leaves alone: realistic text with no secret in it. */
    private static String cleanLines(String corpus, NaiveMasker naive) {
        StringBuilder sb = new StringBuilder();
        for (String line : corpus.split("\n")) {
            if (naive.mask(line).equals(line)) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** Digits, dashes and dots everywhere: the worst case for the digit-shaped detectors' prefilters. */
    private static String numbersCsv(int size) {
        StringBuilder sb = new StringBuilder(size + 100);
        java.util.Random r = new java.util.Random(11);
        while (sb.length() < size) {
            sb.append(r.nextInt(1_000_000)).append(',').append(r.nextInt(1000)).append('.').append(r.nextInt(100))
                    .append(",2024-0").append(1 + r.nextInt(9)).append("-1").append(r.nextInt(10))
                    .append(',').append(r.nextInt(Integer.MAX_VALUE)).append(",word").append(r.nextInt(50)).append('\n');
        }
        return sb.toString();
    }

    private static Object streamed(Masker m, byte[] in) {
        StreamMasker s = m.stream();
        long n = 0;
        for (int off = 0; off < in.length; off += CHUNK) {
            n += s.feed(in, off, Math.min(CHUNK, in.length - off)).length;
        }
        return n + s.finish().length;
    }

    private static void report(String name, int chars, Supplier<Object> run) {
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 5 || System.nanoTime() < deadline; i++) {
            long t = System.nanoTime();
            run.get();
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("%-24s %8.1f MB/s  (%.2f ms per %d KiB)%n", name, chars / (best / 1e9) / 1e6,
                best / 1e6, chars / 1024);
    }

    private static void shortString(Masker m, String s) {
        int iterations = 2_000_000;
        Object sink = null;
        for (int i = 0; i < iterations; i++) {  // warm up
            sink = m.mask(s);
        }
        long bytes = allocatedBytes();
        long t = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            sink = m.mask(s);
        }
        long ns = System.nanoTime() - t;
        bytes = allocatedBytes() - bytes;
        System.out.printf("short %-26s %7.1f ns/call %7.1f B/call  same instance: %s%n", '"' + s + '"',
                (double) ns / iterations, (double) bytes / iterations, sink == s);
    }

    private static long allocatedBytes() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getCurrentThreadAllocatedBytes();
    }
}
