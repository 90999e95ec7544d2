package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials an agent meets in the files and commands of a machine, which no secret word before an '=' or ':' gives
 * away: service tokens with a prefix of their own (GitLab, OpenAI, Google, npm, Hugging Face...), HTTP authorization
 * headers and cookies as `curl -v` shows them, a .netrc, a .pgpass, an .npmrc, a Docker config, and passwords on
 * command lines. hoop knows none of these values (they are in files, not in the connection's env): the detectors alone
 * must find them, through the real `hoop exec` into bash, real `cat` and real `curl` against a local HTTP server.
 */
class ExecCredentialFormsTest {
    static final String GITLAB = "glpat-Xy3zAbC9dEfGhIjK1mNo";
    static final String OPENAI = "sk-proj-Qw3eRt5yUi7oPa9sDf1gHj2kLz4xCv6bNm8QwErTyUiOpAsDfGh";
    static final String GOOGLE = "AIzaSyB7c9d1E3f5G7h9J1k3L5m7N9p1Q3r5S7t";
    static final String NPM = "npm_Zx8cV6bN4mQ2wE0rT8yU6iO4pA2sD0fG8hJ6";
    static final String HF = "hf_Lk7jH5gF3dS1aQ9wE7rT5yU3iO1pZ8xC6vB";
    static final String BEARER = "8f3kLq92mZxP0aVbN7cYtR4wE6uJ1hGd";
    static final String API_KEY = "9aK3mPq7Zt2LxW8vB5nC1yR6sD4fG0hJ";
    static final String SESSION = "s3ss10nC00k1eV4lu3Qp7Rt";
    static final String SET_COOKIE = "Zr8Yq6Xp4Wo2Vn0Um8Tl6Sk";
    static final String NETRC = "n3trcP4ssw0rdXq9";
    static final String NETRC_LINES = "m4ch1neP4ssL1nes7";
    static final String PGPASS = "pgP4ssF1leS3cret";
    static final String NPM_AUTH = "ZGVwbG95Om5wbVBhc3MxMjM0";
    static final String DOCKER = "ZGVwbG95OmRvY2tlclB3ZDk4NzY=";
    static final String DB_PASS = "dbP4ssEnvV4lue8";
    static final String OPTION = "0pt10nP4ssw0rd5";
    static final String CURL_USER = "curlUs3rP4ss7";
    static final String ROLE = "R0leP4ssH1story";
    static final String MYSQL_USER = "MySq1Us3rP4ss";
    static final List<String> SECRETS = List.of(GITLAB, OPENAI, GOOGLE, NPM, HF, BEARER, API_KEY, SESSION, SET_COOKIE,
            NETRC, NETRC_LINES, PGPASS, NPM_AUTH, DOCKER, DB_PASS, OPTION, CURL_USER, ROLE, MYSQL_USER);
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
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"deploy\": {\"key\": \"" + GITLAB + "\", \"model_key\": \"" + OPENAI + "\"}, \"maps\": \""
                    + GOOGLE + "\", \"status\": \"ok\"}\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", "sid=" + SET_COOKIE + "; Path=/; HttpOnly");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        gw.close();
    }

    /** Runs script through hoop exec; asserts no secret shows in the output, the replayed recording or the database. */
    String run(String script) throws Exception {
        var r = gw.hoop("exec", "shell", "--", script);
        assertEquals(0, r.exit(), r.err());
        String shown = r.out() + r.err();
        for (String secret : SECRETS) {
            assertFalse(shown.contains(secret.substring(0, 12)), () -> secret + " shows in\n" + shown);
        }
        String id = new ObjectMapper().readTree(gw.hoop("sessions", "--json").out()).get(0).get("id").asText();
        String replay = gw.hoop("replay", id).out();
        for (String secret : SECRETS) {
            assertFalse(replay.contains(secret.substring(0, 12)), () -> secret + " is in the recording\n" + replay);
            assertFalse(TestDb.contains(gw, secret), () -> secret + " is in the database");
        }
        return shown;
    }

    @Test
    void curlShowsItsHeadersAndAnAnswerWithServiceTokensMasked() throws Exception {
        // A project's script makes the call: the values are not on hoop's command line, where hoop would learn them.
        Path script = dir.resolve("call.sh");
        Files.writeString(script, "curl -sS -v -H 'Authorization: Bearer " + BEARER + "' -H 'x-api-key: " + API_KEY
                + "' -b 'theme=dark; session=" + SESSION + "' http://127.0.0.1:" + server.getAddress().getPort() + "/v1/config\n");
        String shown = run("bash " + script);
        // curl really sent and showed them: the header names, the scheme and the answer's shape stay readable.
        assertTrue(shown.contains("> Authorization: Bearer [PASSWORD_ASSIGNMENT]"), shown);
        assertTrue(shown.contains("> x-api-key: [PASSWORD_ASSIGNMENT]"), shown);
        assertTrue(shown.contains("> Cookie: [PASSWORD_ASSIGNMENT]"), shown);
        assertTrue(shown.toLowerCase(java.util.Locale.ROOT).contains("< set-cookie: [password_assignment]"), shown);
        assertTrue(shown.contains("\"key\": \"[API_TOKEN]\""), shown);
        assertTrue(shown.contains("\"maps\": \"[API_TOKEN]\", \"status\": \"ok\""), shown);
    }

    @Test
    void aCommandLineThatCarriesCredentialsIsRecordedWithoutThem() throws Exception {
        String shown = run("echo curl -b 'session=" + SESSION + "' -u deploy:" + CURL_USER + " --api-token " + OPTION
                + " -H 'Authorization: Bearer " + BEARER + "' https://ci.example.com/hook");
        assertTrue(shown.startsWith("curl -b "), shown);
        assertTrue(shown.contains("https://ci.example.com/hook"), shown);
    }

    @Test
    void credentialFilesShowTheirLayoutButNoSecret() throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve(".netrc"), "machine api.example.com login deploy password " + NETRC + "\n"
                + "machine git.example.com\n  login ci\n  password " + NETRC_LINES + "\n");
        Files.writeString(files.resolve(".pgpass"), "db.example.com:5432:app:app_rw:" + PGPASS + "\n");
        Files.writeString(files.resolve(".npmrc"), "//registry.npmjs.org/:_authToken=" + NPM + "\n_auth=" + NPM_AUTH
                + "\nregistry=https://registry.npmjs.org/\n");
        Files.writeString(files.resolve("config.json"), "{\n  \"auths\": {\n    \"registry.example.com\": {\n      \"auth\": \""
                + DOCKER + "\"\n    }\n  }\n}\n");
        Files.writeString(files.resolve(".env"), "APP_ENV=production\nDB_PASS=" + DB_PASS + "\nHF_HOME=/data/hf\nMODEL_HUB="
                + HF + "\nOPENAI=" + OPENAI + "\n");
        Files.writeString(files.resolve("deploy.sh"), "#!/bin/sh\nmysql --password " + OPTION + " -h db app < schema.sql\n"
                + "curl -u deploy:" + CURL_USER + " https://ci.example.com/hook\n");
        // SQL as a client's history keeps it: the passwords statements gave.
        Files.writeString(files.resolve(".psql_history"), "SELECT 1;\nALTER ROLE app WITH LOGIN PASSWORD '" + ROLE + "';\n");
        Files.writeString(files.resolve(".mysql_history"), "CREATE USER 'app'@'%' IDENTIFIED BY \"" + MYSQL_USER + "\";\n");
        String shown = run("cd " + files + " && for f in .netrc .pgpass .npmrc config.json .env deploy.sh .psql_history .mysql_history;"
                + " do echo \"== $f\"; cat $f; done");
        assertTrue(shown.contains("machine api.example.com login deploy password [PASSWORD_ASSIGNMENT]"), shown);
        assertTrue(shown.contains("  login ci\n  password [PASSWORD_ASSIGNMENT]\n"), shown);
        assertTrue(shown.contains("db.example.com:5432:app:app_rw:[PASSWORD_ASSIGNMENT]"), shown);
        assertTrue(shown.contains("registry=https://registry.npmjs.org/"), shown);
        assertTrue(shown.contains("\"auth\": \"[PASSWORD_ASSIGNMENT]\""), shown);
        assertTrue(shown.contains("APP_ENV=production\nDB_PASS=[PASSWORD_ASSIGNMENT]\nHF_HOME=/data/hf\n"), shown);
        assertTrue(shown.contains("mysql --password [PASSWORD_ASSIGNMENT] -h db app < schema.sql"), shown);
        assertTrue(shown.contains("curl -u deploy:[PASSWORD_ASSIGNMENT] https://ci.example.com/hook"), shown);
        assertTrue(shown.contains("SELECT 1;\nALTER ROLE app WITH LOGIN PASSWORD '[PASSWORD_ASSIGNMENT]';\n"), shown);
        assertTrue(shown.contains("CREATE USER 'app'@'%' IDENTIFIED BY \"[PASSWORD_ASSIGNMENT]\";"), shown);
    }
}
