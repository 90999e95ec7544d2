package hoop.policy;

import hoop.config.Action;
import hoop.config.PolicyConfig;
import hoop.core.Command;
import hoop.core.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides a classified command against a connection's policies. Every unit is judged; within a policy the
 * strictest matching rule wins (so an allow rule can never shadow a deny), and across units and policies
 * the strictest decision wins. Units nothing matched get the policy's default; unresolvable input gets its
 * unknown action unless a rule names kind unknown.
 */
public final class PolicyEngine {
    private static final Duration DEFAULT_REVIEW_TIMEOUT = Duration.ofMinutes(5);

    private final List<Compiled> policies;

    private record Compiled(PolicyConfig config, List<CompiledRule> rules) {}

    private PolicyEngine(List<Compiled> policies) {
        this.policies = policies;
    }

    public static PolicyEngine build(List<PolicyConfig> configs) {
        List<Compiled> compiled = new ArrayList<>();
        for (PolicyConfig p : configs) compiled.add(new Compiled(p, p.rules().stream().map(CompiledRule::new).toList()));
        return new PolicyEngine(List.copyOf(compiled));
    }

    public Decision decide(Command cmd, Classification c) {
        Decision result = new Decision.Allow(null, false, null);
        for (Compiled p : policies) result = Decision.strictest(result, decide(p, cmd, c));
        return result;
    }

    private Decision decide(Compiled p, Command cmd, Classification c) {
        PolicyConfig cfg = p.config();
        if (c.units().isEmpty()) return toDecision(cfg.defaultAction(), cfg.name() + ".default", null, null, null);
        Decision result = null;
        for (Classification.Unit unit : perResource(c.units())) {
            Decision unitDecision = null;
            boolean covered = false;
            for (CompiledRule r : p.rules()) {
                if (r.matches(unit, cmd)) {
                    unitDecision = unitDecision == null ? r.decision() : Decision.strictest(unitDecision, r.decision());
                    covered |= r.coversAll(unit);
                }
            }
            // A prefix unit stands for many keys: unless one rule matches them all, some may match none and get the default.
            if (unitDecision != null && !covered) unitDecision = Decision.strictest(unitDecision, toDecision(cfg.defaultAction(), cfg.name() + ".default", null, null, null));
            if (unitDecision == null) {
                unitDecision = Kinds.UNKNOWN.equals(unit.kind())
                        ? toDecision(cfg.unknownAction(), cfg.name() + ".unknown",
                                "cannot be classified statically: " + (unit.argv() != null && unit.argv().file() != null
                                        ? unit.argv().file().reason() : String.join("; ", c.unknownReasons())), null, null)
                        : toDecision(cfg.defaultAction(), cfg.name() + ".default", null, null, null);
            }
            result = result == null ? unitDecision : Decision.strictest(result, unitDecision);
        }
        return result;
    }

    /**
     * A call naming several resources (a batch, DeleteObjects' keys) or a statement naming several tables is judged
     * on each: an allow rule matching one of them allowed the others with it, whatever rules or default they had.
     * A deny or review rule matches the one it names as it matched the whole.
     */
    private static List<Classification.Unit> perResource(List<Classification.Unit> units) {
        List<Classification.Unit> out = new ArrayList<>();
        for (Classification.Unit u : units) {
            if (u.resources().size() > 1) {
                for (String r : u.resources()) out.add(new Classification.Unit(u.kind(), u.argv(), u.flags(), u.tables(), u.text(), u.operation(), List.of(r)));
            } else if (u.tables().size() > 1) {
                for (String t : u.tables()) out.add(new Classification.Unit(u.kind(), u.argv(), u.flags(), List.of(t), u.text(), u.operation(), u.resources()));
            } else {
                out.add(u);
            }
        }
        return out;
    }

    static Decision toDecision(Action action, String rule, String message, Duration timeout, Decision.OnTimeout onTimeout) {
        return switch (action) {
            case ALLOW -> new Decision.Allow(rule, false, message);
            case FLAG -> new Decision.Allow(rule, true, message);
            case REVIEW -> new Decision.Review(rule, message, timeout == null ? DEFAULT_REVIEW_TIMEOUT : timeout,
                    onTimeout == null ? Decision.OnTimeout.DENY : onTimeout);
            case DENY -> new Decision.Deny(rule, message == null ? "not allowed by policy" : message);
        };
    }
}
