package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CopyOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY t TO STDOUT (DELIMITER '@')",
        "COPY t TO STDOUT WITH DELIMITER AS '.'",
        "COPY t TO STDOUT USING DELIMITERS ' '",
        "COPY t TO STDOUT (DELIMITER E'\\x40')",
        "COPY t TO STDOUT (DELIMITER U&'\\0040')",
        "COPY t TO STDOUT (\"delimiter\" \"@\")",
        "COPY t TO STDOUT (FORMAT csv, QUOTE '@')",
        "COPY t TO STDOUT (FORMAT csv, QUOTE 1)",
        "COPY t TO STDOUT (FORMAT csv, ESCAPE '\\')",
        "COPY t TO STDOUT WITH CSV QUOTE AS '''' FORCE QUOTE a",
        "COPY t TO STDOUT (FORMAT binary)",
        "COPY t TO STDOUT (FORMAT 'binary')",
        "COPY t TO STDOUT WITH BINARY",
        "COPY BINARY t TO STDOUT",
        "SELECT 1; COPY (SELECT a FROM t) TO STDOUT (FORMAT csv, QUOTE '.')",
        "COPY t TO STDOUT (DELIMITER)",
    })
    void optionsThatRewriteValuesAreNamed(String sql) {
        assertNotNull(CopyOptions.unmaskable(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY t TO STDOUT",
        "COPY t (a, b) TO STDOUT WITH (FORMAT csv, HEADER)",
        "COPY t TO STDOUT WITH CSV DELIMITER '|' QUOTE '\"' FORCE QUOTE a, b",
        "COPY (SELECT ',' AS \"delimiter\") TO STDOUT (FORMAT csv, DELIMITER ';', FORCE_QUOTE *, NULL 'x')",
        "COPY t TO STDOUT (FORMAT text, DELIMITER E'\\t', ENCODING 'LATIN1')",
        "COPY t FROM STDIN (DELIMITER '@')",
        "COPY t TO '/tmp/x' (FORMAT binary)",
        "SELECT 'COPY t TO STDOUT (FORMAT binary)'",
    })
    void plainSpellingsPass(String sql) {
        assertNull(CopyOptions.unmaskable(sql), sql);
    }
}
