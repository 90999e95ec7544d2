package hoop.protocol.postgres;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A denied statement is replaced, in place, by a statement that cannot parse and carries a random marker.
 * The upstream answers it with a syntax error exactly where the real statement would have run, so
 * pipelines, implicit transactions and transaction status stay as PostgreSQL itself would leave them;
 * the relay then swaps that error for hoop's 42501. The denied text never reaches the upstream.
 */
record PgDenial(String marker, String message) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static PgDenial of(String message) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new PgDenial("hoop_denied_" + HexFormat.of().formatHex(b), message);
    }

    /** SQL that fails to parse at its first token, which is the marker. */
    String sql() {
        return marker + " hoop";
    }

    boolean matches(String errorMessage) {
        return errorMessage != null && errorMessage.contains(marker);
    }
}
