package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default shell-guard policy on evasions that ran through hoop exec: a file emptied by a program naming it as an
 * operand or option rather than a redirection (dd of= reading an empty standard input, uniq's and xxd's output
 * operand, openssl -out), files removed once "archived" into /dev/null (tar --remove-files, zip -m, 7z -sdel, rsync
 * --remove-source-files), a file URL spelt with a host, a case or an escape, and ssh keys in a home outside /home and
 * /root or under the working directory. Each harmless neighbour still runs.
 */
class OutputOperandsAndKeyPathsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        // a program writing its empty input into the file an operand or option names
        "dd of=f < /dev/null                          # destructive",
        ": | dd of=f                                  # destructive",
        "true | dd of=f bs=1M status=none             # destructive",
        "dd if=/dev/stdin of=f < /dev/null            # destructive",
        "uniq /dev/null f                             # destructive",
        "uniq -f 2 /dev/null f                        # destructive",
        "uniq - f < /dev/null                         # destructive",
        ": | uniq - f                                 # destructive",
        "xxd /dev/null f                              # destructive",
        "xxd -c 8 - f < /dev/null                     # destructive",
        "openssl base64 -in /dev/null -out f          # destructive",
        "dd of=f conv=notrunc < /dev/null             # allow",
        "dd if=g of=f < /dev/null                     # allow",
        "dd if=g of=f                                 # allow",
        "echo hi | dd of=f                            # allow",
        "dd of=f < g                                  # allow",
        "uniq in out                                  # allow",
        "uniq -c in out                               # allow",
        "sort in | uniq - out                         # allow",
        "xxd in out                                   # allow",
        "xxd -r /dev/null f                           # allow",
        "openssl base64 -in g -out f                  # allow",
        "iconv -f utf8 -t latin1 -o f /dev/null       # allow",
        // files removed once stored into a device that keeps nothing
        "tar -cf /dev/null --remove-files d           # destructive",
        "tar --remove-files -cf /dev/null d           # destructive",
        "tar cf /dev/null --remove-files d            # destructive",
        "tar --rem -cf /dev/null d                    # destructive",
        "zip -m /dev/null f                           # destructive",
        "zip -rm /dev/null d                          # destructive",
        "7z a -sdel /dev/null d                       # destructive",
        "rsync --remove-source-files f /dev/null      # destructive",
        // or into standard output the script throws away
        "tar -cf - --remove-files d > /dev/null       # destructive",
        "tar -c --remove-files d >/dev/null 2>&1      # destructive",
        "tar -cf- --remove-files d &> /dev/null       # destructive",
        "sudo tar --remove-files -czf - d >/dev/null  # destructive",
        "zip -qm - f > /dev/null                      # destructive",
        "tar -cf/dev/null --remove-files d            # destructive",
        "tar -cf - --remove-files d > d.tar           # allow",
        "tar -cf - --remove-files d > /dev/null > x   # allow",
        "tar -cf - d > /dev/null                      # allow",
        "tar -cf x.tar --remove-files d > /dev/null   # allow",
        "tar -cf x.tar --remove-files d               # allow",
        "tar -c --remove-files d | gzip > x.tgz       # allow",
        "tar -cf - --remove-files d | ssh h tar -xf - # allow",
        "zip -m x.zip f                               # allow",
        "zip -r x.zip d                               # allow",
        "7z a -sdel x.7z d                            # allow",
        "rsync -a --remove-source-files d/ e/         # allow",
        // a file URL as curl reads it
        "curl -s file://localhost/etc/shadow          # system-secrets",
        "curl file://127.0.0.1/etc/shadow             # system-secrets",
        "curl FILE:///etc/shadow                      # system-secrets",
        "curl File://LOCALHOST/etc/gshadow            # system-secrets",
        "curl file:/etc/shadow                        # system-secrets",
        "curl 'file:///etc/%73hadow'                  # system-secrets",
        "curl --url=file://localhost/etc/shadow       # system-secrets",
        "curl file:///etc/passwd                      # allow",
        "curl file://localhost/tmp/notes.txt          # allow",
        "curl https://example.com/etc/shadow          # allow",
        // ssh keys in any home, or under the working directory
        "cat ~postgres/.ssh/id_rsa                    # system-secrets",
        "cat /var/lib/postgresql/.ssh/id_rsa          # system-secrets",
        "cat /srv/git/.ssh/id_ed25519                 # system-secrets",
        "base64 /var/lib/jenkins/.ssh/deploy.pem      # system-secrets",
        "cat .ssh/id_rsa                              # system-secrets",
        "cd /var/lib/jenkins && cat .ssh/id_rsa       # system-secrets",
        "ssh -i /var/lib/jenkins/.ssh/id_rsa host ls  # system-secrets",
        "cat ~/.ssh/known_hosts                       # allow",
        "cat .ssh/config                              # allow",
        "ls /var/lib/postgresql/.ssh                  # allow",
        "cat notes/id_rsa.txt                         # allow",
        "grep -r TODO /var/lib/app                    # allow"})
    void judged(String script, String expected) {
        assertEquals(expected, DefaultShellGuard.decide(script), script);
    }
}
