package hoop.identity;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) for a public client, after OIDC discovery; plus
 * refresh and revocation of what it obtained. Messages are for people: each names what to do next.
 */
public final class DeviceLogin {
    /** Raised for every way a login or refresh can fail; the message is shown as is. */
    public static final class LoginFailed extends Exception {
        public LoginFailed(String message) {
            super(message);
        }
    }

    /** What the user has to do in a browser. */
    public record Prompt(URI verificationUri, String userCode, URI verificationUriComplete, Duration expiresIn) {}

    /** Told about the user prompt and about each change of pace while polling. */
    public interface Listener {
        void prompt(Prompt p);

        void info(String message);
    }

    /** Sleeping is a hook so tests of the polling rules need not wait. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final OidcDiscovery provider;
    private final String clientId;
    private final Clock clock;

    private DeviceLogin(OidcDiscovery provider, String clientId, Clock clock) {
        this.provider = provider;
        this.clientId = clientId;
        this.clock = clock;
    }

    public static DeviceLogin discover(URI issuer, String clientId, Clock clock) throws LoginFailed {
        try {
            return new DeviceLogin(OidcDiscovery.fetch(issuer), clientId, clock);
        } catch (IllegalStateException e) {
            throw new LoginFailed(e.getMessage());
        }
    }

    public Credentials login(List<String> scopes, Listener listener, Sleeper sleeper) throws LoginFailed, InterruptedException {
        URI deviceEndpoint = provider.endpoint("device_authorization_endpoint");
        URI tokenEndpoint = provider.endpoint("token_endpoint");
        if (deviceEndpoint == null) throw new LoginFailed(provider.issuer() + " does not offer the device authorization grant");
        if (tokenEndpoint == null) throw new LoginFailed(provider.issuer() + " has no token endpoint");
        DeviceAuthorizationRequest.Builder b = new DeviceAuthorizationRequest.Builder(new ClientID(clientId)).endpointURI(deviceEndpoint);
        if (!scopes.isEmpty()) b.scope(new Scope(scopes.toArray(String[]::new)));
        DeviceAuthorizationSuccessResponse start;
        try {
            DeviceAuthorizationResponse r = DeviceAuthorizationResponse.parse(b.build().toHTTPRequest().send());
            if (r instanceof DeviceAuthorizationErrorResponse err) throw new LoginFailed("the provider refused to start a device login: " + describe(err.getErrorObject()));
            start = (DeviceAuthorizationSuccessResponse) r;
        } catch (java.io.IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailed("cannot start the device login at " + deviceEndpoint + ": " + IoWords.of(e));
        }
        long lifetime = start.getLifetime() > 0 ? start.getLifetime() : 600;
        listener.prompt(new Prompt(start.getVerificationURI(), start.getUserCode().getValue(), start.getVerificationURIComplete(),
                Duration.ofSeconds(lifetime)));
        Instant deadline = clock.instant().plusSeconds(lifetime);
        Duration interval = Duration.ofSeconds(start.getInterval() > 0 ? start.getInterval() : 5);
        TokenRequest poll = new TokenRequest(tokenEndpoint, new ClientID(clientId), new DeviceCodeGrant(start.getDeviceCode()));
        int serverErrors = 0;
        while (true) {
            sleeper.sleep(interval);
            TokenResponse r = send(poll, tokenEndpoint);
            if (r.indicatesSuccess()) return credentials(r.toSuccessResponse(), tokenEndpoint, null);
            ErrorObject e = ((TokenErrorResponse) r).getErrorObject();
            String code = e.getCode() == null ? "" : e.getCode();
            if (code.equals(DeviceAuthorizationGrantError.AUTHORIZATION_PENDING.getCode())) {
                if (clock.instant().isAfter(deadline)) throw new LoginFailed("the code expired before it was approved; run hoop login again");
            } else if (code.equals(DeviceAuthorizationGrantError.SLOW_DOWN.getCode())) {
                interval = interval.plusSeconds(5);
                listener.info("the provider asked to slow down; polling every " + interval.toSeconds() + "s");
            } else if (e.getHTTPStatusCode() >= 500 || code.equals(OAuth2Error.SERVER_ERROR.getCode())
                    || code.equals(OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode())) {
                // Transient on the provider's side (Keycloak answers 500 when a poll races the user's consent): retry a few times.
                if (++serverErrors > 3) throw new LoginFailed("the provider keeps failing: " + describe(e));
                listener.info("the provider answered " + describe(e) + "; retrying");
            } else if (code.equals(OAuth2Error.ACCESS_DENIED.getCode())) {
                throw new LoginFailed("the login was denied in the browser (access_denied)");
            } else if (code.equals(DeviceAuthorizationGrantError.EXPIRED_TOKEN.getCode()) || code.equals(OAuth2Error.INVALID_GRANT.getCode())) {
                throw new LoginFailed("the code expired before it was approved (" + code + "); run hoop login again");
            } else {
                throw new LoginFailed("the provider refused the login: " + describe(e));
            }
        }
    }

    /** A fresh access token from the refresh token; the provider may rotate the refresh token too. */
    public static Credentials refresh(Credentials c, Clock clock) throws LoginFailed {
        if (c.refreshToken() == null) throw new LoginFailed("no refresh token; run: hoop login");
        URI endpoint = URI.create(c.tokenEndpoint());
        TokenResponse r = send(new TokenRequest(endpoint, new ClientID(c.clientId()), new RefreshTokenGrant(new RefreshToken(c.refreshToken()))), endpoint);
        if (!r.indicatesSuccess()) {
            throw new LoginFailed("refreshing the login failed (" + describe(((TokenErrorResponse) r).getErrorObject()) + "); run: hoop login");
        }
        Credentials fresh = new DeviceLogin(null, c.clientId(), clock).credentials(r.toSuccessResponse(), endpoint, c);
        return fresh;
    }

