package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hoop.config.DefaultConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded defaults, as README's first command runs them: the demo PostgreSQL's PII stays masked however a
 * statement rewrites it (base64, hex, reversed, spelled out), which detectors alone cannot see; what holds no PII
 * stays readable.
 */
class DefaultDemoMaskingTest {
    @TempDir
    Path dir;

    /** The embedded defaults on ports of the system's choosing. */
    static String defaults() {
        return DefaultConfig.text().replace("127.0.0.1:15432", "127.0.0.1:0").replace("127.0.0.1:8009", "127.0.0.1:0");
    }

    @Test
    void theDemosPiiIsMaskedWhateverAStatementComputesFromIt() throws Exception {
        String yaml = defaults();
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            try (Connection c = PostgresEndToEndTest.jdbc(s); ResultSet rs = c.createStatement().executeQuery("""
                    SELECT name, email, encode(convert_to(email, 'UTF8'), 'base64') AS b64, email::bytea::text AS hex,
                           reverse(email) AS backwards, regexp_replace(email, '@', ' at ') AS spelled,
                           translate(card_number, '0123456789', 'abcdefghij') AS card, split_part(ssn, '-', 3) AS ssn_tail,
                           phone || '' AS phone
                    FROM customers ORDER BY id""")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertFalse(rs.getString("name").startsWith("["), "names are not ruled: " + rs.getString("name"));
                    for (String col : new String[] {"email", "b64", "hex", "backwards", "spelled", "card", "ssn_tail", "phone"}) {
                        String v = rs.getString(col);
                        assertTrue(v == null || v.startsWith("["), col + " leaked: " + v);
                    }
                }
                assertEquals(4, rows);
            }
        }
    }

    /**
     * On the embedded defaults a DO block ran whatever its body did (procedural code is allowed there): DROP TABLE, a
     * DELETE of every row, or SQL spelled in pieces dropped the demo table. Now the body's statements are judged, and a
     * block that builds its SQL while it runs is unknown (denied); an ordinary block still runs.
     */
    @Test
    void theDefaultsJudgeWhatADoBlockRuns() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), defaults(), Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            try (Connection c = PostgresEndToEndTest.jdbc(s); java.sql.Statement st = c.createStatement()) {
                for (String sql : new String[] {"DO $$ BEGIN DROP TABLE customers; END $$",
                        "DO $$ BEGIN EXECUTE 'DROP ' || 'TABLE customers'; END $$",
                        "DO $$ DECLARE t text := 'customers'; BEGIN EXECUTE format('DROP TABLE %I', t); END $$",
                        "DO $$ BEGIN IF true THEN ALTER TABLE customers DROP COLUMN email; END IF; END $$"}) {
                    java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.execute(sql), sql);
                    assertEquals("42501", e.getSQLState(), sql + ": " + e.getMessage());
                }
                st.execute("DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM customers; RAISE NOTICE 'rows: %', n; END $$");
                // The rows and their email column are still there (the values themselves come masked).
                try (ResultSet rs = st.executeQuery("SELECT id FROM customers WHERE email IS NOT NULL")) {
                    int rows = 0;
                    while (rs.next()) rows++;
                    assertEquals(4, rows, "the demo table lost rows or its email column");
                }
            }
        }
    }

    /**
     * A refcursor's value is the name OPEN gives its portal: on the defaults a DO block named one after a phone number
     * or a rewritten address (no dynamic SQL, so the block ran), and pg_cursors listed it, as a second OPEN's error
     * (cursor "..." already in use) quoted it. Phone has no detector, and translate(email, '@.', '#,') defeats the
     * email one: only following the name as a value masks it.
     */
    @Test
    void aCursorNamedAfterAValueIsMasked() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), defaults(), Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            String phone = "DO $$ DECLARE c refcursor; BEGIN c := (SELECT phone FROM customers WHERE id = 2); OPEN c FOR SELECT 1; END $$";
            String email = "DO $$ DECLARE c CURSOR FOR SELECT 1; BEGIN c := (SELECT translate(email, '@.', '#,') FROM customers"
                    + " WHERE id = 2); OPEN c; END $$";
            for (String open : List.of(phone, email)) {
                for (String q : List.of("SELECT name FROM pg_cursors", "SELECT name AS k FROM pg_cursors",
                        "SELECT upper(k) AS n FROM pg_cursors p(k)", "SELECT p.* FROM pg_cursors p")) {
                    PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, "BEGIN", open, q, "ROLLBACK").allOk();
                    assertNoValue(q, r.out() + r.err());
                    assertTrue(r.out().contains("["), q + ": " + r.out());
                }
                PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, "BEGIN", open, open, "ROLLBACK")
                        .states("00000", "00000", "42P03", "00000");
                assertNoValue("a second OPEN's error", r.out() + r.err());
            }
            // A cursor the client names itself is still named in the error.
            PostgresEndToEndTest.Psql r = PostgresEndToEndTest.psqlAll(s, "BEGIN", "DECLARE mine CURSOR FOR SELECT email FROM customers",
                    "DECLARE mine CURSOR FOR SELECT email FROM customers", "ROLLBACK").states("00000", "00000", "42P03", "00000");
            assertTrue(r.err().contains("\"mine\""), r.err());
        }
    }

    /**
     * RAISE ... USING ERRCODE = v takes its SQLSTATE from any five digits or capitals: on the defaults a DO block
     * raised one from substr(phone, 2, 5) and the error's (or notice's) SQLSTATE was 44207, five digits of Bob's phone
     * per statement, while its message was masked. A raised SQLSTATE PostgreSQL does not define is now what RAISE
     * reports by default there; a defined one stays.
     */
    @Test
    void aSqlStateRaisedFromAValueIsMasked() throws Exception {
        try (TestGateway gw = new TestGateway(dir.resolve("home"), defaults(), Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            String read = "DECLARE v text; BEGIN SELECT substr(phone, 2, 5) INTO v FROM customers WHERE id = 2; ";
            try (Connection c = PostgresEndToEndTest.jdbc(s); java.sql.Statement st = c.createStatement()) {
                for (String block : List.of(read + "RAISE EXCEPTION 'x' USING ERRCODE = v; END",
                        read + "RAISE USING ERRCODE = v; END",
                        read + "BEGIN RAISE EXCEPTION 'x' USING ERRCODE = v; EXCEPTION WHEN others THEN RAISE; END; END")) {
                    java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                            () -> st.execute("DO $$ " + block + " $$"), block);
                    assertEquals("P0001", e.getSQLState(), block + ": " + e.getMessage());
                }
                for (String level : List.of("NOTICE", "WARNING")) {
                    st.execute("DO $$ " + read + "RAISE " + level + " 'x' USING ERRCODE = v; END $$");
                    java.sql.SQLWarning w = st.getWarnings();
                    assertTrue(w != null, level);
                    assertEquals(level.equals("NOTICE") ? "00000" : "01000", w.getSQLState(), level + ": " + w.getMessage());
                    st.clearWarnings();
                }
                // A code PostgreSQL defines stays, by name or by number.
                for (String code : List.of("'unique_violation'", "'22012'")) {
                    java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                            () -> st.execute("DO $$ " + read + "RAISE EXCEPTION 'x' USING ERRCODE = " + code + "; END $$"));
                    assertEquals(code.contains("unique") ? "23505" : "22012", e.getSQLState(), code + ": " + e.getMessage());
                }
            }
        }
    }

    private static void assertNoValue(String what, String text) {
        assertFalse(text.contains("442071838750") || text.contains("#example"), what + " spelled out a value: " + text);
    }

    /**
     * Credentials kept as text in a table (a service's token, a .netrc, an HTTP header, a Maven settings file, a
     * connection string) come out of the default config's detectors masked, their layout readable.
     */
    @Test
    void credentialsStoredAsTextAreMaskedByTheDefaultDetectors() throws Exception {
        String yaml = defaults();
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            try (Connection c = PostgresEndToEndTest.jdbc(s); ResultSet rs = c.createStatement().executeQuery("""
                    SELECT v FROM (VALUES (1, 'deploy token glpat-Xy3zAbC9dEfGhIjK1mNo'),
                        (2, E'machine api.example.com login deploy password n3trcP4ssw0rd'),
                        (3, 'Authorization: Bearer 8f3kLq92mZxP0aVbN7cYtR4wE6uJ1hGd'),
                        (4, '<server><id>nexus</id><password>m4venS3cretPw</password></server>'),
                        (5, 'Server=db;User Id=sa;Password=Sql5ecretPw;Encrypt=true'),
                        (6, '{"NextToken": "eyABC123paginate", "status": "ok"}'),
                        (7, 'ALTER ROLE app WITH LOGIN PASSWORD ''R0le-Pw-AsText'''),
                        (8, 'CREATE USER ''app''@''%'' IDENTIFIED BY ''My-Pw-AsText''')) AS t(n, v) ORDER BY n""")) {
                String[] expected = {"deploy token [API_TOKEN]", "machine api.example.com login deploy password [PASSWORD_ASSIGNMENT]",
                        "Authorization: Bearer [PASSWORD_ASSIGNMENT]", "<server><id>nexus</id><password>[PASSWORD_ASSIGNMENT]</password></server>",
                        "Server=db;User Id=sa;Password=[PASSWORD_ASSIGNMENT];Encrypt=true", "{\"NextToken\": \"eyABC123paginate\", \"status\": \"ok\"}",
                        "ALTER ROLE app WITH LOGIN PASSWORD '[PASSWORD_ASSIGNMENT]'", "CREATE USER 'app'@'%' IDENTIFIED BY '[PASSWORD_ASSIGNMENT]'"};
                for (String e : expected) {
                    assertTrue(rs.next());
                    assertEquals(e, rs.getString(1));
                }
                assertFalse(rs.next());
            }
        }
    }

    /**
     * A password or key a statement gives as a literal (ALTER ROLE ... PASSWORD 'x', OPTIONS (password 'x'), the key
     * of a pgcrypto call, a value for a password column) looks like any other string to a detector: the recording kept
     * it as typed, for anyone who can replay the session. Now it is masked there, by its place in the statement.
     */
    @Test
    void aPasswordAStatementGivesIsNotKeptInTheRecording() throws Exception {
        String yaml = defaults();
        String[] typed = {"Role-Pa55-Typed", "Mapping-Pa55-Typed", "Crypt-Key-Typed", "Column-Pa55-Typed", "Do-Block-Pa55-Typed"};
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of())) {
            JsonNode s = PostgresEndToEndTest.session(gw, "demo");
            try (Connection c = PostgresEndToEndTest.jdbc(s); java.sql.Statement st = c.createStatement()) {
                for (String sql : new String[] {"ALTER ROLE demo WITH LOGIN PASSWORD '" + typed[0] + "'",
                        "CREATE USER MAPPING FOR CURRENT_USER SERVER nowhere OPTIONS (user 'x', password '" + typed[1] + "')",
                        "SELECT pgp_sym_encrypt(email, E'" + typed[2] + "') FROM customers",
                        "INSERT INTO customers (name, password) VALUES ('x', $$" + typed[3] + "$$)",
                        "DO $body$ BEGIN ALTER ROLE demo PASSWORD '" + typed[4] + "'; END $body$"}) {
                    // Denied by policy or refused by the server: recorded either way.
                    org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.execute(sql), sql);
                }
            }
            String replay = gw.hoop("replay", s.get("id").asText()).out();
            assertTrue(replay.contains("ALTER ROLE demo WITH LOGIN PASSWORD '[PASSWORD_ASSIGNMENT]'"), replay);
            assertTrue(replay.contains("INSERT INTO customers (name, password) VALUES ('x', '[PASSWORD_ASSIGNMENT]')"), replay);
            for (String p : typed) {
                assertFalse(replay.contains(p), p + " was recorded: " + replay);
            }
        }
    }

    /**
     * A password a command line gives as an option's value (mysql -pX, sshpass -p X, curl -u user:X, an Authorization
     * header) is masked in the recording and in the output (bash -x echoes it), also behind a wrapper (sudo, env,
     * sshpass); a detector cannot tell it from any other word, so it was kept as typed.
     */
    @Test
    void aPasswordACommandLineGivesIsNotKeptInTheRecording() throws Exception {
        String yaml = defaults();
        String[] typed = {"Mysql-Pa55-Typed", "Ssh-Pa55-Typed", "Curl-Pa55-Typed", "Header-Token-Typed"};
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of())) {
            // set -x: bash echoes each command line, passwords included, to the output hoop relays and records.
            var r = gw.hoop("exec", "shell", "--", "set -x; env LANG=C mysql -h 127.0.0.1 -p'" + typed[0] + "' -e 'select 1' 2>/dev/null;"
                    + " sshpass -p " + typed[1] + " ssh -o ConnectTimeout=1 nowhere.invalid true 2>/dev/null; curl -sSu admin:" + typed[2]
                    + " -H 'Authorization: Bearer " + typed[3] + "' http://127.0.0.1:9/ 2>/dev/null; echo done");
            assertTrue(r.out().contains("done"), r.out() + r.err());
            assertTrue(r.err().contains("+ sshpass -p"), r.err());
            for (String p : typed) {
                assertFalse(r.out().contains(p) || r.err().contains(p), p + " was printed: " + r.out() + r.err());
            }
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
            String replay = gw.hoop("replay", id).out();
            // The command stays readable; its -p'X' is masked whole, quotes too, as the password_assignment detector
            // reads a command line's password option (a shell word) before the typed value is found as [SECRET].
            assertTrue(replay.contains("mysql -h 127.0.0.1 -p[PASSWORD_ASSIGNMENT] -e 'select 1'"), replay);
            for (String p : typed) {
                assertFalse(replay.contains(p), p + " was recorded: " + replay);
            }
        }
    }

    /**
     * The default shell-guard's destructive rule: rm -r without -f removes a tree as rm -rf does when no terminal is
     * there to ask (never under hoop exec); it ran while rm -rf was refused.
     */
    @Test
    void theDefaultsRefuseARecursiveRemoveWithOrWithoutForce() throws Exception {
        String yaml = defaults();
        Path victim = dir.resolve("victim");
        java.nio.file.Files.createDirectories(victim.resolve("sub"));
        java.nio.file.Files.writeString(victim.resolve("sub/f"), "x");
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of())) {
            for (String rm : new String[] {"rm -r ", "rm -R ", "rm --recursive ", "rm -rf ", "rm -r -v "}) {
                var r = gw.hoop("exec", "shell", "--", rm + victim);
                assertEquals(3, r.exit(), rm + ": " + r.err());
                assertTrue(r.err().contains("denied by shell-guard.destructive"), r.err());
            }
            assertTrue(java.nio.file.Files.exists(victim.resolve("sub/f")), "rm ran");
            var single = gw.hoop("exec", "shell", "--", "rm " + victim.resolve("sub/f"));
            assertEquals(0, single.exit(), single.err());
        }
    }

    /**
     * The default's destructive rule covers a class, not a list: what destroys data the command did not create. Each
     * spelling below ran under the old list (it named rm -r, truncate, shred, mkfs...) and emptied, deleted or reverted
     * the files of a real git work tree; now each is refused and the files are as they were, while commands that name
     * what they touch still run.
     */
    @Test
    void theDefaultsRefuseWhatDestroysDataTheCommandDidNotCreate() throws Exception {
        Path work = dir.resolve("work");
        java.nio.file.Files.createDirectories(work.resolve("src"));
        ExecShellEvasionTest.git(dir, "init", "-q", "-b", "main", work.toString());
        java.nio.file.Files.writeString(work.resolve("notes.txt"), "committed\n");
        java.nio.file.Files.writeString(work.resolve("src/a.c"), "committed\n");
        ExecShellEvasionTest.git(work, "add", ".");
        ExecShellEvasionTest.git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x");
        java.nio.file.Files.writeString(work.resolve("notes.txt"), "uncommitted work\n");
        java.nio.file.Files.writeString(work.resolve("src/a.c"), "uncommitted work\n");
        java.nio.file.Files.createDirectories(work.resolve("mirror"));
        java.nio.file.Files.writeString(work.resolve("mirror/only-here.txt"), "only here\n");
        try (TestGateway gw = new TestGateway(dir.resolve("home"), defaults(), Map.of())) {
            for (String line : new String[] {": > notes.txt", "> notes.txt", "true > notes.txt", "cat /dev/null > notes.txt",
                    "truncate -s 0 notes.txt", "cp /dev/null notes.txt", "git checkout -- .", "git checkout -- src/a.c",
                    "git restore .", "find . -name '*.txt' -delete", "find . -name '*.txt' -exec rm {} \\;",
                    "find . -name '*.txt' | xargs rm", "rsync -a --delete src/ mirror/", "chmod -R 000 src",
                    "mv notes.txt /dev/null", "shred -u notes.txt"}) {
                var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
                assertEquals(3, r.exit(), line + ": " + r.out() + r.err());
                assertTrue(r.err().contains("denied by shell-guard.destructive"), line + ": " + r.err());
                assertEquals("uncommitted work\n", java.nio.file.Files.readString(work.resolve("notes.txt")), line);
                assertEquals("uncommitted work\n", java.nio.file.Files.readString(work.resolve("src/a.c")), line);
                assertTrue(java.nio.file.Files.exists(work.resolve("mirror/only-here.txt")), line);
            }
            var ordinary = gw.hoop("exec", "shell", "--", "cd " + work + " && cp notes.txt copy.txt && echo more >> copy.txt"
                    + " && sort notes.txt > sorted.txt && git status --short && find . -name copy.txt && rm copy.txt && echo ran");
            assertEquals(0, ordinary.exit(), ordinary.err());
            assertTrue(ordinary.out().endsWith("ran\n"), ordinary.out());
        }
    }

    /** The aws CLI's credential options have many names (--secret-string, --new-password, --master-user-password...). */
    @Test
    void aSecretTheAwsCliIsGivenIsNotKeptInTheRecording() throws Exception {
        String yaml = defaults();
        String[] typed = {"Typed-Secret-String-1", "Typed-Old-Pw-2", "Typed-New-Pw-3", "Typed-Master-Pw-4", "Typed-Param-Value-5"};
        String aws = " --endpoint-url http://127.0.0.1:9 --region us-east-1 2>/dev/null; ";
        try (TestGateway gw = new TestGateway(dir.resolve("home"), yaml, Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "x",
                "AWS_MAX_ATTEMPTS", "1"))) {
            var r = gw.hoop("exec", "shell", "--", "set -x; aws secretsmanager create-secret --name db --secret-string '" + typed[0] + "'" + aws
                    + "aws iam change-password --old-password " + typed[1] + " --new-password=" + typed[2] + aws
                    + "aws rds modify-db-instance --db-instance-identifier d --master-user-password " + typed[3] + aws
                    + "aws ssm put-parameter --name /prod/db/password --type String --value " + typed[4] + aws + "echo done");
            assertTrue(r.out().contains("done"), r.out() + r.err());
            assertTrue(r.err().contains("+ aws secretsmanager create-secret"), r.err());
            for (String p : typed) {
                assertFalse(r.out().contains(p) || r.err().contains(p), p + " was printed: " + r.out() + r.err());
            }
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
            String replay = gw.hoop("replay", id).out();
            assertTrue(replay.contains("--secret-string"), replay);
            for (String p : typed) {
                assertFalse(replay.contains(p), p + " was recorded: " + replay);
            }
        }
    }
}
