package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored password hashes read through the default config's `demo` connection (its sql-guard and pii profile as
 * shipped), pointed at a real PostgreSQL as a role that may read pg_authid: the server's own SCRAM and md5 verifiers
 * (pg_authid, pg_shadow) and a web app's users table (bcrypt, argon2id, Django, Werkzeug, phpass). Each can be cracked
 * offline; before password_hash every one of them was shown and recorded as stored.
 */
class PostgresPasswordHashesTest {
    static final String DBA_PASSWORD = "Dba-Hash-Test-Pa55";
    /** The web app's stored hashes, one per row, and the shape each shows once masked. */
    static final String[][] WEB_USERS = {
            {"$2b$12$7tEoByshaftrkmufmoqKpOcaS/b/mgI9359DqJ/rbsvVjZ2UnijWC", "[PASSWORD_HASH]"},
            {"$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQxMjM$RdescudvJCsgt3ub+b+dWRWJTmaaJObGX1", "[PASSWORD_HASH]"},
            {"pbkdf2_sha256$600000$Qm9ndXNTYWx0$ZXhhbXBsZWhhc2hleGFtcGxlaGFzaGV4YW1wbGU=", "pbkdf2_sha256$[PASSWORD_HASH]"},
            {"pbkdf2:sha256:600000$aB3dE5fG7hI9jK1l$0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                    "pbkdf2:sha256:600000$[PASSWORD_HASH]"},
            {"$P$BpQ8bFq0rTcA3Kd9m1nVxWyZ5eQfGh.", "[PASSWORD_HASH]"}};

    @TempDir
    static Path dir;
    static UpstreamPostgres upstream;
    static TestGateway gw;
    /** What pg_authid holds for the roles the fixture made: one SCRAM-SHA-256 verifier, one md5. */
    static final List<String> VERIFIERS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = new UpstreamPostgres(dir.resolve("pg"));
        try (Connection c = upstream.superuser(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE dba SUPERUSER LOGIN PASSWORD '" + DBA_PASSWORD + "'");
            try (ResultSet rs = st.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname IN ('app_rw', 'app_md5') ORDER BY rolname")) {
                while (rs.next()) VERIFIERS.add(rs.getString(1));
            }
        }
        assertTrue(VERIFIERS.get(0).startsWith("md5") && VERIFIERS.get(1).startsWith("SCRAM-SHA-256$"), VERIFIERS.toString());
        try (Connection c = upstream.superuser("app"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE web_users (id int PRIMARY KEY, login text, password_hash text)");
            for (int i = 0; i < WEB_USERS.length; i++) {
                st.execute("INSERT INTO web_users VALUES (" + i + ", 'user" + i + "', $h$" + WEB_USERS[i][0] + "$h$)");
            }
        }
        String yaml = DefaultDemoMaskingTest.defaults().replace("upstream: { embedded: true, database: postgres }",
                "upstream: { host: 127.0.0.1, port: " + upstream.port() + ", database: app, user: dba, password: \"${env:DBA_PASSWORD}\", sslmode: disable }");
        assertTrue(yaml.contains("user: dba"), "the default config's demo connection moved");
        gw = new TestGateway(dir.resolve("home"), yaml, Map.of("DBA_PASSWORD", DBA_PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        UpstreamPostgres.stop(gw, upstream);
    }

    static void assertNotKept(JsonNode s, String shown, List<String> hashes) throws Exception {
        String replay = gw.hoop("replay", s.get("id").asText()).out();
        for (String h : hashes) {
            String body = h.substring(h.length() - 20);  // the part that is the hash, whatever prefix stays readable
            assertFalse(shown.contains(body), () -> h + " was shown: " + shown);
            assertFalse(replay.contains(body), () -> h + " was recorded: " + replay);
            assertFalse(TestDb.contains(gw, body), () -> h + " is in the database");
        }
    }

    @Test
    void theServersOwnVerifiersAreMaskedInPsql() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "demo");
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s,
                "SELECT rolname, rolpassword FROM pg_authid WHERE rolname IN ('app_rw', 'app_md5') ORDER BY rolname",
                "SELECT usename, passwd FROM pg_shadow WHERE usename IN ('app_rw', 'app_md5') ORDER BY usename").allOk();
        assertEquals("app_md5|[PASSWORD_HASH]\napp_rw|[PASSWORD_HASH]\napp_md5|[PASSWORD_HASH]\napp_rw|[PASSWORD_HASH]\n", r.out());
        assertNotKept(s, r.out() + r.err(), VERIFIERS);
    }

    /**
     * A verifier the statement reshapes is no longer one the detector knows: replace(rolpassword, '$', ' '), split_part
     * or regexp_split_to_table over it, or the row as text, showed the SCRAM salt and keys (or the md5 digest) whole.
     * What is computed from the server's stored credentials is masked as computed from a ruled column.
     */
    @Test
    void aVerifierAStatementReshapesIsMasked() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "demo");
        String roles = " WHERE rolname IN ('app_rw', 'app_md5')";
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s,
                "SELECT replace(rolpassword, '$', ' ') FROM pg_authid" + roles,
                "SELECT split_part(rolpassword, ':', 2), split_part(rolpassword, ':', 3), substr(rolpassword, 4) FROM pg_authid" + roles,
                "SELECT x FROM pg_authid, regexp_split_to_table(rolpassword, '[$:]') x" + roles,
                "SELECT replace(a::text, '$', ' ') FROM pg_authid a" + roles,
                "SELECT translate(passwd, '$:', '  ') FROM pg_shadow WHERE usename IN ('app_rw', 'app_md5')").allOk();
        // COPY rows carry no column names: a query's COPY is masked by the server's description of its columns, as
        // the same SELECT's rows are.
        PostgresEndToEndTest.Psql copy = PostgresEndToEndTest.psqlAll(s,
                "COPY (SELECT replace(rolpassword, '$', ' ') FROM pg_authid" + roles + ") TO STDOUT").allOk();
        assertEquals(r.out().lines().limit(2).toList(), copy.out().lines().toList(), copy.out());
        String shown = r.out() + r.err() + copy.out();
        for (String v : VERIFIERS) {
            for (String part : (v.startsWith("md5") ? v.substring(3) : v).split("[$:]")) {
                if (part.length() >= 16) assertFalse(shown.contains(part), () -> part + " of " + v + " was shown: " + shown);
            }
        }
        // The roles' names, and a verifier read as it is, stay as before.
        assertEquals("app_md5|[PASSWORD_HASH]\n", PostgresEndToEndTest.psqlAll(s,
                "SELECT rolname, rolpassword FROM pg_authid WHERE rolname = 'app_md5'").allOk().out());
    }

    @Test
    void aWebAppsUsersTableShowsItsUsersButNoHash() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "demo");
        StringBuilder shown = new StringBuilder();
        try (Connection c = PostgresEndToEndTest.jdbc(s);
             ResultSet rs = c.createStatement().executeQuery("SELECT id, login, password_hash FROM web_users ORDER BY id")) {
            for (String[] row : WEB_USERS) {
                assertTrue(rs.next());
                assertEquals("user" + rs.getInt(1), rs.getString(2));
                assertEquals(row[1], rs.getString(3));
                shown.append(rs.getString(3)).append('\n');
            }
            assertFalse(rs.next());
        }
        assertNotKept(s, shown.toString(), java.util.Arrays.stream(WEB_USERS).map(u -> u[0]).toList());
    }

    /** What shares a form's characters without being a stored hash stays as it is. */
    @Test
    void digestsPricesAndShellTextStayReadable() throws Exception {
        JsonNode s = PostgresEndToEndTest.session(gw, "demo");
        PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, """
                SELECT md5('hello'), 'costs $5.00 or $6', 'echo $PATH $1 $HOME', 'Outer$1$Inner.run', '* item',
                       'commit 9fceb02d0ae598e95dc970b74767f19372d61af8', 'use {SSHA} here'""").allOk();
        assertEquals("5d41402abc4b2a76b9719d911017c592|costs $5.00 or $6|echo $PATH $1 $HOME|Outer$1$Inner.run|* item|"
                + "commit 9fceb02d0ae598e95dc970b74767f19372d61af8|use {SSHA} here\n", r.out());
    }
}
