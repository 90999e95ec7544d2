package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsReadTest {
    private static Set<String> read(String sql) {
        return SettingsRead.names(sql, Set.of("kept_view", "reads_it"));
    }

    @Test
    void namedReadsGiveTheirNames() {
        assertEquals(Set.of("search_path"), read("SHOW search_path"));
        assertEquals(Set.of("timezone"), read("show TIME ZONE;"));
        assertEquals(Set.of("transaction_isolation"), read("SHOW TRANSACTION ISOLATION LEVEL"));
        assertEquals(Set.of("my.q"), read("SHOW my.q"));
        assertEquals(Set.of("timezone"), read("SHOW \"TimeZone\""));
        assertEquals(Set.of("statement_timeout", "timezone"),
                read("SELECT 1, pg_catalog.current_setting('statement_timeout'), current_setting ( 'TimeZone' , true) -- current_setting(x)"));
        assertEquals(Set.of("work_mem"), read("select current_setting('work_mem'::text) /* SHOW ALL */"));
        assertEquals(Set.of(), read("SELECT 'current' || 'setting', name FROM customers"));
    }

    @Test
    void readsOfAnySettingGiveNull() {
        for (String q : new String[] {"SHOW ALL", "SELECT * FROM pg_settings", "select current_setting('my.' || 'q')",
                "select current_setting(E'my.q')", "select current_setting(U&'my.q')", "select current_setting($$my.q$$)",
                "select current_setting(name) from t", "select * from kept_view", "select public.\"Reads_It\"()",
                "select query_to_xml('select current_setting(''my.q'')', true, true, '')", "select 1 as show",
                "select current_setting('my.q'\n'x')", "select current_setting('a\\b')", "SELECT application_name FROM pg_stat_activity",
                "select current_setting('x') /* unterminated", "SHOW"}) {
            assertNull(read(q), q);
        }
    }
}
