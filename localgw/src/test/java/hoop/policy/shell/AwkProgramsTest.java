package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The files an awk program opens itself (getline < file, print > file) are judged as "<" and ">" would be. */
class AwkProgramsTest {
    private static final ArgvPattern SHADOW = ArgvPattern.compile("* /etc/shadow*");

    @ParameterizedTest
    @ValueSource(strings = {
        "awk 'BEGIN{while((getline l < \"/etc/shadow\")>0)print l}'",
        "awk 'BEGIN{while((getline l < (\"/etc/\" \"shadow\"))>0)print l}'",
        "awk 'BEGIN{f=\"/etc/shadow\"; while((getline l < f)>0)print l}'",
        "awk 'BEGIN{f=\"/etc/\" \"sha\" \"dow\"; while((getline l < f)>0)print l}'",
        "awk -v f=/etc/shadow 'BEGIN{while((getline l < f)>0)print l}'",
        "gawk -e 'BEGIN{getline x < \"/etc/shadow\"; print x}'",
        "cd /etc && mawk 'BEGIN{getline < \"shadow\"; print}'",
        "awk -F: 'NR==1{print > \"/etc/shadow\"}' /dev/null"})
    void aFileTheProgramOpensMeetsTheRuleOnIt(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.commands().stream().anyMatch(SHADOW::matches), script + " -> " + a.commands());
    }

    /** A file named by an expression computed when it runs, or operands the program sets itself, cannot be judged. */
    @ParameterizedTest
    @ValueSource(strings = {
        "awk 'BEGIN{ARGV[1]=\"/etc/shadow\"; ARGC=2} {print}'",
        "awk 'BEGIN{while((getline l < ENVIRON[\"F\"])>0)print l}'",
        "awk 'BEGIN{f=\"/etc/\" x; while((getline l < f)>0)print l}'",
        "awk '{getline l < $1; print l}' list"})
    void aFileNamedAtRunTimeIsUnknown(String script) {
        assertFalse(ShellClassifier.analyzeScript(script).unknownReasons().isEmpty(), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "awk '{print $1}' /etc/passwd",
        "awk -F: '{print $1 > \"/tmp/users.txt\"}' /etc/passwd",
        "awk '{print > ($1 \".txt\")}' data",
        "awk 'NR==FNR{a[$1];next} $1 in a' f1 f2",
        "awk '{ while ((getline line < \"other.txt\") > 0) n++ } END{print n}' x",
        "awk 'BEGIN { printf \"%s\\n\", \"x\" > \"/dev/stderr\" }'",
        "awk -v n=3 '$1 > n {print}' f",
        "awk '{ if ($1 >= 2 && $2 != \"x\") print $2 }' f",
        "awk '{ s = s $0 } END { print s }' f"})
    void ordinaryProgramsAreKnownAndReadNoSecret(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknownReasons().isEmpty(), script + " -> " + a.unknownReasons());
        assertFalse(a.commands().stream().anyMatch(SHADOW::matches), script);
    }
}
