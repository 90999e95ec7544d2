package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A password a command line gives by a short option, as text (a script, a history, ps output): masked by each program's
 * option grammar, the same by the fast scan as by the whole-text regex, streamed or whole; the same letters in
 * ordinary commands, and options that prompt, stay as they are.
 */
class CommandPasswordsTest {
    private static final byte[] KEY = {1};

    private static Masker masker() {
        return Masker.create(MaskingRules.of(List.of("password_assignment"), Map.of(), List.of(), Style.REDACT), KEY, List.of());
    }

    private static NaiveMasker naive() {
        return NaiveMasker.create(MaskingRules.of(List.of("password_assignment"), Map.of(), List.of(), Style.REDACT), KEY, List.of());
    }

    /** {@code @PW} stands for the password; it must come out masked, by the fast scan as by the whole-text regex. */
    @ParameterizedTest
    @ValueSource(strings = {
            "mysql -uroot -p@PW db", "mysql -u root -p'@PW' db", "mysql -u root -p\"@PW\" db", "mysqldump -h db -p@PW --all-databases",
            "/usr/bin/mysql -p@PW", "sudo mysql -p@PW", "cd /x && mysql -p@PW", "echo x | mysql -p@PW", "x=$(mysql -p@PW -e 'select 1')",
            "env MYSQL_HOST=db time mariadb-dump -p@PW x", "root  1234  0.0  0.1 12345 678 ?  S  10:00  0:00 mysql -h db -p@PW app",
            "0 3 * * * /usr/bin/mysqldump -uroot -p@PW db > /b.sql", "RUN mysql -uroot -p@PW < x.sql", "  123  mysqladmin -p@PW status",
            "mysql \\\n  -h db \\\n  -p@PW app", "mysql \\\r\n  -p@PW app", "7z a -p@PW a.7z f", "mysql -h db -e 'select 1' -p@PW",
            "sshpass -p @PW ssh host", "sshpass -p@PW ssh host", "redis-cli -h cache -a @PW ping", "docker login -u u -p @PW reg",
            "podman  login -p @PW reg", "helm registry login r -u u -p @PW", "mongosh -u u -p @PW", "mongodump --host h -p @PW",
            "zip -P @PW a.zip f", "unzip -P @PW a.zip", "sqlcmd -S h -U sa -P @PW", "ldapsearch -x -D cn=admin -w @PW -b dc=x",
            "openssl enc -aes-256-cbc -k @PW -in f", "smbclient //h/s -U user%@PW", "keytool -list -storepass @PW",
            "jarsigner -keystore ks -storepass @PW -keypass @PW a.jar x", "keytool -importkeystore -srcstorepass @PW -deststorepass @PW",
            "gpg --batch --passphrase @PW -d f", "az login -u u -p @PW", "cf login -a api -u u -p @PW",
    })
    void thePasswordIsMasked(String form) {
        for (String value : new String[] {"Xq7SecretValue", "'Xq7 Secret Value'", "\"Xq7 \\\"Secret\\\" Value\"", "Xq7\\ Secret"}) {
            String text = form.replace("@PW", form.contains("'@PW'") || form.contains("\"@PW\"") ? "Xq7 Secret Value" : value)
                    + "\nls -a\n";
            String masked = masker().mask(text);
            assertEquals(naive().mask(text), masked, text);
            for (String piece : new String[] {"Xq7", "Secret", "Value"}) {
                assertFalse(masked.contains(piece), () -> text + "\n->\n" + masked);
            }
            assertStreamsTheSame(text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "mkdir -p dir/sub", "cp -p a b", "ssh -p 2222 host", "ls -a", "mysql -p", "mysql -u root -p db", "mysql --password",
            "mysql -P 3306 -h db", "use -p to be prompted", "curl -u user http://x", "grep -p x", "git commit -a -m msg",
            "zip -r a.zip d", "tar -xzpf a.tgz", "ps -p 123", "docker run -p 8080:80 nginx", "docker login -p", "mongosh -u admin -p",
            "mongosh -u admin -p --authenticationDatabase admin", "redis-cli -a", "openssl req -keyout k.pem -new -x509",
            "keytool -storepasswd -keystore ks", "keytool -list -storepass:env STOREPASS", "gpg --passphrase-fd 0 -d f",
            "gpg --passphrase-file pw.txt -d f", "mysql_config -p", "mysqlx -pnot", "sshpassx -p nope", "my-mysql -pnope",
            "mysql -h db\nssh -p 2222 h\n-pnotacommand", "smbclient //h/s -U user", "unzip -l a.zip -x README",
            "echo mysql and then, much later on the line: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx -pnope", "mysql -e 'x' db; tar -pxf a.tar",
    })
    void ordinaryCommandsStayReadable(String text) {
        assertEquals(text, masker().mask(text));
        assertEquals(text, naive().mask(text));
    }

    /**
     * redis-cli's -u takes a URL: its password is masked as any URL's (url_password), the user and host stay; read as
     * curl's -u user:password it came out as redis:[PASSWORD_ASSIGNMENT] and hid a URL with no password in it too. A
     * Redis URI's userinfo without a colon is the password (redis-cli's and Lettuce's grammar). ldapsearch's -b names a
     * search base that was masked as curl's cookie.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "redis-cli -u redis://app:@PW@cache:6379/0 ping -> redis-cli -u redis://app:[URL_PASSWORD]@cache:6379/0 ping",
            "redis-cli -u rediss://default:@PW@cache.example.com:6380 --tls -> redis-cli -u rediss://default:[URL_PASSWORD]@cache.example.com:6380 --tls",
            "redis-cli -u 'redis://:@PW@cache' ping -> redis-cli -u 'redis://:[URL_PASSWORD]@cache' ping",
            "redis-cli -u redis://@PW@cache:6379 ping -> redis-cli -u redis://[URL_PASSWORD]@cache:6379 ping",
            "valkey-cli -u valkey://@PW@cache ping -> valkey-cli -u valkey://[URL_PASSWORD]@cache ping",
            "redis-cli --user app -u redis://cache:6379/2 ping -> redis-cli --user app -u redis://cache:6379/2 ping",
            "curl -u deploy:@PW https://x -> curl -u deploy:[PASSWORD_ASSIGNMENT] https://x",
            "curl -u deploy https://u:@PW@x -> curl -u deploy https://u:[URL_PASSWORD]@x",
            "git clone https://git@github.com/o/r -> git clone https://git@github.com/o/r",
            // ldapsearch's -b is a search base, curl's a cookie: a DN's names are set apart by ','.
            "ldapsearch -x -b dc=example,dc=org -w @PW -> ldapsearch -x -b dc=example,dc=org -w [PASSWORD_ASSIGNMENT]",
            "ldapsearch -b \"ou=People, dc=example, dc=org\" uid=x -> ldapsearch -b \"ou=People, dc=example, dc=org\" uid=x",
            "curl -b 'theme=dark; session=@PW' https://x -> curl -b '[PASSWORD_ASSIGNMENT]' https://x",
            "curl -b session=@PW https://x -> curl -b [PASSWORD_ASSIGNMENT] https://x",
            "curl -b 'a=1,b=2; session=@PW' https://x -> curl -b '[PASSWORD_ASSIGNMENT]' https://x",
    })
    void urlsAndBasesAfterCurlsOptionLettersKeepTheirGrammar(String pair) {
        String text = pair.substring(0, pair.indexOf(" -> ")).replace("@PW", "Xq7SecretValue");
        String want = pair.substring(pair.indexOf(" -> ") + 4);
        MaskingRules rules = MaskingRules.of(List.of("password_assignment", "url_password"), Map.of(), List.of(), Style.REDACT);
        assertEquals(want, Masker.create(rules, KEY, List.of()).mask(text));
        assertEquals(want, NaiveMasker.create(rules, KEY, List.of()).mask(text));
    }

    /** An idle flush at any place of the line (a value cut, a quoted value cut at its blank) must not show the password. */
    private static void assertStreamsTheSame(String text) {
        byte[] b = text.getBytes(ISO_8859_1);
        for (int cut = 1; cut < b.length; cut++) {
            StreamMasker s = masker().stream();
            StringBuilder out = new StringBuilder();
            out.append(new String(s.feed(b, 0, cut), ISO_8859_1)).append(new String(s.flushIdle(), ISO_8859_1));
            out.append(new String(s.feed(b, cut, b.length - cut), ISO_8859_1)).append(new String(s.finish(), ISO_8859_1));
            for (String piece : new String[] {"Xq7", "Secr", "cret", "Valu", "alue"}) {
                assertFalse(out.toString().contains(piece), "cut at " + cut + ": " + text + "\n->\n" + out);
            }
        }
    }
}
