package hoop.core;

/** The final word on a command: the policy decision and, for a review, how the approval ended. */
public record Verdict(boolean allowed, Decision decision, String decidedBy, String reason) {
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
