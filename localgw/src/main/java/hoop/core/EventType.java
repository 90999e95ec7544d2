package hoop.core;

/** Event types in a recording; names are stored, so they never change once released. */
public enum EventType {
    SESSION_START, COMMAND, DECISION, APPROVAL_REQUESTED, APPROVAL_DECIDED, OUTPUT, INPUT, RESULT, EXIT, ERROR, SESSION_END,
    /** A control-API call refused for its credential (recorded in the gateway's audit session, see ControlAuth). */
    AUTH_REJECTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
