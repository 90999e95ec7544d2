package hoop.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Who the gateway believes is calling. local (default): the OS user holding $HOOP_HOME/gateway.token.
 * oidc: every control-API call carries an access token (JWT) from issuer, checked against its JWKS.
 * issuer/clientId/scopes are also `hoop login`'s defaults; audience is what tokens must name in aud.
 */
public record IdentityConfig(Mode mode, URI issuer, String clientId, String audience, String groupsClaim,
                             List<String> scopes, Duration clockSkew, Location location) {
    public enum Mode { LOCAL, OIDC }

    public IdentityConfig {
        scopes = List.copyOf(scopes);
    }

    public static IdentityConfig local() {
        return new IdentityConfig(Mode.LOCAL, null, null, null, "groups", List.of("openid"), Duration.ofSeconds(30), null);
    }

    public boolean oidc() {
        return mode == Mode.OIDC;
    }
}
