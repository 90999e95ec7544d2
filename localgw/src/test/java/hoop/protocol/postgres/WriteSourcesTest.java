package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteSourcesTest {
    private static List<String> words(String sql) {
        return WriteSources.of(List.of(sql)).words();
    }

    /** A literal the client wrote as a value names nothing: its words made every RETURNING column masked. */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO log (msg) VALUES ('the name changed') RETURNING msg",
            "INSERT INTO log (msg) VALUES (E'the \\'name\\' changed'), ($$name$$) RETURNING msg",
            "UPDATE log SET msg = 'name: ' || 'x' WHERE id = 1 RETURNING msg",
            "INSERT INTO log (msg) SELECT 'a name' WHERE true RETURNING msg -- name\n",
            "INSERT INTO log (msg) VALUES ($q$it's the name$q$) /* name */ RETURNING msg"})
    void aLiteralValueNamesNothing(String sql) {
        assertFalse(words(sql).contains("name"), sql + ": " + words(sql));
    }

    /** A literal given to a call may be SQL the function runs (crosstab, dblink): its words still count. */
    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO log (msg) SELECT v FROM crosstab('SELECT name FROM customers') AS t(v text) RETURNING msg",
            "INSERT INTO log (msg) SELECT v FROM dblink('loop', $$SELECT name FROM customers$$) AS t(v text) RETURNING msg",
            "UPDATE log SET msg = f(1, 'name') WHERE id = 1 RETURNING msg",
            "UPDATE log SET msg = f(\"x\", 'na' || 'me', 'name') WHERE id = 1 RETURNING msg"})
    void aLiteralGivenToACallCounts(String sql) {
        assertTrue(words(sql).contains("name"), sql + ": " + words(sql));
    }

    /** A literal holding ; ( ) or RETURNING no longer ends the statement or a clause: the value read after it counts. */
    @ParameterizedTest
    @ValueSource(strings = {"UPDATE people SET notes = 'returning' || secret WHERE id = 1 RETURNING notes",
            "UPDATE people SET notes = ';' || secret WHERE id = 1 RETURNING notes",
            "UPDATE people SET notes = ')' || secret WHERE id = 1 RETURNING notes",
            "INSERT INTO log (msg) SELECT '(' || secret FROM people RETURNING msg"})
    void aLiteralDoesNotEndAClause(String sql) {
        assertTrue(words(sql).contains("secret"), sql + ": " + words(sql));
        assertEquals(Set.of(sql.contains("people SET") ? "people" : "log"), WriteSources.of(List.of(sql)).targets(), sql);
    }

    /** The same reading for the statement's computed columns: a value literal names nothing, a call's or a DO block's does. */
    @Test
    void nameWordsLeaveOutValueLiteralsOnly() {
        assertFalse(StatementWords.nameWords("SELECT count(*) FROM orders WHERE status = 'name pending' AND x IN ('name')").contains("name"));
        assertFalse(StatementWords.nameWords("SELECT 1 -- name\n").contains("name"));
        for (String sql : List.of("SELECT * FROM crosstab('SELECT name FROM customers') AS t(a text)",
                "SELECT query_to_xml(E'SELECT \\'x\\', na' || 'me FROM customers', true, false, '')",
                "DO $$ BEGIN PERFORM name FROM customers; END $$", "DO LANGUAGE plpgsql 'BEGIN PERFORM name FROM customers; END'",
                "SELECT f('\"name\"')", "PREPARE p AS SELECT x FROM dblink('c', 'SELECT name FROM customers') t(x text)")) {
            assertTrue(StatementWords.nameWords(sql).contains("name") || StatementWords.nameWords(sql).contains("me"), sql + ": " + StatementWords.nameWords(sql));
            assertTrue(StatementWords.nameWords(sql).containsAll(List.of("customers")) || sql.contains("f('"), sql);
        }
    }

    /** Block comments nest: what follows the outer one's end is code, though a quote inside it opened no string. */
    @Test
    void nestedCommentsEndWhereTheServerEndsThem() {
        String sql = "SELECT /* /* */ ' */ ascii(substr(name, 1, 1)) FROM customers -- '";
        assertTrue(StatementWords.nameWords(sql).containsAll(List.of("name", "customers")), StatementWords.nameWords(sql).toString());
        assertTrue(StatementWords.nameWords("SELECT /* /* */ name").contains("name"));
        assertFalse(StatementWords.nameWords("SELECT /* a /* b */ name */ 1").contains("name"));
    }

    @Test
    void anUnendedLiteralIsReadAsWords() {
        assertTrue(words("INSERT INTO log (msg) VALUES ('the name RETURNING msg").contains("name"));
    }
}
