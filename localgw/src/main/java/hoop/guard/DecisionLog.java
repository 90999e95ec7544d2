package hoop.guard;

import hoop.core.Command;
import hoop.core.Verdict;

/** Where the gateway reports each judged command (its console); receives the masked text only. */
@FunctionalInterface
public interface DecisionLog {
    void judged(Command command, String maskedText, Verdict verdict);

    DecisionLog NONE = (c, t, v) -> {};
}
