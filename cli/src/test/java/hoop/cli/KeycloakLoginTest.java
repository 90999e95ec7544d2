package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.store.SessionRecord;
import hoop.testsupport.DeviceBrowser;
import hoop.testsupport.Keycloak;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole identity path against a real Keycloak (started once for the class from the dist unpacked by the
 * pom): `hoop login` prints the code, the test plays the user's browser, hoop stores the tokens, and the
 * gateway (identity mode oidc) runs commands under that identity, its groups deciding policy. Access tokens
 * live 10 s here, so refresh and expiry are exercised for real.
 */
class KeycloakLoginTest {
    static final int TOKEN_SECONDS = 10;
    static Keycloak kc;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKeycloak() throws Exception {
        String home = System.getProperty("keycloak.home");
        assertNotNull(home, "system property keycloak.home (set by the cli pom)");
        Path realm = Path.of(KeycloakLoginTest.class.getResource("/keycloak/eng-realm.json").toURI());
        kc = Keycloak.builder(Path.of(home)).realmFile(realm).realm("eng")
                .env("KC_ENG_DEVICE_POLLING_INTERVAL", "1")
                .env("KC_ENG_ACCESS_TOKEN_LIFESPAN", String.valueOf(TOKEN_SECONDS))
                .env("KC_ENG_SHORT_DEVICE_CODE_LIFESPAN", "3").start();
    }

    @AfterAll
    static void stopKeycloak() {
        if (kc != null) kc.stop();
    }

    private TestGateway gateway() throws Exception {
        return new TestGateway(dir.resolve("home"), TestGateway.config("""
                identity: { mode: oidc, issuer: %s, client_id: hoop-cli, audience: hoop, clock_skew: 1s }
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [p] }
                policies:
                  p:
                    default: allow
                    rules:
                      - { action: deny, match: { groups: [dba], argv: ["echo dba-only-denied*"] }, message: "not for dba" }
                      - { action: deny, match: { groups: [dev], argv: ["echo dev-only-denied*"] }, message: "not for dev" }
                      - { name: dba-approves, action: review, match: { argv: ["echo ship-it*"] }, approvers: [group:dba], timeout: 30s }
                """.formatted(kc.issuer())), Map.of());
    }

    /** A `hoop` run on its own thread whose output the test can read while it runs. */
    record Running(CompletableFuture<Integer> exit, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String waitFor(Pattern p) throws InterruptedException {
            for (int i = 0; i < 600; i++) {
                Matcher m = p.matcher(out.toString(StandardCharsets.UTF_8));
                if (m.find()) return m.group(1);
                if (exit.isDone()) break;
                Thread.sleep(50);
            }
            throw new AssertionError("no " + p + " in output: " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        }

        int exitCode() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }
    }

