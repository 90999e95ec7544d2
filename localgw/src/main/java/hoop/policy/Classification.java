package hoop.policy;

import hoop.policy.shell.SimpleCommand;
import java.util.List;

/**
 * A command broken into the units policy judges one by one. A unit's command is null when the unit has no
 * argv to show (the "unknown" unit standing for whatever could not be resolved statically).
 */
public record Classification(List<Unit> units, List<String> unknownReasons) {
    public Classification {
        units = List.copyOf(units);
        unknownReasons = List.copyOf(unknownReasons);
    }

    public record Unit(String kind, SimpleCommand command) {}

    public boolean unknown() {
        return !unknownReasons.isEmpty();
    }

    public List<String> kinds() {
        return units.stream().map(Unit::kind).distinct().toList();
    }
}
