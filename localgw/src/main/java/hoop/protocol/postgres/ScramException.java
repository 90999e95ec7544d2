package hoop.protocol.postgres;

/** A SCRAM exchange failed: malformed message, wrong nonce, or an unverifiable server. */
public final class ScramException extends RuntimeException {
    public ScramException(String message) {
        super(message);
    }

    public ScramException(String message, Throwable cause) {
        super(message, cause);
    }
}
