package hoop.policy;

/**
 * A command's text as a rule's regex reads it, with a deadline. A policy regex that backtracks without end on
 * some input (nested quantifiers over a long statement) would hold the thread judging it, an event loop
 * shared with other clients, for minutes; java.util.regex cannot be interrupted, but it reads its input only
 * through charAt, so the reading itself stops it. The command is then not judged, so it is denied.
 */
final class BoundedText implements CharSequence {
    /** Far beyond what any sane pattern needs on any statement, short enough that other clients barely notice. */
    static final long BUDGET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);

    private final CharSequence text;
    private final long deadline;
    private final String rule;
    private int reads;

    private BoundedText(CharSequence text, long deadline, String rule) {
        this.text = text;
        this.deadline = deadline;
        this.rule = rule;
    }

    static BoundedText of(CharSequence text, String rule) {
        return new BoundedText(text, System.nanoTime() + BUDGET_NANOS, rule);
    }

    @Override
    public char charAt(int index) {
        if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
            throw new RuleTimeout("rule '" + rule + "': its text regex ran past " + BUDGET_NANOS / 1_000_000
                    + " ms on this command, as a pattern that backtracks without end does");
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.subSequence(start, end), deadline, rule);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
