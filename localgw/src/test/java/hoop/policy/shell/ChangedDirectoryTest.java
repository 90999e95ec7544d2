package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Relative paths given to a program that first changes its directory by an option of its own: git -C (each -C from
 * the one before), unshare -w / --wd, nsenter --wd / --wdns, and env -C or sudo -D to a directory under ~. Through hoop
 * exec, "git -C /etc diff --no-index /dev/null shadow" and "unshare -w /etc cat shadow" printed /etc/shadow on the
 * defaults: the relative path was judged where the script stood.
 */
class ChangedDirectoryTest {
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "git -C /etc diff --no-index /dev/null shadow                     # system-secrets",
        "git -C /etc grep --no-index root shadow                          # system-secrets",
        "git -C /etc hash-object -w shadow                                # system-secrets",
        "git -C /etc -C ssh diff --no-index /dev/null ssh_host_rsa_key    # system-secrets",
        "git -C ~/.ssh diff --no-index /dev/null id_rsa                   # system-secrets",
        "git -C ~ diff --no-index /dev/null .ssh/id_rsa                   # system-secrets",
        "unshare -w /etc cat shadow                                       # system-secrets",
        "unshare --wd=/etc cat shadow                                     # system-secrets",
        "nsenter --wd=/etc cat shadow                                     # system-secrets",
        "env -C ~/.ssh cat id_rsa                                         # system-secrets",
        "sudo -D ~/.ssh cat id_rsa                                        # system-secrets",
        "git -C /etc diff --no-index /dev/null passwd                     # allow",
        "git -C /etc/ssh status                                           # allow",
        "git -C repo log -p                                               # allow",
        "git -C ~/src/app status                                          # allow",
        "env -C ~ cat notes.txt                                           # allow",
        "unshare -w /tmp cat notes                                        # allow",
        "git -C repo reset --hard                                         # destructive"})
    void judged(String script, String expected) {
        assertEquals(expected, DefaultShellGuard.decide(script), script);
    }
}
