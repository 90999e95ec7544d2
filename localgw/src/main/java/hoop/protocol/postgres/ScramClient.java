package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Client side of one SCRAM-SHA-256 exchange, used when hoop authenticates to the upstream.
 * Sends gs2 header {@code n,,} (no channel binding). One instance per attempt; not thread-safe.
 */
public final class ScramClient {
    public static final String MECHANISM = Scram.MECHANISM;
    /**
     * Upper bound on the iteration count we agree to compute: a hostile server could otherwise
     * pin a CPU for minutes per login. PostgreSQL's default is 4096.
     */
    public static final int MAX_ITERATIONS = 10_000_000;

    private final String username;
    private final String password;
    private String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;

    /** PostgreSQL ignores the SCRAM user name in favour of the startup user, so it is sent empty. */
    public ScramClient(String password) {
        this("", password);
    }

    public ScramClient(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** Test hook: RFC 7677's vector needs a fixed client nonce. */
    ScramClient withNonce(String nonce) {
        Scram.checkNonce(nonce, "client nonce");
        this.clientNonce = nonce;
        return this;
    }

    public byte[] clientFirst() {
        if (clientFirstBare != null) {
            throw new IllegalStateException("clientFirst already called");
        }
        if (clientNonce == null) {
            clientNonce = Scram.newNonce();
        }
        clientFirstBare = "n=" + Scram.escapeName(username) + ",r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] clientFinal(byte[] serverFirstMessage) {
        if (clientFirstBare == null) {
            throw new IllegalStateException("clientFirst not called");
        }
        if (expectedServerSignature != null) {
            throw new IllegalStateException("clientFinal already called");
        }
        String serverFirst = Scram.utf8(serverFirstMessage, "server-first-message");
        String[] p = serverFirst.split(",", -1);
        if (p.length < 3) {
            throw new ScramException("server-first-message: too few attributes");
        }
        if (p[0].startsWith("m=")) {
            throw new ScramException("server-first-message: unsupported mandatory extension");
        }
        String nonce = Scram.attr(p[0], 'r', "server-first-message");
        Scram.checkNonce(nonce, "server-first-message");
        // The server must extend our nonce; otherwise this could be a replayed exchange.
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new ScramException("server-first-message: nonce does not extend the client nonce");
        }
        byte[] salt = Scram.unb64(Scram.attr(p[1], 's', "server-first-message"), "salt");
        if (salt.length == 0) {
            throw new ScramException("server-first-message: empty salt");
        }
        Scram.checkExtensions(p, 3, p.length, "server-first-message");
        int iterations;
        try {
            iterations = Integer.parseInt(Scram.attr(p[2], 'i', "server-first-message"));
        } catch (NumberFormatException e) {
            throw new ScramException("server-first-message: invalid iteration count", e);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new ScramException("server-first-message: iteration count out of range: " + iterations);
        }

        byte[] salted = Scram.saltedPassword(password, salt, iterations);
        byte[] clientKey = Scram.clientKey(salted);
        String withoutProof = "c=" + Scram.b64("n,,".getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = Scram.hmac(Scram.sha256(clientKey), authMessage);
        byte[] proof = Scram.xor(clientKey, clientSignature);
        expectedServerSignature = Scram.hmac(Scram.serverKey(salted), authMessage);
        return (withoutProof + ",p=" + Scram.b64(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Proves the server knew the verifier too; without this check an impostor upstream could
     * accept any password. Throws on an error attribute or a wrong signature.
     */
    public void verifyServerFinal(byte[] serverFinalMessage) {
        if (expectedServerSignature == null) {
            throw new IllegalStateException("clientFinal not called");
        }
        if (verified) {
            throw new IllegalStateException("server-final already verified");
        }
        String msg = Scram.utf8(serverFinalMessage, "server-final-message");
        String first = msg.split(",", -1)[0];
        if (first.startsWith("e=")) {
            throw new ScramException("server reported SCRAM error: " + first.substring(2));
        }
        byte[] signature = Scram.unb64(Scram.attr(first, 'v', "server-final-message"), "server signature");
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException("server signature mismatch: upstream did not prove knowledge of the password");
        }
        verified = true;
    }

    public boolean isVerified() {
        return verified;
    }
}
