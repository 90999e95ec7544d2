package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact command lists for representative scripts (display strings joined with " ; "). */
class ParsingTest {

    private static String displays(ShellAnalysis a) {
        return String.join(" ; ", a.commands().stream().map(SimpleCommand::display).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '~', value = {
        "ls -la | grep x                         => ls -la ; grep x",
        "echo $(whoami)                          => whoami ; echo $(whoami)",
        "FOO=1 BAR=2 make -j4                    => make -j4",
        "sudo -u root rm -rf /                   => sudo -u root rm -rf / ; rm -rf /",
        "env -i PATH=/bin ls                     => ls",
        "$'\\x6c\\x73' -l                        => ls -l",
        "echo a{b,c}d                            => echo abd acd",
        "echo {1..3}                             => echo 1 2 3",
        "echo 'x'\"y\"z                          => echo xyz",
        "ls 2>&1 >/dev/null                      => ls",
        "echo hi > out.txt; cat out.txt          => echo hi ; > out.txt ; cat out.txt",
        "cat < in 2>&1 >&2 2>/dev/null <<< x    => cat ; < in",
        "while read l; do :; done < /etc/shadow  => read l ; : ; < /etc/shadow",
        "exec 3< /etc/shadow; cat <&3           => < /etc/shadow ; cat",
        "echo > $f >> a >| b <> c &> d &>> e >&g => echo ; > $f ; > a ; > b ; > c ; > d ; > e ; > g",
        "find . -name x -exec rm -f {} +         => rm -f {} ; find . -name x -exec rm -f {} +",
        "echo x | xargs -n1 grep -l y            => echo x ; grep -l y ; < $xargs_input",
        "bash -c 'ls; pwd'                       => ls ; pwd",
        "sh -c \"echo 'a b'\"                    => echo a b",
        "ssh host ls -la                         => ssh host ls -la ; ls -la",
        "nohup ./server --port 80 &              => server --port 80",
        "for f in a b; do echo $f; done          => echo $f",
        "case $x in a|b) echo ab;; *) echo other;; esac => echo ab ; echo other",
        "if [ -n x ]; then echo y; fi            => [ -n x ] ; echo y",
        "x=$(date) && echo $x                    => date ; echo $x",
        "time -p ls                              => ls",
        "command -v git                          => command -v git",
        "echo \"$(printf '%s' \"$(id)\")\"       => id ; printf %s $(id) ; echo $(printf '%s' \"$(id)\")",
        "watch -n 2 'df -h'                      => df -h",
        "coproc cat                              => cat",
        "coproc W { cat; }; echo x >&${W[1]}     => cat ; echo x ; > ${W[1]}",
        "coproc W while read l; do ls; done      => read l ; ls",
        "coproc W ls -l                          => W ls -l",
        "a=(one two); echo ${a[0]}               => echo ${a[0]}",
        "xargs -a list grep -l y                 => < list ; grep -l y ; < $xargs_input",
        "strace -f -o trace.txt ls               => > trace.txt ; ls",
        "/usr/bin/time -o t.txt ls               => > t.txt ; ls",
        "sed -n '1r/etc/shadow' f                => < /etc/shadow ; sed -n 1r/etc/shadow f",
        "sed -e 's/a/b/w out' -e '$W /dev/stdout' f => > out ; sed -e s/a/b/w out -e $W /dev/stdout f",
        "sed -e 'y/a/b/;/x/I,+2w o1' -e 'R i' f  => < i ; > o1 ; sed -e y/a/b/;/x/I,+2w o1 -e R i f",
    })
    void commandLists(String script, String expected) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script.replace("\\n", "\n"), null);
        assertEquals(expected.trim(), displays(a), () -> "unknown=" + a.unknownReasons());
    }

    @Test
    void heredocFollowedByCommands() {
        ShellAnalysis a = ShellClassifier.analyzeScript("cat > f <<'X' && wc -l f\nrm -rf /\nX\nls");
        assertEquals("cat ; > f ; wc -l f ; ls", displays(a));
        assertFalse(a.unknown());
    }

    @Test
    void twoHeredocsOnOneLine() {
        ShellAnalysis a = ShellClassifier.analyzeScript("cat <<A; cat <<B\nrm\nA\nrm\nB\nid");
        assertEquals("cat ; cat ; id", displays(a));
    }

    @Test
    void unquotedGlobExpandsAgainstWorkingDirectory(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/shadow"), "");
        Files.writeString(dir.resolve("etc/passwd"), "");
        Files.writeString(dir.resolve("etc/.hidden"), "");
        ShellAnalysis a = ShellClassifier.analyzeScript("cat etc/sha*ow; ls etc/*; echo 'etc/*' etc/nomatch*", dir);
        assertEquals("cat etc/shadow ; ls etc/passwd etc/shadow ; echo etc/* etc/nomatch*", displays(a));
        assertTrue(ArgvPattern.compile("* etc/shadow*").matches(a.commands().get(0)));
    }

    @Test
    void absoluteGlobExpandsLikeBash(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("shadow"), "");
        String base = dir.toString();
        ShellAnalysis a = ShellClassifier.analyzeScript("cat " + base + "/sh?dow", Path.of("/"));
        assertEquals("cat " + base + "/shadow", displays(a));
    }

    @Test
    void quotedKeywordIsACommand() {
        assertEquals("if x", displays(ShellClassifier.analyzeScript("'if' x", null)));
    }

    @Test
    void neverThrowsOnGarbage() {
        for (String s : List.of("(((((", "$($($($(", "\\", "'", "\"$(\"", "<<", "> ", "|", ";;", "}{", "`", "$((",
                "case", "for", "function", "[[", "a=(", "${", "$'", "echo $'\\x", "\0\1\2", "((1)", "$[1")) {
            ShellAnalysis a = ShellClassifier.analyzeScript(s);
            assertTrue(a.unknown() || a.commands().isEmpty() || a.commands().size() < 3, s);
        }
        String deep = "$(".repeat(5000);
        assertTrue(ShellClassifier.analyzeScript(deep).unknown());
    }

    @Test
    void trailingBackslashIsLiteral() {
        assertEquals("echo \\", displays(ShellClassifier.analyzeScript("echo \\", null)));
    }
}
