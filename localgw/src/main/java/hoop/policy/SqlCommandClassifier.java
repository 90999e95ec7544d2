package hoop.policy;

import hoop.policy.sql.SqlClassifier;
import hoop.policy.sql.SqlKind;
import hoop.policy.sql.SqlStatement;
import java.util.ArrayList;
import java.util.List;

/** Classifies a SQL message statement by statement; every statement is its own unit. */
public final class SqlCommandClassifier {
    private SqlCommandClassifier() {}

    public static Classification classify(String sql) {
        return classify(sql, java.util.Set.of());
    }

    /** routines: the upstream's stored routines (lower case), whose calls are judged as procedural. */
    public static Classification classify(String sql, java.util.Set<String> routines) {
        List<Classification.Unit> units = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (SqlStatement s : SqlClassifier.classify(sql, routines)) {
            units.add(new Classification.Unit(s.kind().policyName(), null, s.flags(), s.tables(), s.text()));
            if (s.kind() == SqlKind.UNKNOWN) {
                unknown.add(s.unknownReasons().isEmpty() ? "unrecognised statement" : String.join("; ", s.unknownReasons()));
            }
        }
        return new Classification(units, unknown);
    }
}
