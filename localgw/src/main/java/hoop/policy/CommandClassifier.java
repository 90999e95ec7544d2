package hoop.policy;

import hoop.policy.shell.DataLoss;
import hoop.policy.shell.ShellAnalysis;
import hoop.policy.shell.ShellClassifier;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;

/** Classifies the argv a command connection will execute, by the shell's grammar rather than by prefix. */
public final class CommandClassifier {
    private CommandClassifier() {}

    public static Classification classify(List<String> argv) {
        return classify(ShellClassifier.analyzeArgv(argv));
    }

    /** home: $HOME of the user the argv runs as (a run_as user's, else the gateway's), where ~ and a bare cd lead. */
    public static Classification classify(List<String> argv, String home) {
        return classify(ShellClassifier.analyzeArgv(argv, home));
    }

    private static Classification classify(ShellAnalysis analysis) {
        List<Classification.Unit> units = new ArrayList<>();
        for (int k = 0; k < analysis.commands().size(); k++) {
            SimpleCommand c = analysis.commands().get(k);
            java.util.Set<String> flags = analysis.destroys(k) == null ? java.util.Set.of() : java.util.Set.of(DataLoss.FLAG);
            units.add(new Classification.Unit(Kinds.EXEC, c, flags, List.of(), c.display()));
            // ./gradlew is run as gradlew and as whatever the file holds: a rule of kind unknown naming the file judges that
            if (c.file() != null) units.add(Classification.Unit.shell(Kinds.UNKNOWN, c));
        }
        if (!analysis.commandlessReasons().isEmpty()) units.add(Classification.Unit.shell(Kinds.UNKNOWN, null));
        return new Classification(units, analysis.unknownReasons());
    }
}
