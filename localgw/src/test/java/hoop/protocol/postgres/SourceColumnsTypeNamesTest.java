package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.policy.sql.SqlClassifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A built-in type the catalog lists as cast to from another built-in through a built-in with effects is met under the
 * names SQL writes it by too: '1'::boolean and CAST(x AS integer) convert to bool and int4.
 */
class SourceColumnsTypeNamesTest {

    private static SourceColumns read(String kind, String oid, String name) {
        SourceColumns s = new SourceColumns();
        s.add(new PgBackendMessage.DataRow(List.of(b(kind), b(oid), b("0"), b(name), b(""))));
        s.resolve();
        return s;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String kind(String sql, SourceColumns s) {
        return SqlClassifier.classify(sql, s.routines()).get(0).kind().policyName();
    }

    @Test
    void aBuiltInTypeIsMetUnderItsSqlNames() {
        SourceColumns bool = read("na", "0", "bool");
        assertEquals("procedural", kind("SELECT '1'::boolean", bool));
        assertEquals("procedural", kind("SELECT '1'::bool", bool));
        SourceColumns int4 = read("na", "0", "int4");
        assertEquals("procedural", kind("SELECT CAST(x AS integer) FROM t", int4));
        assertEquals("procedural", kind("SELECT x::int FROM t", int4));
        assertEquals("read", kind("SELECT x::bigint FROM t", int4));
    }

    @Test
    void aTypeReachingARoutineOtherwiseIsMetUnderItsOwnNameAlone() {
        // int4 cast to from a user-defined type through a stored routine: the tables of that type are named instead
        assertEquals("read", kind("SELECT x::int FROM t", read("n", "23", "int4")));
        assertEquals("procedural", kind("SELECT x::int4 FROM t", read("n", "23", "int4")));
    }
}
