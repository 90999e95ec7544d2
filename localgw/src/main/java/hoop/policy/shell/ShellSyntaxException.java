package hoop.policy.shell;

/** Internal signal that the input cannot be parsed; always converted to an unknown reason. */
final class ShellSyntaxException extends RuntimeException {
    ShellSyntaxException(String message) {
        super(message, null, false, false);
    }
}
