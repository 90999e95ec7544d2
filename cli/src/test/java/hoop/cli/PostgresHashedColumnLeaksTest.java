package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hash rule tells a column's values apart (a stable keyed HMAC, the same under every name): of a value computed from
 * the column, or one the client wrote, it told whether it equals a value the client picked. substr(email, 1, 1)
 * hashed as 'b' did, so an address came out a letter at a time. Rules: email hash.
 */
class PostgresHashedColumnLeaksTest {
    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE people (id int PRIMARY KEY, email text, notes text);
                    INSERT INTO people VALUES (1, 'alice@example.com', 'n1'), (2, 'bob@example.org', 'n2');
                    CREATE TABLE archive (id int, email text);
                    CREATE VIEW initials AS SELECT id, left(email, 1) AS email FROM people;
                    GRANT ALL ON people, archive, initials TO app_rw;
                    """);
        }
        gw = new TestGateway(dir.resolve("home"), TestGateway.config("""
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                    masking: [columns]
                masking:
                  columns:
                    columns: { email: hash }
                """.formatted(upstream.port())), UpstreamPostgres.PASSWORDS);
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    @Test
    void aValueComputedFromAHashedColumnOrNamedLikeItIsRedacted() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // The column's own values are hashed, each its own.
        List<String> own = PostgresEndToEndTest.psqlAll(s, "SELECT email FROM people ORDER BY id").allOk().out().lines().toList();
        assertEquals(2, own.size());
        assertTrue(own.stream().allMatch(v -> v.matches("\\[EMAIL:[0-9a-f]{12}]")), own.toString());
        assertNotEquals(own.get(0), own.get(1));
        // Bob's first letter beside the letters to try, a guess named like the column, a view's computed column.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s,
                "SELECT substr(email, 1, 1) AS e FROM people WHERE id = 2 UNION ALL SELECT x FROM unnest(ARRAY['a', 'b']) x",
                "SELECT 'bob@example.org' AS email", "SELECT email FROM initials ORDER BY id").allOk();
        assertEquals(List.of("[EMAIL]", "[EMAIL]", "[EMAIL]", "[EMAIL]", "[EMAIL]", "[EMAIL]"), r.out().lines().toList());
    }

    @Test
    void aValueComputedFromAHashedColumnIsNotStoredUnderIt() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
        // Stored under archive.email, Bob's first letter was hashed as the client's own 'b' stored beside it.
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, "BEGIN",
                "INSERT INTO archive (id, email) SELECT id, substr(email, 1, 1) FROM people",
                "ROLLBACK", "BEGIN", "INSERT INTO archive (id, email) SELECT id, email FROM initials", "ROLLBACK");
        r.states("00000", "42501", "00000", "00000", "42501", "00000");
        assertTrue(r.err().contains("may store email in archive.email"), r.err());
        // A copy of the column's own values runs, and reads back hashed as the original.
        r = PostgresEndToEndTest.psqlAll(s, "BEGIN", "INSERT INTO archive (id, email) SELECT p.id, p.email FROM people p WHERE p.id = 2",
                "SELECT a.email FROM archive a", "SELECT email FROM people WHERE id = 2", "ROLLBACK").allOk();
        List<String> lines = r.out().lines().filter(l -> l.contains("[EMAIL")).toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals(lines.get(1), lines.get(0));
        assertTrue(lines.get(0).matches("\\[EMAIL:[0-9a-f]{12}]"), lines.get(0));
    }
}
