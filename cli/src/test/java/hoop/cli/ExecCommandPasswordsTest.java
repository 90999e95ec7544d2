package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords that command lines give by a short option (mysql -pX, sshpass -p X, redis-cli -a X, docker login -p X ...),
 * shown as text: a deploy script, a shell history, a crontab, a Dockerfile, a systemd unit, and the real {@code ps} of
 * a running process. hoop knows none of these values (they are in files, not on hoop's own command line): the
 * password_assignment detector must find them by each program's option grammar, through the real {@code hoop exec}
 * into bash, real {@code cat} and real {@code ps}. What ordinary commands print with the same letters stays readable.
 */
class ExecCommandPasswordsTest {
    static final List<String> SECRETS = List.of("MyDump-Pw-0001", "SshPass-Pw-0002", "Redis-Pw-00003", "Docker-Pw-0004",
            "Continued-Pw-05", "History-Pw-006", "ZipArch-Pw-007", "LdapBind-Pw-08", "KeyStore-Pw-09", "GpgPhrase-Pw10",
            "SmbShare-Pw-11", "OpenSslK-Pw-12", "CronDump-Pw-13", "DockerRun-Pw14", "SystemdUn-Pw15", "PsArgv-Pw-0016",
            "RedisUrl-Pw-17", "RedisLone-Pw18");
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                policies: [open]
                masking: [pii]
            policies:
              open: { default: allow, unknown: allow }
            masking:
              pii:
                detectors: [email, api_token, github_token, password_assignment, url_password]
            """);

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /** Runs script through hoop exec; asserts no secret shows in the output, the replayed recording or the database. */
    String run(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out() + r.err();
        String id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String replay = gw.hoop("replay", id).out();
        for (String secret : SECRETS) {
            assertFalse(shown.contains(secret), () -> secret + " shows in\n" + shown);
            assertFalse(replay.contains(secret), () -> secret + " is in the recording\n" + replay);
            assertFalse(TestDb.contains(gw, secret), () -> secret + " is in the database");
        }
        return shown;
    }

    @Test
    void scriptsHistoriesAndUnitsShowTheirCommandsWithoutThePasswords() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("deploy.sh"), """
                #!/bin/sh
                mkdir -p /var/backups && cp -p app.conf /etc/app.conf
                mysqldump -h db -u backup -pMyDump-Pw-0001 --all-databases | gzip > /var/backups/all.gz
                sshpass -p 'SshPass-Pw-0002' ssh -p 2222 deploy@web1 uptime
                redis-cli -h cache -a Redis-Pw-00003 ping
                docker login -u ci -p Docker-Pw-0004 registry.example.com && docker run -p 8080:80 nginx
                mysql \\
                  -h db -u root \\
                  -pContinued-Pw-05 app < schema.sql
                mysql -h db -P 3306 -u app -p shop
                """);
        Files.writeString(files.resolve(".bash_history"), """
                ls -a
                mysql -uroot -p"History-Pw-006" shop
                zip -r -P ZipArch-Pw-007 out.zip reports
                ldapsearch -x -D cn=admin,dc=example,dc=org -w LdapBind-Pw-08 -b dc=example,dc=org
                /usr/bin/keytool -list -keystore ks.jks -storepass KeyStore-Pw-09
                gpg --batch --passphrase GpgPhrase-Pw10 -d notes.gpg
                smbclient //files/share -U ops%SmbShare-Pw-11
                openssl enc -aes-256-cbc -k OpenSslK-Pw-12 -in f -out f.enc
                curl -u deploy https://ci.example.com/hook
                mongosh -u admin -p --authenticationDatabase admin
                redis-cli -u redis://app:RedisUrl-Pw-17@cache:6379/0 ping
                redis-cli -u redis://RedisLone-Pw18@cache:6379 ping
                redis-cli -u redis://cache:6379/2 ping
                """);
        Files.writeString(files.resolve("crontab"), "0 3 * * * /usr/bin/mysqldump -uroot -pCronDump-Pw-13 db > /b.sql\n");
        Files.writeString(files.resolve("Dockerfile"), "FROM mariadb:11\nRUN mysql -uroot -p'DockerRun-Pw14' < init.sql\n");
        Files.writeString(files.resolve("backup.service"), "[Service]\n"
                + "ExecStart=/usr/bin/mongodump --username backup -p SystemdUn-Pw15 --out /b\n");
        String shown = run("cd " + files + " && for f in deploy.sh .bash_history crontab Dockerfile backup.service;"
                + " do echo \"== $f\"; cat $f; done");
        for (String line : new String[] {
                "mkdir -p /var/backups && cp -p app.conf /etc/app.conf",
                "mysqldump -h db -u backup -p[PASSWORD_ASSIGNMENT] --all-databases | gzip > /var/backups/all.gz",
                "sshpass -p [PASSWORD_ASSIGNMENT] ssh -p 2222 deploy@web1 uptime",
                "redis-cli -h cache -a [PASSWORD_ASSIGNMENT] ping",
                "docker login -u ci -p [PASSWORD_ASSIGNMENT] registry.example.com && docker run -p 8080:80 nginx",
                "  -p[PASSWORD_ASSIGNMENT] app < schema.sql",
                "mysql -h db -P 3306 -u app -p shop",
                "ls -a\nmysql -uroot -p[PASSWORD_ASSIGNMENT] shop",
                "zip -r -P [PASSWORD_ASSIGNMENT] out.zip reports",
                "-w [PASSWORD_ASSIGNMENT] -b dc=example,dc=org",
                "-storepass [PASSWORD_ASSIGNMENT]\n",
                "gpg --batch --passphrase [PASSWORD_ASSIGNMENT] -d notes.gpg",
                "smbclient //files/share -U ops%[PASSWORD_ASSIGNMENT]",
                "-k [PASSWORD_ASSIGNMENT] -in f -out f.enc",
                "curl -u deploy https://ci.example.com/hook",
                "mongosh -u admin -p --authenticationDatabase admin",
                "redis-cli -u redis://app:[URL_PASSWORD]@cache:6379/0 ping",
                "redis-cli -u redis://[URL_PASSWORD]@cache:6379 ping",
                "redis-cli -u redis://cache:6379/2 ping",
                "/usr/bin/mysqldump -uroot -p[PASSWORD_ASSIGNMENT] db > /b.sql",
                "RUN mysql -uroot -p[PASSWORD_ASSIGNMENT] < init.sql",
                "ExecStart=/usr/bin/mongodump --username backup -p [PASSWORD_ASSIGNMENT] --out /b"}) {
            assertTrue(shown.contains(line), () -> line + "\nnot in\n" + shown);
        }
    }

    @Test
    void psOfARunningProcessShowsItsArgumentsWithoutThePassword() throws Exception {
        // The process's argv holds the password as a client would be started with it; ps prints argv joined by blanks.
        Path script = dir.resolve("ps.sh");
        Files.writeString(script, """
                bash -c 'sleep 30; exit 0' mysql -h db -u app -pPsArgv-Pw-0016 shop &
                pid=$!
                for i in $(seq 1 200); do ps -p $pid -o args= | grep -q 'mysql' && break; done
                ps -ww -ef | grep '[m]ysql -h db'
                kill $pid
                """);
        String shown = run("bash " + script);
        assertTrue(shown.contains("bash -c sleep 30; exit 0 mysql -h db -u app -p[PASSWORD_ASSIGNMENT] shop"), shown);
    }
}
