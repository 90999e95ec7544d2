package hoop.gateway;

import hoop.config.IdentityConfig;
import hoop.core.Identity;
import hoop.identity.Jwks;
import hoop.identity.JwtValidator;
import hoop.identity.OidcDiscovery;
import hoop.identity.TokenRejected;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Who is calling the control API. local mode: the bearer must be $HOOP_HOME/gateway.token, and the caller
 * is the OS user. oidc mode: the bearer must be an access token from the issuer (see JwtValidator); the
 * local token is accepted only on the two endpoints that reveal and change nothing (health, recordings
 * flush), so holding the file never stands in for a person's identity.
 */
final class ControlAuth {
    static final Set<String> LOCAL_TOKEN_PATHS = Set.of("/v1/health", "/v1/recordings/flush");

    /** expiresAt: when the caller's token expires (null in local mode). */
    record Caller(Identity identity, Instant expiresAt) {}

    private final byte[] localToken;
    private final IdentityConfig config;
    private final JwtValidator validator;

    ControlAuth(String localToken, IdentityConfig config, Clock clock) {
        this.localToken = localToken.getBytes(StandardCharsets.UTF_8);
        this.config = config;
        if (config.oidc()) {
            URI issuer = config.issuer();
            // Discovery happens on first use (and again after a failure), so the gateway starts while the provider is down.
            java.util.function.Supplier<URI> jwksUri = new java.util.function.Supplier<>() {
                private URI cached;

                @Override
                public synchronized URI get() {
                    if (cached == null) cached = OidcDiscovery.fetch(issuer).jwksUri();
                    return cached;
                }
            };
            Jwks keys = new Jwks(jwksUri, clock, Duration.ofSeconds(30), Duration.ofMinutes(15));
            validator = new JwtValidator(issuer.toString(), config.audience(), config.groupsClaim(), config.clockSkew(), keys, clock);
        } else {
            validator = null;
        }
    }

    boolean oidc() {
        return config.oidc();
    }

    Caller authenticate(String path, String authorization) throws TokenRejected {
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        boolean isLocal = MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), localToken);
        if (!config.oidc()) {
            if (isLocal) return new Caller(Identity.localUser(), null);
            throw new TokenRejected("bad_local_token", "missing or wrong token (see $HOOP_HOME/gateway.token)");
        }
        if (bearer.isEmpty()) throw new TokenRejected("missing_token", "this gateway requires an identity token; run: hoop login");
        if (isLocal) {
            if (LOCAL_TOKEN_PATHS.contains(path)) return new Caller(Identity.localUser(), null);
            throw new TokenRejected("local_token_in_oidc_mode",
                    "this gateway runs with identity mode oidc: the local token is not accepted here; run: hoop login");
        }
        JwtValidator.Verified v = validator.validate(bearer);
        return new Caller(v.identity(), v.expiresAt());
    }
}
