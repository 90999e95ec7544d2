package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlKindTest {

    @Test
    void policyNamesRoundTrip() {
        for (SqlKind k : SqlKind.values()) {
            assertEquals(Optional.of(k), SqlKind.fromPolicyName(k.policyName()));
        }
        assertEquals("copy-program", SqlKind.COPY_PROGRAM.policyName());
        assertEquals(Optional.of(SqlKind.COPY_OUT), SqlKind.fromPolicyName(" COPY_OUT "));
        assertTrue(SqlKind.fromPolicyName("nope").isEmpty());
        assertTrue(SqlKind.fromPolicyName(null).isEmpty());
    }

    @Test
    void strictestPicksTheMostDangerous() {
        assertEquals(SqlKind.WRITE, SqlClassifier.strictest(SqlClassifier.classify("SELECT 1; DELETE FROM t WHERE a = 1")));
        assertEquals(SqlKind.UNKNOWN, SqlClassifier.strictest(SqlClassifier.classify("SELECT 1; FOO")));
        assertEquals(SqlKind.COPY_PROGRAM, SqlClassifier.strictest(SqlClassifier.classify("GRANT x TO y; COPY t TO PROGRAM 'x'")));
        assertEquals(SqlKind.UNKNOWN, SqlClassifier.strictest(List.of()));
    }

    @Test
    void recordEnforcesUnknownReasons() {
        assertThrows(IllegalArgumentException.class,
                () -> new SqlStatement("x", SqlKind.UNKNOWN, Set.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new SqlStatement("x", SqlKind.READ, Set.of(), List.of(), List.of("why")));
        SqlStatement s = Cases.single("FOO BAR");
        assertEquals(SqlKind.UNKNOWN, s.kind());
        assertTrue(s.unknownReasons().get(0).contains("foo"));
    }
}
