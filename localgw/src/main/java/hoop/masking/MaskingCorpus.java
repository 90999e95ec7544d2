package hoop.masking;

import java.util.Locale;
import java.util.Random;

/**
 * Deterministic sample output for benchmarks: log lines, JSON and CSV rows, about 1% of lines carrying
 * a secret, so both the clean fast path and the match path are exercised as in real traffic.
 */
public final class MaskingCorpus {
    private static final long SEED = 0x5EC12E7L;
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
    private static final String[] STATUS = {"ok", "pending", "failed", "retry", "done"};
    private static final String[] PATHS = {"/api/v1/items", "/api/v1/orders", "/healthz", "/api/v2/users", "/login"};
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private MaskingCorpus() {
    }

    /**
     * Known secrets (a connection's ${env:}/${file:} values, a session's STS credential) as benchmarks configure them:
     * an API token, an STS access key id, its secret key and a session token of the usual length.
     */
    public static java.util.List<String> knownSecrets() {
        Random r = new Random(5);
        return java.util.List.of("tok_" + random(r, ALNUM, 28), "ASIA" + random(r, ALNUM, 16).toUpperCase(Locale.ROOT),
                random(r, ALNUM, 40), "IQoJb3JpZ2luX2VjE" + random(r, ALNUM, 900));
    }

    public static String sampleCorpus(int approxBytes) {
        Random r = new Random(SEED);
        StringBuilder sb = new StringBuilder(approxBytes + 256);
        while (sb.length() < approxBytes) {
            if (r.nextInt(100) == 0) {
                secretLine(sb, r);
            } else {
                switch (r.nextInt(4)) {
                    case 0 -> jsonLine(sb, r);
                    case 1 -> csvLine(sb, r);
                    default -> logLine(sb, r);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void logLine(StringBuilder sb, Random r) {
        sb.append(String.format(Locale.ROOT, "2024-05-%02d %02d:%02d:%02d.%03d INFO  [worker-%d] GET %s/%d status=200 duration_ms=%d"
                        + " bytes=%d request_id=%016x",
                1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000), r.nextInt(8),
                pick(r, PATHS), r.nextInt(100_000), r.nextInt(900), r.nextInt(1 << 20), r.nextLong()));
    }

    private static void jsonLine(StringBuilder sb, Random r) {
        sb.append(String.format(Locale.ROOT, "{\"id\":%d,\"name\":\"%s\",\"status\":\"%s\",\"price\":%d.%02d,\"tags\":[\"x%d\",\"y%d\"]}",
                r.nextInt(1_000_000), pick(r, NAMES), pick(r, STATUS), r.nextInt(500), r.nextInt(100),
                r.nextInt(10), r.nextInt(10)));
    }

    private static void csvLine(StringBuilder sb, Random r) {
        sb.append(String.format(Locale.ROOT, "%d,%s,%s,Springfield,%d.%02d,%s",
                r.nextInt(100_000), pick(r, NAMES), pick(r, NAMES).toUpperCase(Locale.ROOT), r.nextInt(1000), r.nextInt(100),
                pick(r, STATUS)));
    }

    private static void secretLine(StringBuilder sb, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> sb.append("INFO signup completed for ").append(pick(r, NAMES)).append(r.nextInt(100))
                    .append("@example.com");
            case 1 -> sb.append(pick(r, NAMES)).append(",card,").append(cardNumber(r)).append(",EUR");
            case 2 -> sb.append("export AWS_ACCESS_KEY_ID=AKIA").append(random(r, BASE32, 16));
            case 3 -> sb.append("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJ")
                    .append(random(r, ALNUM, 40)).append('.').append(random(r, ALNUM, 43));
            case 4 -> sb.append("{\"user\":\"").append(pick(r, NAMES)).append("\",\"password\":\"")
                    .append(random(r, ALNUM, 12)).append("\"}");
            default -> sb.append("git clone https://ghp_").append(random(r, ALNUM, 36)).append("@github.com/acme/app");
        }
    }

    /** A 16-digit Visa-like number with a correct Luhn check digit. */
    static String cardNumber(Random r) {
        int[] d = new int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) {
            d[i] = r.nextInt(10);
        }
        int sum = 0;
        for (int i = 14, k = 0; i >= 0; i--, k++) {
            int v = k % 2 == 0 ? d[i] * 2 : d[i];
            sum += v > 9 ? v - 9 : v;
        }
        d[15] = (10 - sum % 10) % 10;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(d[i]);
        }
        return sb.toString();
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
