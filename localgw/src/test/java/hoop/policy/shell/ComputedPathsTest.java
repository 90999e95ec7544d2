package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths the script computes from what it shows: tilde prefixes (~user, ~+, ~-, ~ under a HOME it sets), where cd goes
 * by a variable, a glob or $OLDPWD, parameter operators on a known value (${x,,}, ${x#p}, ${x/a/b}, ${x:1:2}), and a
 * path whose directory or last names are written around a part computed at run time. The default policy's secret
 * rules meet each; the ordinary neighbours stay clear of them.
 */
class ComputedPathsTest {
    private static final List<ArgvPattern> SECRETS = List.of(ArgvPattern.compile("* /etc/shadow*"),
            ArgvPattern.compile("* /etc/sudoers*"), ArgvPattern.compile("* ~/.ssh/id_*"));

    private static boolean readsASecret(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        return a.commands().stream().anyMatch(c -> SECRETS.stream().anyMatch(p -> p.matches(c)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // tilde prefixes
        "cd ~root/..; cat etc/shadow",
        "cd /etc; cat ~+/shadow",
        "cd /etc; cd /; cat ~-/shadow",
        "cd /etc && cd /tmp && head ~-/shadow",
        "HOME=/etc; cat ~/shadow",
        "HOME=/etc; cd; cat shadow",
        "HOME=/etc; cd ~ && cat shadow",
        "export HOME=/etc; cat --file=~/sudoers",
        // where cd goes
        "OLDPWD=/etc; cd -; cat shadow",
        "d=/etc; cd $d; cat shadow",
        "d=/etc; cd \"$d\" && cat shadow",
        "d=/et; cd ${d}c && cat shadow",
        "cd /et?; cat shadow",
        "cd /e*c && cat sudoers",
        "x=/etc/ssh; cd ${x%/*}; cat shadow",
        // operators on a known value
        "x=SHADOW; cat /etc/${x,,}",
        "x=Shadow; cat /etc/${x,}",
        "x=shadow; cat /etc/${x@L}",
        "x=xshadow; cat /etc/${x#x}",
        "x=/a/b/etc/shadow; cat /${x#/*/*/}",
        "x=/etc/shadow.txt; cat ${x%.txt}",
        "x=/etc/shadow.a.b; cat ${x%%.*}",
        "x=/etc/passwd; cat ${x/passwd/shadow}",
        "x=/etc/s-h-a-d-o-w; cat ${x//-/}",
        "x=hadow; cat /etc/${x/#/s}",
        "x=/etc/shado; cat ${x/%/w}",
        "x=/etc/shadowXYZ; cat ${x:0:11}",
        "x=XX/etc/shadow; cat ${x:2}",
        "x=/etc/shadow; cat ${x: -11}",
        // a part computed at run time, between written parts that lead to the file
        "cat /etc/$(echo shadow)",
        "cat \"/etc/$(rev <<< wodahs)\"",
        "cat /etc/sha`echo dow`",
        "cat \"$(dirname /etc/x)/shadow\"",
        "read f; cat ~/.ssh/$f",
        "read f; cat \"$HOME/.ssh/id_$f\"",
        "cat $HOME/.ssh/$(ls ~/.ssh | head -1)",
        "dd if=/etc/$(echo shadow)",
        "cd /etc; read f; cat \"./$f\"",
        "cat /etc/sudoers.d/$(ls /etc/sudoers.d | head -1)"})
    void aComputedPathMeetsTheRuleOnIt(String script) {
        assertTrue(readsASecret(script), script);
    }

    @Test
    void aUsersOwnHomeByNameIsHome() {
        String user = System.getProperty("user.name");
        String home = PathNormalizer.HOME;
        Assumptions.assumeTrue(home != null && home.equals(System.getProperty("user.home")));
        assertTrue(readsASecret("cat ~" + user + "/.ssh/id_rsa"), user);
        assertTrue(readsASecret("cd ~" + user + "/.ssh && cat id_ed25519"), user);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cat \"$(git rev-parse --show-toplevel)/README.md\"",
        "cat \"$(mktemp -d)/x\"",
        "cat /var/log/$(date +%F).log",
        "cat build/$(date +%F).log",
        "tail -f /var/log/app/$(hostname).log",
        "cat $(ls *.txt)",
        "for f in *.txt; do cat \"$f\"; done",
        "x=README.MD; cat ${x,,}",
        "x=/etc/passwd; cat ${x/passwd/group}",
        "x=/etc/shadow.txt; echo ${x##*/}",
        "cd ~; cat .bashrc",
        "cd /tmp && cat ~+/x",
        "d=/etc; cd $d; cat hostname",
        "cd /e*c; cat passwd",
        "cat ~nobody/x",
        "HOME=/tmp; cat ~/shadow",
        "OLDPWD=/tmp; cd -; cat shadow",
        "cd /etc; cd /; cat ~-/passwd",
        "read X; cat ~/.ssh/known_$X", "cat /var/lib/$(echo app)/config"})
    void ordinaryComputedPathsStayClear(String script) {
        assertFalse(readsASecret(script), script);
    }
}