    /** Revokes the refresh token (which ends the provider session), or the access token when there is none. */
    public static boolean revoke(Credentials c) throws LoginFailed {
        if (c.revocationEndpoint() == null) return false;
        var token = c.refreshToken() != null ? new RefreshToken(c.refreshToken())
                : new com.nimbusds.oauth2.sdk.token.BearerAccessToken(c.accessToken());
        try {
            HTTPResponse r = new TokenRevocationRequest(URI.create(c.revocationEndpoint()), new ClientID(c.clientId()), token)
                    .toHTTPRequest().send();
            if (r.getStatusCode() != 200) throw new LoginFailed("the provider refused to revoke the token: HTTP " + r.getStatusCode() + " " + r.getBody());
            return true;
        } catch (java.io.IOException e) {
            throw new LoginFailed("cannot reach the revocation endpoint: " + IoWords.of(e));
        }
    }

    private Credentials credentials(AccessTokenResponse ok, URI tokenEndpoint, Credentials previous) {
        Instant now = clock.instant();
        long life = ok.getTokens().getAccessToken().getLifetime();
        String refresh = ok.getTokens().getRefreshToken() != null ? ok.getTokens().getRefreshToken().getValue()
                : previous == null ? null : previous.refreshToken();
        String id = ok instanceof OIDCTokenResponse oidc && oidc.getOIDCTokens().getIDTokenString() != null
                ? oidc.getOIDCTokens().getIDTokenString() : previous == null ? null : previous.idToken();
        String issuer = previous != null ? previous.issuer() : provider.issuer().toString();
        String revocation = previous != null ? previous.revocationEndpoint()
                : provider.endpoint("revocation_endpoint") == null ? null : provider.endpoint("revocation_endpoint").toString();
        return new Credentials(issuer, clientId, ok.getTokens().getAccessToken().getValue(), refresh, id, now,
                now.plusSeconds(life > 0 ? life : 300), tokenEndpoint.toString(), revocation);
    }

    private static TokenResponse send(TokenRequest req, URI endpoint) throws LoginFailed {
        try {
            return OIDCTokenResponseParser.parse(req.toHTTPRequest().send());
        } catch (java.io.IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailed("cannot reach the token endpoint " + endpoint + ": " + IoWords.of(e));
        }
    }

    private static String describe(ErrorObject e) {
        return e.getCode() + (e.getDescription() == null ? "" : ": " + e.getDescription());
    }
}
