package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Credentials a command line gives as an option's value are found by the option, as the shell reads the line. */
class ShellSecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mysql -h db -pHunter22 app|Hunter22",
            "sudo -u backup mysqldump '-pHun ter22' app|Hun ter22",
            "sshpass -p 'Hunter22' ssh host|Hunter22",
            "curl -su admin:Hunter22 https://x|Hunter22",
            "curl --user=admin:Hunter22 https://x|Hunter22",
            "curl -H 'Authorization: Bearer opaque-token-42' https://x|opaque-token-42",
            "curl -H \"X-Api-Key: k-123456\" https://x|k-123456",
            "curl '-HPrivate-Token: glpat-123456' https://x|glpat-123456",
            "http GET https://x Authorization:'Bearer opaque-42'|opaque-42",
            "redis-cli -h r -a Hunter22 ping|Hunter22",
            "anytool --password Hunter22 --user bob|Hunter22",
            "env FOO=1 anytool --api-key=Hunter22|Hunter22",
            "openssl enc -aes256 -pass pass:Hunter22 -in f|Hunter22",
            "smbclient //h/s -U bob%Hunter22|Hunter22",
            "ldapsearch -x -D cn=admin -w Hunter22|Hunter22",
            "docker login -u bob -p Hunter22 registry|Hunter22",
            "htpasswd -bc .htpasswd bob Hunter22|Hunter22",
            "echo ok && zip -P Hunter22 out.zip f|Hunter22"})
    void aCredentialOptionsValueIsFound(String script, String secret) {
        assertEquals(Set.of(secret), ShellSecrets.in(List.of("bash", "-c", script)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql -p app", "ls -la /tmp", "grep -p pattern file", "curl -u admin https://x", "mysql -pab app",
            "git commit -m 'password rotation'", "git commit -m 'Auth: update the login page'"})
    void otherCommandLinesGiveNone(String script) {
        assertEquals(Set.of(), ShellSecrets.in(List.of("bash", "-c", script)));
    }

    @org.junit.jupiter.api.Test
    void anArgvRunDirectlyIsReadToo() {
        assertEquals(Set.of("Hunter22"), ShellSecrets.in(List.of("sudo", "mysql", "-pHunter22")));
    }
}
