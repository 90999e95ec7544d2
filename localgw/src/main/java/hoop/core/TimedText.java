package hoop.core;

/**
 * A text as an operator's regex reads it, with a deadline. A regex that backtracks without end on some input
 * (nested quantifiers over a long statement or output) would hold the thread running it, an event loop shared
 * with other clients, for minutes. java.util.regex cannot be interrupted, but it reads its input only through
 * charAt, so the reading itself stops it: the caller then fails closed (a policy denies the command, a masker
 * masks what it could not read).
 */
public final class TimedText implements CharSequence {
    /** Far beyond what a sane pattern needs on any statement or chunk, short enough that other clients barely notice. */
    public static final long BUDGET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    /** The regex ran past its deadline. */
    public static final class Expired extends RuntimeException {
        private Expired() {
            super("a regex ran past " + BUDGET_NANOS / 1_000_000 + " ms", null, false, false);
        }
    }

    private final CharSequence text;
    private final long deadline;
    private int reads;

    private TimedText(CharSequence text, long deadline) {
        this.text = text;
        this.deadline = deadline;
    }

    public static TimedText of(CharSequence text) {
        return new TimedText(text, System.nanoTime() + BUDGET_NANOS);
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
            throw new Expired();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new TimedText(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
