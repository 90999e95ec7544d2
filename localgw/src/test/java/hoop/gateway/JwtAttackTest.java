package hoop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import hoop.config.ConfigLoader;
import hoop.config.HoopHome;
import hoop.identity.TestIssuer;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import hoop.store.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway in oidc mode against forged and broken tokens: each is refused with 401, a clear reason and
 * an auth_rejected audit event, and nothing behind the control API runs. Valid tokens come from an
 * in-test issuer (so the suite can sign expired ones); the real provider is exercised by the cli module.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAttackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path home;
    private TestIssuer issuer;
    private Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("hoop-jwt");
        issuer = new TestIssuer();
        Files.writeString(home.resolve("hoop.yaml"), """
                gateway: { listen: 127.0.0.1:0 }
                identity: { mode: oidc, issuer: %s, client_id: hoop-cli, audience: hoop, clock_skew: 30s }
                connections:
                  - { name: shell, type: command, command: [bash, -c] }
                  - name: db
                    type: postgres
                    listen: 127.0.0.1:0
                    upstream: { host: 127.0.0.1, port: 9, database: app, user: app, password: "${env:DB_PW}", sslmode: disable }
                """.formatted(issuer.issuer()));
        Map<String, String> env = Map.of("HOOP_HOME", home.toString(), "DB_PW", "unused");
        gateway = Gateway.start(ConfigLoader.load(home.resolve("hoop.yaml"), env), HoopHome.fromEnv(env));
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
        if (issuer != null) issuer.close();
    }

    record Reply(int status, JsonNode body) {}

    private Reply call(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + path));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"connection\":\"shell\",\"args\":[\"touch " + home.resolve("ran") + "\"]}"));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    private Reply send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.address().getPort() + path))
                .header("Authorization", "Bearer " + bearer)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body()));
    }

    @Test
    void onlyItsOwnerDisconnectsASession() throws Exception {
        String alice = issuer.token(c -> c.subject("alice"));
        String bob = issuer.token(c -> c.subject("bob"));
        Reply created = send("POST", "/v1/sessions", alice, "{\"connection\":\"db\",\"ttl_seconds\":600}");
        assertEquals(201, created.status(), created.body().toString());
        String id = created.body().path("id").asText();
        Reply byBob = send("DELETE", "/v1/sessions/" + id, bob, null);
        assertEquals(403, byBob.status(), byBob.body().toString());
        assertTrue(byBob.body().path("error").asText().contains("only its owner"), byBob.body().toString());
        Reply byAlice = send("DELETE", "/v1/sessions/" + id, alice, null);
        assertEquals(200, byAlice.status(), byAlice.body().toString());
        assertEquals(404, send("DELETE", "/v1/sessions/" + id, alice, null).status(), "already ended");
    }

    /** The token is refused on a read and on exec (nothing upgraded, nothing run), with this reason. */
    @Test
    void aSessionEndingWithItsTokenLivesOnWithItsOwnersNewerTokenUpToItsTtl() throws Exception {
        Instant now = Instant.now();
        String first = issuer.token(c -> c.subject("alice").expirationTime(Date.from(now.plusSeconds(3))));
        Reply created = send("POST", "/v1/sessions", first, "{\"connection\":\"db\",\"ttl_seconds\":600}");
        assertEquals(201, created.status(), created.body().toString());
        String id = created.body().path("id").asText();
        assertTrue(Instant.parse(created.body().path("expires_at").asText()).isBefore(now.plusSeconds(5)), "bound to the token");
        String newer = issuer.token(c -> c.subject("alice").expirationTime(Date.from(now.plusSeconds(120))));
        Reply byBob = send("POST", "/v1/sessions/" + id + "/extend", issuer.token(c -> c.subject("bob")), null);
        assertEquals(403, byBob.status(), byBob.body().toString());
        Reply extended = send("POST", "/v1/sessions/" + id + "/extend", newer, null);
        assertEquals(200, extended.status(), extended.body().toString());
        assertTrue(Instant.parse(extended.body().path("expires_at").asText()).isAfter(now.plusSeconds(100)), extended.body().toString());
        Thread.sleep(4500);   // past the first token's end; the expiry sweep runs every second
        assertEquals(200, send("DELETE", "/v1/sessions/" + id, newer, null).status(), "still live on the newer token");

        // Never past the ttl it was created with.
        Reply shortTtl = send("POST", "/v1/sessions", first, "{\"connection\":\"db\",\"ttl_seconds\":60}");
        Instant created2 = Instant.now();
        Reply capped = send("POST", "/v1/sessions/" + shortTtl.body().path("id").asText() + "/extend", newer, null);
        Instant until = Instant.parse(capped.body().path("expires_at").asText());
        assertTrue(until.isBefore(created2.plusSeconds(61)) && until.isAfter(created2.plusSeconds(50)), capped.body().toString());
    }

    private void refused(String token, String reason, String messagePart) throws Exception {
        Reply r = call("GET", "/v1/approvals", token);
        assertEquals(401, r.status(), r.body().toString());
        assertEquals(reason, r.body().path("reason").asText(), r.body().toString());
        assertTrue(r.body().path("error").asText().contains(messagePart), r.body().toString());
        Reply exec = call("POST", "/v1/exec", token);
        assertEquals(401, exec.status(), exec.body().toString());
        assertTrue(Files.notExists(home.resolve("ran")), "the command ran despite a refused token");
        assertTrue(auditReasons().contains(reason), "no auth_rejected event with reason " + reason);
    }

    private List<String> auditReasons() throws Exception {
        String local = Files.readString(home.resolve("gateway.token")).trim();
        assertEquals(200, call("POST", "/v1/recordings/flush", local).status());
        try (SqliteStore store = SqliteStore.open(home.resolve("hoop.db"))) {
            List<SessionRecord> audit = store.sessions(100).stream().filter(s -> s.connection().equals(AuthAudit.CONNECTION)).toList();
            if (audit.isEmpty()) return List.of();
            return store.events(audit.get(0).id()).stream().filter(e -> e.type().equals("auth_rejected"))
                    .map(EventRecord::payload).map(p -> {
                        try {
                            return JSON.readTree(p).path("reason").asText();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        }
    }

    @Test
    void validRs256TokenIsAccepted() throws Exception {
        assertEquals(200, call("GET", "/v1/approvals", issuer.token()).status());
    }

    @Test
    void validEs256AndEdDsaTokensAreAccepted() throws Exception {
        assertEquals(200, call("GET", "/v1/approvals", issuer.es256(issuer.claims(b -> {}))).status());
        assertEquals(200, call("GET", "/v1/approvals", issuer.eddsa(issuer.claims(b -> {}))).status());
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String none = new PlainJWT(new PlainHeader(), issuer.claims(b -> {})).serialize();
        refused(none, "alg_none", "alg none");
        // The same claims under a header that says "alg":"none" but with a signature part glued on.
        String[] p = issuer.token().split("\\.");
        refused(Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "." + p[1] + "." + p[2], "alg_none", "alg none");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        byte[] pub = issuer.rsa.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), issuer.claims(b -> {}));
        jwt.sign(new MACSigner(pub));
        refused(jwt.serialize(), "alg_not_allowed", "HS256 is not allowed");
        // Also with the PEM text of the key, the other classic variant.
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pub)
                + "\n-----END PUBLIC KEY-----\n";
        SignedJWT jwt2 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), issuer.claims(b -> {}));
        jwt2.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
        refused(jwt2.serialize(), "alg_not_allowed", "HS256");
    }

    @Test
    void unknownKidIsRefusedAndRefetchIsRateLimited() throws Exception {
        assertEquals(200, call("GET", "/v1/approvals", issuer.token()).status());
        int before = issuer.jwksFetches.get();
        for (int i = 0; i < 5; i++) refused(issuer.rs256(issuer.claims(b -> {}), "made-up-" + i), "unknown_kid", "no RS256 key with kid");
        // One refetch at most in the 30 s window, however many unknown kids arrive.
        assertTrue(issuer.jwksFetches.get() - before <= 1, "JWKS fetched " + (issuer.jwksFetches.get() - before) + " times");
    }

    @Test
    void tamperedPayloadIsRefused() throws Exception {
        String[] p = issuer.token().split("\\.");
        String payload = new String(Base64URL.from(p[1]).decode(), StandardCharsets.UTF_8).replace("\"dba\"", "\"admin\"");
        assertNotEquals(p[1], Base64URL.encode(payload).toString());
        refused(p[0] + "." + Base64URL.encode(payload) + "." + p[2], "bad_signature", "signature does not verify");
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        refused(issuer.token(b -> b.issuer("https://evil.example.com/realms/eng")), "wrong_issuer", "is not " + issuer.issuer());
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        refused(issuer.token(b -> b.audience("hoop-cli")), "wrong_audience", "does not include 'hoop'");
        refused(issuer.token(b -> b.audience(List.of("other", "more"))), "wrong_audience", "does not include 'hoop'");
    }

    @Test
    void audienceAsArrayIsAccepted() throws Exception {
        assertEquals(200, call("GET", "/v1/approvals", issuer.token(b -> b.audience(List.of("account", "hoop")))).status());
    }

    @Test
    void expiredTokenIsRefusedWithARelogInHint() throws Exception {
        refused(issuer.token(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120)))), "expired", "run: hoop login");
    }

    @Test
    void smallClockSkewIsTolerated() throws Exception {
        assertEquals(200, call("GET", "/v1/approvals", issuer.token(b -> b.expirationTime(Date.from(Instant.now().minusSeconds(5))))).status());
    }

    @Test
    void notYetValidIsRefused() throws Exception {
        refused(issuer.token(b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))), "not_yet_valid", "not valid before");
    }

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidIsRefused() throws Exception {
        var other = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("rsa-1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), issuer.claims(b -> {}));
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(other));
        refused(jwt.serialize(), "bad_signature", "signature");
    }

    @Test
    void missingOrGarbageTokenIsRefused() throws Exception {
        refused(null, "missing_token", "hoop login");
        refused("not-a-jwt", "malformed", "not a JWT");
    }

    @Test
    void localTokenOnlyOpensHealthAndFlush() throws Exception {
        String local = Files.readString(home.resolve("gateway.token")).trim();
        assertEquals(200, call("GET", "/v1/health", local).status());
        refused(local, "local_token_in_oidc_mode", "hoop login");
    }

    @Test
    void identityFileTellsTheCliToLogIn() throws Exception {
        assertEquals("oidc " + issuer.issuer() + " hoop-cli", Files.readString(home.resolve("gateway.identity")).trim());
    }
}
