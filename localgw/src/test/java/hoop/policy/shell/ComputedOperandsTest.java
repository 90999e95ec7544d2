package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file a reading program is given whole by a command substitution, a variable set at run time or xargs' input: the
 * value may be any path, so the default policy's secret rules meet it unless what is written after it fixes the
 * file's name, or what computes it only prints dates, revisions or names a lister's own judged words found.
 */
class ComputedOperandsTest {
    private static final List<ArgvPattern> SECRETS = List.of(ArgvPattern.compile("* /etc/shadow*"),
            ArgvPattern.compile("* /etc/sudoers*"), ArgvPattern.compile("* ~/.ssh/id_*"));

    private static boolean readsASecret(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        return a.commands().stream().anyMatch(c -> SECRETS.stream().anyMatch(p -> p.matches(c)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cat $(printf '/etc/%s' shadow)",
        "cat \"$(printf '%s/%s' /etc shadow)\"",
        "f=$(printf '/etc/%s' shadow); cat \"$f\"",
        "f=`base64 -d <<< L2V0Yy9zaGFkb3c=`; head -c 9999 $f",
        "read f; cat \"$f\"",
        "cat $(echo /etc/sha)dow",
        "cat /var/log/$(printf ../../etc/shadow)",
        "read x; cat /tmp/$x",
        "base64 $(printf '/etc/%s' shadow)",
        "xxd \"$(rev <<< wodahs/cte/)\"",
        "dd if=$(printf '/etc/%s' shadow)",
        "cp \"$(printf /etc/%s shadow)\" /tmp/x",
        "tar cf - $(printf /etc/%s shadow)",
        "grep -h '' $(printf /etc/%s shadow)",
        "grep -e x $(printf /etc/%s shadow)",
        "sed -n p $(printf /etc/%s shadow)",
        "awk 1 $(printf /etc/%s shadow)",
        "cat $(ls)",
        "cat $(printf /etc/%s shadow | head -1)",
        "xargs cat <<< /etc/shadow",
        "xargs cat <<EOF\n/etc/shadow\nEOF",
        "xargs cat < list",
        "xargs -a list cat",
        "printf '/etc/%s\\n' shadow | xargs cat",
        "printf '/etc/%s\\n' shadow | xargs -I{} cat {}",
        "printf '/etc/%s\\n' shadow | sort | xargs head",
        "{ printf /etc/shadow; } | xargs cat",
        "printf '/etc/%s\\n' shadow | sed p | xargs cat"})
    void aReaderOfAComputedFileMeetsTheRule(String script) {
        assertTrue(readsASecret(script), script);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cat \"$(git rev-parse --show-toplevel)/README.md\"",
        "cat /var/log/$(date +%F).log",
        "cat build/$(date +%F).log",
        "cat $(mktemp)",
        "cat /var/log/app-$(date +%F)",
        "git show $(git rev-parse HEAD~1):README.md",
        "echo $(date)",
        "echo \"$(printf /etc/%s shadow)\" is where hashes live",
        "kill $(cat pid)",
        "kubectl logs $(kubectl get pods -o name | head -1)",
        "grep \"$(git rev-parse HEAD)\" log.txt",
        "cat $(ls *.txt)",
        "wc -l $(git ls-files)",
        "cat $(find . -name '*.md')",
        "read X; cat ~/.ssh/known_$X",
        "find . -name '*.py' | xargs cat",
        "find . -name '*.py' -print0 | xargs -0 grep -n TODO",
        "git ls-files | xargs wc -l",
        "git ls-files | grep -v vendor | xargs wc -l",
        "git diff --name-only | xargs head -5",
        "grep -rl foo src | xargs sed -i 's/foo/bar/'",
        "rg -l foo | xargs cat",
        "ls *.log | xargs tail -n 5",
        "docker ps -q | xargs docker stop",
        "for f in *.txt; do cat \"$f\"; done"})
    void ordinaryComputedOperandsStayClear(String script) {
        assertFalse(readsASecret(script), script);
    }
}
