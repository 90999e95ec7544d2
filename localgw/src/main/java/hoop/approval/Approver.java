package hoop.approval;

import java.util.List;
import java.util.Optional;

/**
 * Who is deciding, and the approver rules that say whether they may. name is the identity's subject (what
 * requests record as requester); aliases (an OIDC email) also match user:NAME rules.
 */
public record Approver(String name, List<String> groups, List<String> aliases) {
    public Approver {
        groups = List.copyOf(groups);
        aliases = List.copyOf(aliases);
    }

    public Approver(String name, List<String> groups) {
        this(name, groups, List.of());
    }

    /** Empty when allowed; otherwise why not. An empty approver list lets any control-API holder decide. */
    Optional<String> refusal(List<String> approvers, String requester, String rule) {
        if (approvers.isEmpty()) return Optional.empty();
        if (name.equals(requester)) {
            return approvers.contains("self") ? Optional.empty()
                    : Optional.of(name + " requested this command and may not approve it (rule " + rule + " does not list self)");
        }
        if (approvers.contains("user:" + name)) return Optional.empty();
        for (String a : aliases) if (approvers.contains("user:" + a)) return Optional.empty();
        for (String g : groups) if (approvers.contains("group:" + g)) return Optional.empty();
        return Optional.of(name + " is not an approver for rule " + rule + " (approvers: " + String.join(", ", approvers) + ")");
    }
}
