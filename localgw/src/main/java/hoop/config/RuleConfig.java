package hoop.config;

import hoop.core.Decision;
import java.time.Duration;

/** One policy rule; name defaults to "policy#N" so denials can always name the rule. */
public record RuleConfig(String name, Action action, MatchConfig match, String message, Duration timeout,
                         Decision.OnTimeout onTimeout, java.util.List<String> approvers, int minApprovals, Duration window,
                         Location location) {}
