package hoop.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import hoop.core.Identity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an access token the way the gateway must before it trusts anything in it: a signed JWT (never
 * alg none), an allowed asymmetric algorithm (so a token "signed" with HMAC over the public key fails),
 * a key from the issuer's JWKS with that kid and of the algorithm's type, a valid signature, then iss,
 * aud, exp and nbf (with a small clock skew). Only then are sub, email and groups read.
 */
public final class JwtValidator {
    public static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    /** The identity a token proves, and until when. */
    public record Verified(Identity identity, Instant expiresAt) {}

    private final String issuer;
    private final String audience;
    private final String groupsClaim;
    private final Duration skew;
    private final Jwks keys;
    private final Clock clock;

    public JwtValidator(String issuer, String audience, String groupsClaim, Duration skew, Jwks keys, Clock clock) {
        this.issuer = issuer.replaceAll("/+$", "");
        this.audience = audience;
        this.groupsClaim = groupsClaim;
        this.skew = skew;
        this.keys = keys;
        this.clock = clock;
    }

    public Verified validate(String token) throws TokenRejected {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (java.text.ParseException e) {
            if (saysAlgNone(token)) throw new TokenRejected("alg_none", "unsigned (alg none) tokens are not accepted");
            throw new TokenRejected("malformed", "the bearer token is not a JWT (" + e.getMessage() + ")");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejected("alg_none", "unsigned (alg none) or encrypted tokens are not accepted");
        }
        JWSHeader header = signed.getHeader();
        if (!ALLOWED.contains(header.getAlgorithm())) {
            throw new TokenRejected("alg_not_allowed", "token algorithm " + header.getAlgorithm() + " is not allowed (allowed: RS256, ES256, EdDSA)");
        }
        List<JWK> candidates = keys.find(header.getKeyID()).stream().filter(k -> fits(k, header.getAlgorithm())).toList();
        if (candidates.isEmpty()) {
            throw new TokenRejected("unknown_kid", "no " + header.getAlgorithm() + " key with kid '" + header.getKeyID() + "' in the issuer's JWKS");
        }
        if (!verified(signed, candidates)) throw new TokenRejected("bad_signature", "the token's signature does not verify");
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new TokenRejected("malformed", "the token's claims are not valid JSON");
        }
        return new Verified(checkClaims(claims), claims.getExpirationTime().toInstant());
    }

    private static boolean saysAlgNone(String token) {
        try {
            String header = new String(com.nimbusds.jose.util.Base64URL.from(token.split("\\.", 2)[0]).decode(),
                    java.nio.charset.StandardCharsets.UTF_8);
            return "none".equalsIgnoreCase(String.valueOf(com.nimbusds.jose.util.JSONObjectUtils.parse(header).get("alg")));
        } catch (Exception e) {
            return false;
        }
    }

    private Identity checkClaims(JWTClaimsSet c) throws TokenRejected {
        if (!issuer.equals(c.getIssuer())) throw new TokenRejected("wrong_issuer", "token issuer '" + c.getIssuer() + "' is not " + issuer);
        if (c.getAudience() == null || !c.getAudience().contains(audience)) {
            throw new TokenRejected("wrong_audience", "token audience " + c.getAudience() + " does not include '" + audience + "'");
        }
        Instant now = clock.instant();
        if (c.getExpirationTime() == null) throw new TokenRejected("missing_claim", "the token has no exp");
        if (now.minus(skew).isAfter(c.getExpirationTime().toInstant())) {
            throw new TokenRejected("expired", "the token expired at " + c.getExpirationTime().toInstant() + "; run: hoop login");
        }
        if (c.getNotBeforeTime() != null && now.plus(skew).isBefore(c.getNotBeforeTime().toInstant())) {
            throw new TokenRejected("not_yet_valid", "the token is not valid before " + c.getNotBeforeTime().toInstant());
        }
        if (c.getSubject() == null || c.getSubject().isBlank()) throw new TokenRejected("missing_claim", "the token has no sub");
        Object email = c.getClaim("email");
        return new Identity(c.getSubject(), email instanceof String s ? s : null, groups(c), "oidc");
    }

    /** groups_claim may be a dotted path (realm_access.roles); a single string counts as one group. */
    private List<String> groups(JWTClaimsSet c) {
        Object v = c.getClaims();
        for (String part : groupsClaim.split("\\.")) v = v instanceof Map<?, ?> m ? m.get(part) : null;
        List<String> out = new ArrayList<>();
        if (v instanceof String s) out.add(s);
        else if (v instanceof List<?> l) for (Object o : l) if (o instanceof String s) out.add(s);
        return out;
    }

    private static boolean fits(JWK k, JWSAlgorithm alg) {
        if (k.getKeyUse() != null && !KeyUse.SIGNATURE.equals(k.getKeyUse())) return false;
        if (k.getAlgorithm() != null && !k.getAlgorithm().equals(alg)) return false;
        if (alg.equals(JWSAlgorithm.RS256)) return k instanceof RSAKey;
        if (alg.equals(JWSAlgorithm.ES256)) return k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
        return k instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
    }

    private static boolean verified(SignedJWT jwt, List<JWK> candidates) {
        for (JWK k : candidates) {
            try {
                boolean ok = k instanceof OctetKeyPair okp ? EdDsa.verify(okp, jwt) : jwt.verify(verifier(k));
                if (ok) return true;
            } catch (Exception e) {
                // A key that cannot verify this token is just not the right key.
            }
        }
        return false;
    }

    private static JWSVerifier verifier(JWK k) throws com.nimbusds.jose.JOSEException {
        return k instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) k);
    }
}
