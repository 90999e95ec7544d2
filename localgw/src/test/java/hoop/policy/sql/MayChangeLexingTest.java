package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which statements may change how the server lexes what is sent after them (an adapter waits for their answer). */
class MayChangeLexingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " -> ", value = {
            "SET standard_conforming_strings = off -> true",
            "SET LOCAL \"STANDARD_CONFORMING_STRINGS\" TO off -> true",
            "RESET standard_conforming_strings -> true",
            "RESET ALL -> true",
            "DISCARD ALL -> true",
            "SET standard_conforming_strings TO DEFAULT -> true",
            "SET client_encoding = 'SJIS' -> true",
            "SET NAMES 'GBK' -> true",
            "SET SESSION NAMES 'GBK' -> true",
            "SELECT set_config('standard_conforming_strings', 'off', false) -> true",
            "SELECT set_config(E'client\\x5fencoding', 'GBK', false) -> true",
            "SELECT set_config('standard_conforming_' || 'strings', 'off', false) -> true",
            "SELECT set_config(name, 'off', false) FROM t -> true",
            "UPDATE pg_settings SET setting = 'off' WHERE name ~ 'standard' -> true",
            "SELECT pg_reload_conf() -> true",
            "SELECT 1; SET standard_conforming_strings = off -> true",
            "SELECT 'unterminated -> true",
            "SET search_path = public -> false",
            "SET standard_conforming_strings = on -> false",
            "SET client_encoding = 'UTF8' -> false",
            "SET NAMES utf8 -> false",
            "SELECT set_config('client_encoding', 'UTF8', false) -> false",
            "SELECT set_config('search_path', 'public', false) -> false",
            "SELECT names FROM t -> false",
            "SELECT 1 -> false"})
    void mayChangeLexing(String sql, boolean expected) {
        assertEquals(expected, SqlClassifier.mayChangeLexing(sql));
    }
}
