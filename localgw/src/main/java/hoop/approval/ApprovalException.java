package hoop.approval;

/** A decision that cannot be taken: unknown id, already decided, not allowed to decide. */
public final class ApprovalException extends RuntimeException {
    public enum Reason { NOT_FOUND, NOT_PENDING, FORBIDDEN }

    private final Reason reason;

    public ApprovalException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
