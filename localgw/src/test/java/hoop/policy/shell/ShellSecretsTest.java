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

    /** An option is a credential's by the words of its name, wherever they stand, not by a list of whole names. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "aws secretsmanager create-secret --name db --secret-string 'S3cr3t-value!'|S3cr3t-value!",
            "aws secretsmanager put-secret-value --secret-id prod/db --secret-string='{\"password\":\"pw12345678\"}'|{\"password\":\"pw12345678\"}",
            "aws rds create-db-instance --db-instance-identifier d --master-user-password Sup3rS3cret|Sup3rS3cret",
            "aws redshift create-cluster --cluster-identifier c --master_user_password Sup3rS3cret|Sup3rS3cret",
            "aws kms encrypt --key-id alias/k --plaintext SensitiveText123|SensitiveText123",
            "aws ssm put-parameter --name /prod/db/password --value Sup3rS3cret --type String|Sup3rS3cret",
            "aws configure set profile.dev.aws_session_token FwoGZXIvYXdzEXAMPLE|FwoGZXIvYXdzEXAMPLE",
            "gh auth login --with-token ghp_notARealOne|ghp_notARealOne",
            "vault login --client-secret=Sup3rS3cret|Sup3rS3cret",
            "curl --oauth2-bearer opaque-token-42 https://x|opaque-token-42"})
    void anOptionNamedForACredentialGivesIt(String script, String secret) {
        assertEquals(Set.of(secret), ShellSecrets.in(List.of("bash", "-c", script)));
    }

    @org.junit.jupiter.api.Test
    void bothPasswordsOfAChangeAreFound() {
        assertEquals(Set.of("OldPass123", "NewPass456"),
                ShellSecrets.in(List.of("aws", "iam", "change-password", "--old-password", "OldPass123", "--new-password", "NewPass456")));
    }

    /** Options that name, describe or page past a secret give none: --secret-id, --password-length, --next-token. */
    @ParameterizedTest
    @ValueSource(strings = {"aws secretsmanager get-secret-value --secret-id prod/db --version-stage AWSCURRENT",
            "aws iam update-account-password-policy --minimum-password-length 14 --require-symbols",
            "aws s3api list-objects-v2 --bucket b --next-token eyJDb250aW51YXRpb24ifQ",
            "aws ec2 run-instances --client-token abcdef123456 --image-id ami-1",
            "docker login -u me --password-stdin registry", "aws iam create-login-profile --user-name bob --password-reset-required",
            "aws secretsmanager create-secret --name db --kms-key-id alias/k --no-secret-rotation"})
    void optionsAboutASecretGiveNone(String script) {
        assertEquals(Set.of(), ShellSecrets.in(List.of("bash", "-c", script)));
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
