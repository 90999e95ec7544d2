package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A truncating redirection that nothing is written through empties its file: of a compound command each command of
 * which writes nothing ("{ :; } > f", "if false; then :; fi > f"), or one exec opens on a descriptor no later command
 * writes to ("exec 3> f"). Each carries destroys-data as ": > f" does.
 */
class EmptyingFormsTest {
    @ParameterizedTest
    @ValueSource(strings = {"{ :; } > f", "if false; then :; fi > f", "(:) > f", "while false; do :; done > f",
        "[[ -e x ]] > f", "((0)) > f", "{ true; false; } > f", "for x in a; do :; done > f", "case x in *) ;; esac > f",
        "{ { :; }; } > f", "{ :; } | tee f", "{ :; } >| f", "exec 3> f", "exec 3>f; echo hi", "exec {fd}> f",
        "exec 3>f 4>g; echo a >&3"})
    void aRedirectionNothingIsWrittenThroughEmptiesItsFile(String script) {
        assertNotNull(DataLossTest.destroys(script), script);
    }

    /**
     * exec with no command points the rest of the script's output at its file, up to the end of the subshell it runs
     * in: nothing written there after it leaves the file empty, as "> f" does. A function the script defined writes
     * what its body writes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"exec > f", "exec >f; true", "exec 1> f 2>&1", "exec &> f", "exec 2> f", "exec >| f",
        "exec > f; echo hi > g", "exec > f; ls > /dev/null", "exec > f; exec > g; echo hi", "(exec > f); echo hi", "echo a; exec > f",
        "{ exec > f; }; :", "if true; then exec > f; fi", "bash -c 'exec > f'", "x=$(exec > f; :)",
        "f() { :; }; f > f", "function f { true; }; f > f", "f() ( : ); f > f", "g() { :; }; f() { g; }; f > f",
        "f() { :; }; { f; } > out"})
    void anExecOrAFunctionWritingNothingEmptiesItsFile(String script) {
        assertNotNull(DataLossTest.destroys(script), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec > f; ls", "exec 2> f; ls", "exec > log 2>&1; make", "{ exec > f; }; echo hi",
        "exec >> f", "exec > f; f() { :; }; echo x", "f() { echo hi; }; f > f", "f() { :; }; echo x > f",
        "f() { :; }; f() { date; }; f > f", "exec 1<> f"})
    void anExecOrAFunctionWritingSomethingNamesItsFile(String script) {
        assertNull(DataLossTest.destroys(script), script);
    }

    /** A filter given only empty files, or reading only an empty standard input, prints nothing over its file. */
    @ParameterizedTest
    @ValueSource(strings = {"paste /dev/null > f", "cut -c1 /dev/null > f", "comm /dev/null /dev/null > f",
        "diff /dev/null /dev/null > f", "tr -d a-z < /dev/null > f", "envsubst < /dev/null > f", "sort /dev/null > f",
        "grep x /dev/null > f", "jq . /dev/null > f", ": | tr a b > f", "paste - /dev/null < /dev/null > f",
        "nl /dev/null >| f", "base64 /dev/null > f"})
    void aFilterOfEmptyFilesEmptiesItsOutput(String script) {
        assertNotNull(DataLossTest.destroys(script), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {"paste -s /dev/null > f", "grep -c x /dev/null > f", "grep -L x /dev/null > f",
        "jq -n '{}' /dev/null > f", "paste a /dev/null > f", "diff /dev/null a > f", "tr a b < in > f", "cut -f 1 /dev/null > f",
        "paste - /dev/null > f", "sort /dev/null >> f", "comm a b > f", "envsubst < tpl > f", "cut -c1 /dev/null"})
    void aFilterOfSomethingNamesItsFile(String script) {
        assertNull(DataLossTest.destroys(script), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ echo hi; } > f", "{ date; :; } > f", "while read l; do echo $l; done < a > b",
        "for f in *; do cp $f x/; done > log", "if true; then :; else echo x; fi > f", "{ :; } >> f",
        "exec 4>f; echo x >&4", "exec {fd}>f; echo x >&$fd", "exec > f; echo hi", "exec 2> err.log; ls", "exec 5>>log",
        "exec 3< f"})
    void aRedirectionSomethingIsWrittenThroughNamesItsFile(String script) {
        assertNull(DataLossTest.destroys(script), script);
    }
}
