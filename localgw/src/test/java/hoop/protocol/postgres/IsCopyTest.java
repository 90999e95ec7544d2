package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PgUpstream.isCopy reads past blanks and comments (nested ones, a line comment ended by \r) as the server does. */
class IsCopyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "COPY t TO STDOUT|true",
            " \\t\\ncopy(SELECT 1) TO STDOUT|true",
            "/* a /* nested */ one */ Copy t FROM STDIN|true",
            "-- a line\\nCOPY t TO STDOUT|true",
            "-- a line ended by a carriage return\\rCOPY t TO STDOUT|true",
            "copy|true",
            "copyx t|false",
            "copy_t|false",
            "/* never closed COPY t|false",
            "SELECT 'COPY'|false",
            "-- COPY t TO STDOUT|false"})
    void startsWithCopy(String sql, boolean copy) {
        assertEquals(copy, PgUpstream.isCopy(sql.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")), sql);
    }
}
