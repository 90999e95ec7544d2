package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default shell-guard policy on the fifth round's evasions: files of the secrets class the rule's list missed, git
 * losing commits by other verbs, sed -i scripts leaving nothing of a file, pushes by hub and gh. Each is denied or held
 * by the rule it escaped, and each harmless neighbour still runs.
 */
class DefaultGuardTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // files holding password hashes or private keys
        "cat /etc/gshadow                          | system-secrets",
        "cat /etc/gshadow-                         | system-secrets",
        "cp /etc/security/opasswd /tmp/o           | system-secrets",
        "cat /etc/master.passwd                    | system-secrets",
        "cat /home/bob/.ssh/id_ed25519             | system-secrets",
        "cd /home/bob/.ssh && base64 id_rsa        | system-secrets",
        "cat /root/.ssh/id_rsa                     | system-secrets",
        "cat ~/.ssh/aws.pem                        | system-secrets",
        "cat /etc/ssh/ssh_host_ed25519_key         | system-secrets",
        "grep -r PRIVATE /home                     | system-secrets",
        "cat $(printf '/etc/%s' gshadow)           | system-secrets",
        "cat /proc/$$/root/etc/shadow              | system-secrets",
        "cat /proc/${PPID}/root/etc/shadow         | system-secrets",
        "cat /proc/*/root/etc/gshadow              | system-secrets",
        "cat /proc/$(pgrep -o sshd)/root/etc/shadow | system-secrets",
        "getent shadow                             | system-secrets",
        "getent -s files shadow root               | system-secrets",
        "getent gshadow                            | system-secrets",
        "cat /var/backups/shadow.bak               | system-secrets",
        "getent passwd root                        | allow",
        "getent hosts localhost                    | allow",
        "cd $(dirname /etc/x) && cat shadow        | system-secrets",
        "cd /proc/$$/root/etc && cat shadow        | system-secrets",
        "read d; cd \"$d\"; base64 shadow           | system-secrets",
        "cd $(dirname /root/.ssh/x) && cat id_rsa  | system-secrets",
        "cd $(dirname /etc/x) && cat hostname      | allow",
        "cd \"$(git rev-parse --show-toplevel)\" && git status && cat README.md | allow",
        "cat /proc/$$/root/etc/hostname            | allow",
        "cat /proc/$$/status                       | allow",
        "cat /etc/passwd                           | allow",
        "cat /etc/group                            | allow",
        "cat /etc/ssh/ssh_host_ed25519_key.pub     | allow",
        "cat ~/.ssh/known_hosts                    | allow",
        "cat /etc/ssh/sshd_config                  | allow",
        "grep -r TODO /home/bob/project            | allow",
        // git losing commits no other ref keeps
        "git branch -M topic main                  | destructive",
        "git branch -M main                        | destructive",
        "git branch --move --force a b             | destructive",
        "git branch -C a b                         | destructive",
        "git gc --prune=now                        | destructive",
        "git gc --prune=all --aggressive           | destructive",
        "git -c gc.pruneExpire=now gc              | destructive",
        "git -c gc.auto=1 -c gc.pruneExpire=now commit -m x | destructive",
        "git config -f .git/config remote.origin.mirror true | destructive",
        "git -c gc.pruneExpire=never gc            | allow",
        "git prune                                 | destructive",
        "git repack -a -d                          | destructive",
        "git repack -ad                            | destructive",
        "git -c remote.origin.mirror=true push     | destructive",
        "git -c remote.origin.push=+main:main push | destructive",
        "git config remote.origin.push +main:main  | destructive",
        "git config remote.origin.mirror true      | destructive",
        "git remote add --mirror=push backup ../b  | destructive",
        "git branch -m main                        | allow",
        "git branch -c a b                         | allow",
        "git branch -d merged                      | allow",
        "git branch -f topic HEAD~1                | allow",
        "git gc                                    | allow",
        "git gc --prune                            | allow",
        "git gc --aggressive                       | allow",
        "git prune -n                              | allow",
        "git repack -A -d                          | allow",
        "git config remote.origin.url ../b         | allow",
        "git remote add origin ../b                | allow",
        "git -c remote.origin.push=main:main push  | push (review)",
        // sed -i leaving nothing of a file
        "sed -i '/./d' f                           | destructive",
        "sed -i '/^/d' f                           | destructive",
        "sed -i -E '/.+/d' f                       | destructive",
        "sed -i '/[[:graph:]]/d' f                 | destructive",
        "sed -i '/^$/!d' f                         | destructive",
        "sed -i '$!d' f                            | destructive",
        "sed -i '2,$d' f                           | destructive",
        "sed -i 's/.*//' f                         | destructive",
        "sed -i 's/.//g' f                         | destructive",
        "sed -i 's,^.*$,gone,' f                   | destructive",
        "sed -i 's/a/b/' f                         | allow",
        "sed -i '/^#/d' f                          | allow",
        "sed -i '/^$/d' f                          | allow",
        "sed -i '/TODO/!d' f                       | allow",
        "sed -i 's/ *$//' f                        | allow",
        "sed -i 's/.*/\\U&/' f                     | allow",
        "sed -i '3,$d' f                           | allow",
        "sed -i.bak '/./d' f                       | allow",
        // pushes by other names
        "hub push                                  | push (review)",
        "hub push --force origin main              | destructive",
        "gh pr merge 12 --squash                   | push (review)",
        "gh repo sync me/fork                      | push (review)",
        "gh repo sync me/fork --force              | destructive",
        "gh repo sync --force                      | destructive",
        "gh repo delete me/x --yes                 | destructive",
        "gh repo sync                              | allow",
        "gh pr view 3                              | allow",
        "hub status                                | allow"})
    void judged(String script, String expected) {
        assertEquals(expected, DefaultShellGuard.decide(script), script);
    }
}
