package hoop.policy.shell;

import hoop.config.ConfigLoader;
import hoop.config.DefaultConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.policy.CommandClassifier;
import hoop.policy.PolicyEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The shipped shell-guard policy (the default configuration's), deciding a script as hoop exec shell -- SCRIPT runs it. */
final class DefaultShellGuard {
    private static final PolicyEngine ENGINE = PolicyEngine.build(List.of(
            ConfigLoader.parse(Path.of("default-hoop.yaml"), DefaultConfig.text(), Map.of()).policies().get("shell-guard")));

    private DefaultShellGuard() {
    }

    /** The rule that denies the script ("NAME (review)" where one holds it), or "allow". */
    static String decide(String script) {
        List<String> argv = List.of("bash", "-c", script);
        Decision d = ENGINE.decide(new Command(null, script, argv), CommandClassifier.classify(argv));
        return switch (d) {
            case Decision.Deny x -> x.rule().replace("shell-guard.", "");
            case Decision.Review x -> x.rule().replace("shell-guard.", "") + " (review)";
            case Decision.Allow x -> "allow";
        };
    }
}
