package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Shared helpers so the table-driven tests read as "SQL -> expected kinds". */
final class Cases {

    private Cases() {
    }

    /** Expected kinds are policy names, one per statement, comma-separated. */
    static void assertKinds(String sql, String expected) {
        List<SqlStatement> got = SqlClassifier.classify(sql);
        String actual = got.stream().map(s -> s.kind().policyName()).collect(Collectors.joining(","));
        assertEquals(expected, actual, () -> "for SQL: " + sql + "\n  got: " + describe(got));
    }

    static SqlStatement single(String sql) {
        List<SqlStatement> got = SqlClassifier.classify(sql);
        assertEquals(1, got.size(), () -> "expected one statement for: " + sql + " got " + describe(got));
        return got.get(0);
    }

    static List<String> list(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    static String describe(List<SqlStatement> got) {
        return got.stream()
                .map(s -> s.kind().policyName() + s.flags() + s.tables() + s.unknownReasons())
                .collect(Collectors.joining(" | "));
    }
}
