package hoop.config;

import java.util.List;

/** A named policy: rules, plus what happens when none matches and when the command cannot be classified. */
public record PolicyConfig(String name, Action defaultAction, Action unknownAction, List<RuleConfig> rules, Location location) {}