    static Running start(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = TestGateway.async(() -> HoopCommand.run(new CliContext(env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)), args));
        return new Running(exit, out, err);
    }

    static final Pattern LINK = Pattern.compile("Or open this link, which carries the code: (\\S+)");

    /**
     * `hoop login` with the user approving in the browser; returns the login's output. Keycloak now and then fails
     * a token poll that races the approval with a server-side unknown_error and drops the device code (the CLI
     * then reports invalid_grant): that login is started over once, anything else fails the test.
     */
    static String login(Map<String, String> env, String user, String password, String... args) throws Exception {
        try {
            return loginOnce(env, user, password, args);
        } catch (AssertionError e) {
            if (!String.valueOf(e.getMessage()).contains("unknown_error")) throw e;
            return loginOnce(env, user, password, args);
        }
    }

    private static String loginOnce(Map<String, String> env, String user, String password, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "login";
        System.arraycopy(args, 0, all, 1, args.length);
        Running login = start(env, all);
        String link = login.waitFor(LINK);
        assertEquals(DeviceBrowser.Outcome.APPROVED, DeviceBrowser.approve(link, user, password).outcome());
        int code = login.exitCode();
        String out = login.out().toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out + login.err().toString(StandardCharsets.UTF_8));
        return out;
    }

    static JsonNode credentials(Path home) throws Exception {
        return GatewayClient.JSON.readTree(Files.readString(home.resolve("credentials.json")));
    }

    @Test
    void deviceLoginThenCommandsRunUnderThatIdentityAndItsGroups() throws Exception {
        try (TestGateway gw = gateway()) {
            TestGateway.Run before = gw.hoop("exec", "shell", "--", "echo hi");
            assertEquals(1, before.exit(), before.err());
            assertTrue(before.err().contains("run: hoop login"), before.err());

            // No flags: issuer and client come from hoop.yaml's identity section.
            String out = login(gw.env, "alice", "alice-pw");
            assertTrue(out.matches("(?s).*To log in, open " + Pattern.quote(kc.issuer()) + "/device and enter the code: [A-Z]{4}-[A-Z]{4}.*"), out);
            assertTrue(out.contains("█") || out.contains("▀"), "no QR code in: " + out);
            assertTrue(out.contains("Logged in as alice@example.com (groups: dba)"), out);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gw.home.resolve("credentials.json"))));

            TestGateway.Run who = gw.hoop("whoami", "--json");
            assertEquals(0, who.exit(), who.err());
            JsonNode w = GatewayClient.JSON.readTree(who.out());
            assertEquals("alice@example.com", w.path("email").asText());
            assertEquals("dba", w.path("groups").path(0).asText());
            assertFalse(w.path("expired").asBoolean());

            TestGateway.Run ok = gw.hoop("exec", "shell", "--", "echo hello from alice");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals("hello from alice\n", ok.out());
            assertEquals(3, gw.hoop("exec", "shell", "--", "echo dba-only-denied").exit(), "the dba rule applies to alice");
            assertEquals(0, gw.hoop("exec", "shell", "--", "echo dev-only-denied").exit(), "the dev rule does not");

            String sub = w.path("subject").asText();
            try (var store = Recordings.open(new hoop.config.HoopHome(gw.home))) {
                SessionRecord s = store.sessions(50).stream().filter(r -> r.connection().equals("shell")).reduce((a, b) -> b).orElseThrow();
                assertEquals(sub, s.user());
                assertEquals("oidc", s.identitySource());
                JsonNode start = GatewayClient.JSON.readTree(store.events(s.id()).get(0).payload());
                assertEquals("alice@example.com", start.path("email").asText());
                assertEquals("[\"dba\"]", start.path("groups").toString());
            }
        }
    }

    @Test
    void bobGetsHisOwnGroups() throws Exception {
        try (TestGateway gw = gateway()) {
            assertTrue(login(gw.env, "bob", "bob-pw").contains("Logged in as bob@example.com (groups: dev)"));
            assertEquals(3, gw.hoop("exec", "shell", "--", "echo dev-only-denied").exit());
            assertEquals(0, gw.hoop("exec", "shell", "--", "echo dba-only-denied").exit());
        }
    }

    @Test
    void onlyATokenWithTheApproverGroupMayApprove() throws Exception {
        try (TestGateway gw = gateway()) {
            login(gw.env, "bob", "bob-pw");
            // alice uses the same gateway from a HOOP_HOME of her own.
            Path aliceHome = dir.resolve("alice");
            Files.createDirectories(aliceHome);
            for (String f : new String[] {"gateway.addr", "gateway.identity"}) Files.copy(gw.home.resolve(f), aliceHome.resolve(f));
            Map<String, String> alice = Map.of("HOOP_HOME", aliceHome.toString());
            login(alice, "alice", "alice-pw");

            var run = TestGateway.async(() -> gw.hoop("exec", "shell", "--", "echo ship-it"));
            String id = null;
            for (int i = 0; i < 300 && id == null; i++) {
                for (JsonNode a : GatewayClient.JSON.readTree(gw.hoop("approvals", "list", "--json").out())) {
                    if (a.path("rule").asText().equals("p.dba-approves")) id = a.path("id").asText();
                }
                if (id == null) Thread.sleep(50);
            }
            assertNotNull(id, "no pending request");
            // bob (group dev) cannot approve, not even by naming alice: the token decides who approves.
            TestGateway.Run bob = gw.hoop("approve", id, "--as", "alice");
            assertEquals(1, bob.exit(), bob.out());
            TestGateway.Run ok = TestGateway.cli(alice, "approve", id);
            assertEquals(0, ok.exit(), ok.err());
            TestGateway.Run done = run.get(30, TimeUnit.SECONDS);
            assertEquals(0, done.exit(), done.err());
            assertEquals("ship-it\n", done.out());

            // alice's own request: bob is not in dba, and alice may not approve herself (no self in the rule).
            var mine = TestGateway.async(() -> TestGateway.cli(alice, "exec", "shell", "--", "echo ship-it again"));
            String id2 = null;
            for (int i = 0; i < 300 && id2 == null; i++) {
                for (JsonNode a : GatewayClient.JSON.readTree(gw.hoop("approvals", "list", "--json").out())) {
                    if (a.path("rule").asText().equals("p.dba-approves") && a.path("status").asText().equals("pending")) id2 = a.path("id").asText();
                }
                if (id2 == null) Thread.sleep(50);
            }
            assertNotNull(id2, "no pending request from alice");
            TestGateway.Run notDba = gw.hoop("approve", id2);
            assertEquals(1, notDba.exit());
            assertTrue(notDba.err().contains("is not an approver for rule p.dba-approves"), notDba.err());
            TestGateway.Run self = TestGateway.cli(alice, "approve", id2);
            assertEquals(1, self.exit());
            assertTrue(self.err().contains("may not approve it"), self.err());
            assertFalse(mine.isDone());
        }
    }

    @Test
    void denyingInTheBrowserFailsTheLogin() throws Exception {
        Map<String, String> env = Map.of("HOOP_HOME", dir.toString());
        Running login = start(env, "login", "--issuer", kc.issuer(), "--client-id", "hoop-cli", "--no-qr");
        DeviceBrowser.deny(login.waitFor(LINK), "bob", "bob-pw");
        assertEquals(1, login.exitCode());
        assertTrue(login.err().toString(StandardCharsets.UTF_8).contains("denied in the browser (access_denied)"), login.err().toString());
        assertFalse(Files.exists(dir.resolve("credentials.json")));
    }

    @Test
    void anUnapprovedCodeExpires() throws Exception {
        Map<String, String> env = Map.of("HOOP_HOME", dir.toString());
        Running login = start(env, "login", "--issuer", kc.issuer(), "--client-id", "hoop-cli-short", "--no-qr");
        login.waitFor(LINK);
        assertEquals(1, login.exitCode());
        assertTrue(login.err().toString(StandardCharsets.UTF_8).contains("the code expired before it was approved"), login.err().toString());
    }

    @Test
    void nearExpiryTheCliRefreshes() throws Exception {
        try (TestGateway gw = gateway()) {
            login(gw.env, "alice", "alice-pw");
            JsonNode before = credentials(gw.home);
            ObjectNode soon = before.deepCopy();
            // A 10 s token with 1 s left (as if it had been obtained 9 s ago): less than a third of its life remains.
            soon.put("obtained_at", Instant.now().minusSeconds(TOKEN_SECONDS - 1).toString());
            soon.put("expires_at", Instant.now().plusSeconds(1).toString());
            Files.writeString(gw.home.resolve("credentials.json"), soon.toString());
            TestGateway.Run ok = gw.hoop("exec", "shell", "--", "echo refreshed");
            assertEquals(0, ok.exit(), ok.err());
            JsonNode after = credentials(gw.home);
            assertNotEquals(before.path("access_token").asText(), after.path("access_token").asText());
            assertTrue(Instant.parse(after.path("expires_at").asText()).isAfter(Instant.now().plusSeconds(TOKEN_SECONDS / 2)));
        }
    }

    @Test
    void anExpiredLoginIsRefusedWithARelogInHint() throws Exception {
        try (TestGateway gw = gateway()) {
            login(gw.env, "alice", "alice-pw");
            assertEquals(0, gw.hoop("exec", "shell", "--", "echo still valid").exit());
            // The provider session is gone (refresh fails), and the access token runs out mid-session.
            ObjectNode c = (ObjectNode) credentials(gw.home);
            c.put("refresh_token", "revoked");
            Files.writeString(gw.home.resolve("credentials.json"), c.toString());
            Thread.sleep(Instant.parse(c.path("expires_at").asText()).toEpochMilli() - System.currentTimeMillis() + 2500);
            TestGateway.Run late = gw.hoop("exec", "shell", "--", "echo too late");
            assertEquals(1, late.exit(), late.out());
            assertTrue(late.err().contains("expired") && late.err().contains("run: hoop login"), late.err());
            assertTrue(late.out().isEmpty());
            // And logging in again restores access.
            login(gw.env, "alice", "alice-pw");
            assertEquals(0, gw.hoop("exec", "shell", "--", "echo back").exit());
        }
    }

    /** A gateway trusting the Keycloak realm, with one postgres connection `appdb` to pg. */
    TestGateway oidcGatewayTo(UpstreamPostgres pg) throws Exception {
        return new TestGateway(dir.resolve("home"), TestGateway.config("""
                identity: { mode: oidc, issuer: %s, client_id: hoop-cli, audience: hoop, clock_skew: 1s }
                connections:
                  - name: appdb
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: %d, database: app, user: app_rw, password: "${env:APPDB_PASSWORD}", sslmode: disable }
                """.formatted(kc.issuer(), pg.port())), Map.of("APPDB_PASSWORD", UpstreamPostgres.SCRAM_PASSWORD));
    }

    @Test
    void aConnectSessionEndsWhenItsTokenExpires() throws Exception {
        try (UpstreamPostgres pg = new UpstreamPostgres(dir.resolve("pg")); TestGateway gw = oidcGatewayTo(pg)) {
            login(gw.env, "alice", "alice-pw");
            JsonNode s = PostgresEndToEndTest.session(gw, "appdb");
            Instant until = Instant.parse(s.path("expires_at").asText());
            assertTrue(until.isBefore(Instant.now().plusSeconds(TOKEN_SECONDS + 1)), "session outlives its token: " + until);
            try (var c = PostgresEndToEndTest.jdbc(s); var st = c.createStatement()) {
                assertTrue(st.executeQuery("SELECT 1").next());
                Thread.sleep(until.toEpochMilli() - System.currentTimeMillis() + 2500);
                assertThrows(java.sql.SQLException.class, () -> st.executeQuery("SELECT 2"));
            }
            try (var store = Recordings.open(new hoop.config.HoopHome(gw.home))) {
                String events = store.events(s.path("id").asText()).toString();
                assertTrue(events.contains("the identity token expired; run: hoop login, then hoop connect again"), events);
            }
        }
    }

    @Test
    void anAttachedConnectKeepsItsSessionAcrossTokenRefreshes() throws Exception {
        try (UpstreamPostgres pg = new UpstreamPostgres(dir.resolve("pg")); TestGateway gw = oidcGatewayTo(pg)) {
            login(gw.env, "alice", "alice-pw");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            var attached = TestGateway.async(() -> HoopCommand.run(new CliContext(gw.env, new ByteArrayInputStream(new byte[0]), ps, ps),
                    "connect", "appdb"));
            String text = PostgresEndToEndTest.awaitOutput(out, "Ctrl-C ends the session");
            String id = text.lines().filter(l -> l.startsWith("hoop: session ")).findFirst().orElseThrow().split(" ")[2];
            URI u = URI.create(text.lines().filter(l -> l.strip().startsWith("postgresql://")).findFirst().orElseThrow().strip());
            String[] user = u.getRawUserInfo().split(":", 2);
            try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath(),
                    user[0], java.net.URLDecoder.decode(user[1], StandardCharsets.UTF_8)); var st = c.createStatement()) {
                // Three token lifetimes: each time the view refreshes the token and moves the session's end.
                Instant until = Instant.now().plusSeconds(3 * TOKEN_SECONDS);
                while (Instant.now().isBefore(until)) {
                    assertTrue(st.executeQuery("SELECT 1").next(), "the session ended with a token: " + out);
                    Thread.sleep(1000);
                }
            }
            assertFalse(out.toString(StandardCharsets.UTF_8).contains("could not extend"), out.toString(StandardCharsets.UTF_8));
            TestGateway.Run disconnect = gw.hoop("disconnect", id);
            assertEquals(0, disconnect.exit(), disconnect.err());
            assertEquals(0, attached.get(15, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void logoutRevokesAndDeletes() throws Exception {
        try (TestGateway gw = gateway()) {
            login(gw.env, "alice", "alice-pw");
            String refresh = credentials(gw.home).path("refresh_token").asText();
            TestGateway.Run out = gw.hoop("logout");
            assertEquals(0, out.exit(), out.err());
            assertTrue(out.out().contains("tokens revoked at " + kc.issuer()), out.out());
            assertFalse(Files.exists(gw.home.resolve("credentials.json")));
            assertEquals(1, gw.hoop("whoami").exit());
            TestGateway.Run exec = gw.hoop("exec", "shell", "--", "echo hi");
            assertEquals(1, exec.exit());
            assertTrue(exec.err().contains("run: hoop login"), exec.err());
            // The provider agrees: the refresh token no longer works.
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kc.issuer() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=hoop-cli&refresh_token="
                            + URLEncoder.encode(refresh, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("invalid_grant"), r.body());
        }
    }

}
