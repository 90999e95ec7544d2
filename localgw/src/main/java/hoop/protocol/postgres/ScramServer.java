package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Server side of one SCRAM-SHA-256 exchange, used when a client authenticates to hoop.
 * Channel binding is not offered: the client must send gs2 header {@code n,,} or {@code y,,}
 * ("y" only says the client could bind but believes the server cannot, which is true here).
 *
 * <p>One instance per authentication attempt; not thread-safe. Malformed client messages raise
 * {@link ScramException}; a well-formed but wrong proof yields an empty result.
 */
public final class ScramServer {
    private final ScramVerifier verifier;
    private String serverNonceSuffix;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String combinedNonce;
    private String username;
    private boolean finished;

    public ScramServer(String password) {
        this(ScramVerifier.generate(password, ScramVerifier.DEFAULT_ITERATIONS));
    }

    public ScramServer(ScramVerifier verifier) {
        this.verifier = verifier;
    }

    /** Test hook: RFC 7677's vector needs a fixed server nonce. */
    ScramServer withServerNonce(String suffix) {
        this.serverNonceSuffix = suffix;
        return this;
    }

    /** The (unescaped) user name from client-first; PostgreSQL clients send it empty. */
    public String username() {
        return username;
    }

    public byte[] serverFirst(byte[] clientFirstMessage) {
        if (serverFirst != null) {
            throw new IllegalStateException("serverFirst already called");
        }
        if (clientFirstMessage == null) {
            // SASLInitialResponse may legally carry no data (length -1), but SCRAM needs it.
            throw new ScramException("client-first-message missing");
        }
        String msg = Scram.utf8(clientFirstMessage, "client-first-message");
        String[] p = msg.split(",", -1);
        if (p.length < 4) {
            throw new ScramException("client-first-message: too few attributes");
        }
        if (p[0].startsWith("p=")) {
            throw new ScramException("client-first-message: channel binding requested but not offered");
        }
        if (!p[0].equals("n") && !p[0].equals("y")) {
            throw new ScramException("client-first-message: invalid gs2 channel binding flag");
        }
        if (!p[1].isEmpty()) {
            // PostgreSQL refuses authzid too: the startup user is the only identity.
            throw new ScramException("client-first-message: authorization identity is not supported");
        }
        if (p[2].startsWith("m=")) {
            throw new ScramException("client-first-message: unsupported mandatory extension");
        }
        String name = Scram.attr(p[2], 'n', "client-first-message");
        Scram.checkSaslName(name, "client-first-message");
        String clientNonce = Scram.attr(p[3], 'r', "client-first-message");
        Scram.checkNonce(clientNonce, "client-first-message");
        Scram.checkExtensions(p, 4, p.length, "client-first-message");

        gs2Header = p[0] + ",,";
        clientFirstBare = msg.substring(gs2Header.length());
        username = name.replace("=2C", ",").replace("=3D", "=");
        String suffix = serverNonceSuffix != null ? serverNonceSuffix : Scram.newNonce();
        combinedNonce = clientNonce + suffix;
        serverFirst = "r=" + combinedNonce + ",s=" + Scram.b64(verifier.salt()) + ",i=" + verifier.iterations();
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the server-final message {@code v=...} when the proof is right, empty when it is not
     */
    public Optional<byte[]> serverFinal(byte[] clientFinalMessage) {
        if (serverFirst == null) {
            throw new IllegalStateException("serverFirst not called");
        }
        if (finished) {
            throw new IllegalStateException("exchange already finished");
        }
        finished = true;
        String msg = Scram.utf8(clientFinalMessage, "client-final-message");
        String[] p = msg.split(",", -1);
        if (p.length < 3) {
            throw new ScramException("client-final-message: too few attributes");
        }
        byte[] binding = Scram.unb64(Scram.attr(p[0], 'c', "client-final-message"), "channel binding");
        if (!MessageDigest.isEqual(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            // A different header here than in client-first would indicate a downgrade attempt.
            throw new ScramException("client-final-message: channel binding does not match gs2 header");
        }
        String nonce = Scram.attr(p[1], 'r', "client-final-message");
        if (!nonce.equals(combinedNonce)) {
            throw new ScramException("client-final-message: nonce mismatch");
        }
        Scram.checkExtensions(p, 2, p.length - 1, "client-final-message");
        String proofAttr = p[p.length - 1];
        byte[] proof = Scram.unb64(Scram.attr(proofAttr, 'p', "client-final-message"), "proof");
        String withoutProof = msg.substring(0, msg.length() - proofAttr.length() - 1);

        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] storedKey = verifier.storedKey();
        byte[] clientSignature = Scram.hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            return Optional.empty();
        }
        byte[] clientKey = Scram.xor(proof, clientSignature);
        if (!MessageDigest.isEqual(Scram.sha256(clientKey), storedKey)) {
            return Optional.empty();
        }
        byte[] serverSignature = Scram.hmac(verifier.serverKey(), authMessage);
        return Optional.of(("v=" + Scram.b64(serverSignature)).getBytes(StandardCharsets.UTF_8));
    }
}
