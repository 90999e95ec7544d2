package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hoop.core.Command;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An unqualified relation is named in each schema the connection's search_path was set to name. */
class SearchPathTest {

    @Test
    void theSchemasASearchPathNames() {
        // "$user" stays as written: only the connection knows which role the session runs as
        assertEquals(List.of("billing", "$user", "public"), List.copyOf(SqlClassifier.searchPathSchemas("SET search_path = billing, \"$user\", public")));
        assertEquals(List.of("billing", "x", "y"), List.copyOf(SqlClassifier.searchPathSchemas("SET LOCAL search_path TO Billing, 'x,y'")));
        assertEquals(List.of("billing"), List.copyOf(SqlClassifier.searchPathSchemas("SELECT set_config('search_path', 'billing', false)")));
        assertEquals(List.of(), List.copyOf(SqlClassifier.searchPathSchemas("SET search_path TO DEFAULT")));
        // a startup parameter's value, read as set_config's is; "default" quoted is a schema, DEFAULT is none
        assertEquals(List.of("billing", "Ops", "$user", "default", "a\"b"),
                List.copyOf(SqlClassifier.searchPathListed("Billing, \"Ops\", \"$user\", \"default\", default, \"a\"\"b\"")));
        assertEquals("unknown", SqlClassifier.classify("SELECT set_config('search_path', current_user, false)").get(0).kind().policyName());
    }

    /**
     * SET [SESSION | LOCAL] SCHEMA 'x' is the server's other spelling of SET search_path TO 'x' (a role's or database's
     * SET clause takes it too); SCHEMA followed by a name moves an object and sets no path.
     */
    @Test
    void setSchemaIsTheSearchPathToo() {
        assertEquals(List.of("billing"), List.copyOf(SqlClassifier.searchPathSchemas("SET SCHEMA 'billing'")));
        assertEquals(List.of("billing"), List.copyOf(SqlClassifier.searchPathSchemas("/* x */ set session schema E'Billing'")));
        assertEquals(List.of("billing"), List.copyOf(SqlClassifier.searchPathSchemas("SET LOCAL SCHEMA U&'\\0062illing'")));
        assertEquals(List.of("billing"), List.copyOf(SqlClassifier.searchPathSchemas("ALTER ROLE r IN DATABASE app SET SCHEMA $$billing$$")));
        assertEquals(List.of("invoices", "billing.invoices"),
                SqlClassifier.classify("SET SCHEMA 'billing'; UPDATE invoices SET paid = true WHERE id = 1").get(1).tables());
        // neighbours: moving an object, reading information_schema, a schema's DDL
        assertEquals(List.of(), List.copyOf(SqlClassifier.searchPathSchemas("ALTER TABLE t SET SCHEMA billing")));
        assertEquals(List.of(), List.copyOf(SqlClassifier.searchPathSchemas("ALTER FUNCTION f() SET SCHEMA billing")));
        assertEquals(List.of(), List.copyOf(SqlClassifier.searchPathSchemas("SELECT * FROM information_schema.tables")));
        assertEquals(List.of(), List.copyOf(SqlClassifier.searchPathSchemas("CREATE SCHEMA billing")));
        assertEquals("session", SqlClassifier.classify("SET SCHEMA 'billing'").get(0).kind().policyName());
    }

    @Test
    void anUnqualifiedNameIsInEachOfThem() {
        List<SqlStatement> s = SqlClassifier.classify("SET search_path = billing; UPDATE invoices SET paid = true WHERE id = 1; SELECT * FROM s.t");
        assertEquals(List.of("invoices", "billing.invoices"), s.get(1).tables());
        assertEquals(List.of("s.t"), s.get(2).tables());
        Set<String> marked = Set.of(Command.SEARCH_PATH, Command.onSearchPath("billing"));
        assertEquals(List.of("invoices", "billing.invoices"), SqlClassifier.classify("DELETE FROM invoices WHERE id = 1", marked).get(0).tables());
        assertEquals(List.of("invoices"), SqlClassifier.classify("DELETE FROM invoices WHERE id = 1").get(0).tables());
        // an unresolved "$user" names no schema of its own
        assertEquals(List.of("invoices", "billing.invoices"), SqlClassifier.classify("SET search_path = \"$user\", billing; DELETE FROM invoices WHERE id = 1").get(1).tables());
    }

    /** Code hoop does not see earlier in the message may have set the search_path to anything: any schema's name. */
    @Test
    void afterUnseenCodeInTheMessageAnUnqualifiedNameIsInAnySchema() {
        List<SqlStatement> s = SqlClassifier.classify("DO $$ BEGIN PERFORM set_config('search_path', 'billing', false); END $$;"
                + " UPDATE invoices SET paid = true WHERE id = 1; SELECT * FROM s.t, u");
        assertEquals(List.of("invoices", "*.invoices"), s.get(1).tables());
        assertEquals(List.of("s.t", "u", "*.u"), s.get(2).tables());
        assertEquals(List.of("invoices"), SqlClassifier.classify("UPDATE invoices SET paid = true WHERE id = 1; SELECT 1").get(0).tables());
    }

    @Test
    void theSchemasKeptBesideTheRoutinesAreThoseListedAmongThem() {
        Set<String> catalog = Set.of("pg_read_file", "set_config");
        Set<String> once = Command.withSearchPath(catalog, List.of("billing", "$user"));
        Set<String> twice = Command.withSearchPath(once, List.of("ops", "billing"));
        assertEquals(Set.of("billing", "$user", "ops"), Set.copyOf(Command.searchPathSchemas(twice)));
        assertEquals(3, Command.searchPathSchemas(twice).size());
        // the same set copied (as an adapter marking it does) loses the list, and its schemas are found by the walk
        assertEquals(Set.of("billing", "$user", "ops"), Set.copyOf(Command.searchPathSchemas(new java.util.HashSet<>(twice))));
        assertEquals(new java.util.HashSet<>(twice), twice);
        assertEquals(List.of(), Command.searchPathSchemas(catalog));
        assertEquals(List.of("invoices", "billing.invoices", "ops.invoices"),
                SqlClassifier.classify("SET search_path = ops; DELETE FROM invoices WHERE id = 1", once).get(1).tables());
    }

    /** A catalog relation found through the search_path is judged as it is named with its schema: a TOAST table reads any. */
    @Test
    void aCatalogRelationFoundThroughTheSearchPathIsJudgedAsQualified() {
        Set<String> marked = Set.of(Command.SEARCH_PATH, Command.onSearchPath("pg_toast"));
        assertEquals(List.of("pg_toast_16417", "pg_toast.pg_toast_16417", "*"),
                SqlClassifier.classify("SELECT chunk_data FROM pg_toast_16417", marked).get(0).tables());
        assertEquals(List.of("pg_toast.pg_toast_16417", "*"), SqlClassifier.classify("COPY pg_toast.pg_toast_16417 TO STDOUT").get(0).tables());
        assertEquals(List.of("pg_catalog.pg_statistic", "*"), SqlClassifier.classify("COPY \"pg_catalog\".pg_statistic TO STDOUT").get(0).tables());
    }
}
