package hoop.identity;

/** A bearer token the gateway does not accept; reason is a short stable code for the audit record. */
public final class TokenRejected extends Exception {
    private final String reason;

    public TokenRejected(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
