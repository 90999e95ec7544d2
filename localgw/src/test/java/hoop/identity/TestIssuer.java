package hoop.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A minimal OIDC issuer for tests: discovery and a JWKS (RSA, EC P-256 and Ed25519 keys) served by the
 * JDK's HttpServer, and tokens signed with those keys, valid or not, as a test needs them.
 */
public final class TestIssuer implements AutoCloseable {
    public static final String AUDIENCE = "hoop";
    public final RSAKey rsa;
    public final ECKey ec;
    public final OctetKeyPair ed;
    private final KeyPair edPair;
    private final HttpServer server;
    private final String issuer;
    public final AtomicInteger jwksFetches = new AtomicInteger();

    public TestIssuer() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        edPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = edPair.getPublic().getEncoded();
        ed = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length)))
                .keyID("ed-1").build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
        server.createContext("/realms/test/.well-known/openid-configuration", x -> send(x, """
                {"issuer":"%s","jwks_uri":"%s/certs","token_endpoint":"%s/token"}""".formatted(issuer, issuer, issuer)));
        server.createContext("/realms/test/certs", x -> {
            jwksFetches.incrementAndGet();
            send(x, new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK(), ed)).toString());
        });
        server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange x, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    public String issuer() {
        return issuer;
    }

    /** Claims of a valid token for alice (group dba), changed by edit. */
    public JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject("alice-sub")
                .claim("email", "alice@example.com").claim("groups", List.of("dba")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        edit.accept(b);
        return b.build();
    }

    public String token(Consumer<JWTClaimsSet.Builder> edit) throws Exception {
        return rs256(claims(edit), rsa.getKeyID());
    }

    public String token() throws Exception {
        return token(b -> {});
    }

    public String rs256(JWTClaimsSet claims, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(rsa));
        return jwt.serialize();
    }

    public String es256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(ec));
        return jwt.serialize();
    }

    public String eddsa(JWTClaimsSet claims) throws Exception {
        Base64URL header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(ed.getKeyID()).build().toBase64URL();
        Base64URL payload = Base64URL.encode(claims.toString());
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(edPair.getPrivate());
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64URL.encode(s.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<String> parts(String jwt) {
        return new ArrayList<>(List.of(jwt.split("\\.", -1)));
    }
}
