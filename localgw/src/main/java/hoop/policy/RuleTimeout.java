package hoop.policy;

/** A rule's regex ran out of time on a command (see BoundedText): the command could not be judged. */
public final class RuleTimeout extends RuntimeException {
    RuleTimeout(String message) {
        super(message, null, false, false);
    }
}
