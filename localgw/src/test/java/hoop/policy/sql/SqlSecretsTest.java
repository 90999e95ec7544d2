package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Literals a statement gives as a password or key are found by their place in it, however they are quoted. */
class SqlSecretsTest {
    private static final String R = SqlSecrets.REDACTED;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "ALTER ROLE app PASSWORD 'x1'|ALTER ROLE app PASSWORD #",
            "CREATE ROLE a LOGIN ENCRYPTED PASSWORD E'x\\'1'|CREATE ROLE a LOGIN ENCRYPTED PASSWORD #",
            "ALTER USER a WITH PASSWORD $p$x1$p$ VALID UNTIL 'infinity'|ALTER USER a WITH PASSWORD # VALID UNTIL 'infinity'",
            "CREATE USER MAPPING FOR a SERVER s OPTIONS (user 'bob', \"password\" 'x1')|CREATE USER MAPPING FOR a SERVER s OPTIONS (user 'bob', \"password\" #)",
            "ALTER SERVER s OPTIONS (SET password 'x1', ADD token 'x2')|ALTER SERVER s OPTIONS (SET password #, ADD token #)",
            "SET my.api_key TO 'x1'|SET my.api_key TO #",
            "CREATE USER b IDENTIFIED BY 'x1'|CREATE USER b IDENTIFIED BY #",
            "SELECT crypt('x1', gen_salt('bf')) = hash|SELECT crypt(#, gen_salt('bf')) = hash",
            "SELECT pgp_sym_decrypt(d, 'x1') FROM t WHERE n = 'keep'|SELECT pgp_sym_decrypt(d, #) FROM t WHERE n = 'keep'",
            "INSERT INTO s.users AS u (name, Password) VALUES ('keep', 'x1'), ('keep2', 'x2')|INSERT INTO s.users AS u (name, Password) VALUES ('keep', #), ('keep2', #)",
            "SELECT 1; ALTER ROLE b PASSWORD 'x1'|SELECT 1; ALTER ROLE b PASSWORD #",
            "DO $$ BEGIN ALTER ROLE b PASSWORD 'x1'; END $$|DO $$ BEGIN ALTER ROLE b PASSWORD #; END $$",
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$ BEGIN PERFORM pgp_sym_encrypt('d', $k$x1$k$); END $fn$|CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$ BEGIN PERFORM pgp_sym_encrypt('d', #); END $fn$"})
    void aPasswordOrKeyLiteralIsRedacted(String sql, String expected) {
        assertEquals(expected.replace("#", R), SqlSecrets.redact(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT abalance FROM pgbench_accounts WHERE aid = 1", "ALTER ROLE app PASSWORD NULL",
            "INSERT INTO users (name, email) VALUES ('a', 'b')", "SELECT 'password' AS label, key FROM t",
            "CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'x')", "SELECT 'unterminated",
            "DO $$ BEGIN RAISE NOTICE 'key rotation due'; END $$"})
    void otherStatementsAreLeftAsTheyAre(String sql) {
        assertSame(sql, SqlSecrets.redact(sql));
    }
}
