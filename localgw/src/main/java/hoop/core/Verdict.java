package hoop.core;

/**
 * The final word on a command: the policy decision and, for a review, how the approval ended. unknown: the classifier
 * could not read all of it (a policy that lets unknown commands run lets through what hoop did not see).
 */
public record Verdict(boolean allowed, Decision decision, String decidedBy, String reason, boolean unknown) {
    public Verdict(boolean allowed, Decision decision, String decidedBy, String reason) {
        this(allowed, decision, decidedBy, reason, false);
    }

    public Verdict withUnknown() {
        return new Verdict(allowed, decision, decidedBy, reason, true);
    }

    public static Verdict of(Decision d) {
        return new Verdict(!(d instanceof Decision.Deny), d, "policy", d instanceof Decision.Deny deny ? deny.message() : null);
    }

    /** One line a person reads on a denial: names the rule and why. */
    public String explain() {
        String rule = decision.rule() == null ? "default" : decision.rule();
        StringBuilder sb = new StringBuilder("denied by ").append(rule);
        if (decidedBy != null && !"policy".equals(decidedBy)) sb.append(" (").append(decidedBy).append(')');
        if (reason != null && !reason.isBlank()) sb.append(": ").append(reason);
        return sb.toString();
    }
}
