package hoop.cli;

import hoop.config.HoopHome;
import hoop.identity.Credentials;
import hoop.identity.DeviceLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Where the CLI's credential for the gateway comes from: gateway.token in local mode, the user's login in oidc mode. */
final class Logins {
    /** What the running gateway announced in gateway.identity: "local" or "oidc ISSUER CLIENT_ID". */
    record GatewayIdentity(boolean oidc, String issuer, String clientId) {}

    private Logins() {}

    static Optional<GatewayIdentity> gatewayIdentity(HoopHome home) {
        try {
            if (!Files.exists(home.identityFile())) return Optional.empty();
            List<String> w = List.of(Files.readString(home.identityFile()).trim().split("\\s+"));
            if (!w.get(0).equals("oidc") || w.size() < 2) return Optional.of(new GatewayIdentity(false, null, null));
            return Optional.of(new GatewayIdentity(true, w.get(1), w.size() > 2 && !w.get(2).equals("-") ? w.get(2) : null));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<Credentials> load(HoopHome home) {
        try {
            return Credentials.load(home.credentialsFile());
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, e.getMessage());
        }
    }

    /**
     * The bearer for an oidc-mode gateway: the stored access token, refreshed first when near expiry. If the
     * refresh fails the old token is sent anyway and the gateway's refusal says to log in again.
     */
    static String accessToken(HoopHome home, GatewayIdentity gw) {
        Credentials c = load(home).orElseThrow(() -> new CliException(ExitCodes.FAILURE,
                "this gateway requires an identity (identity mode oidc, issuer " + gw.issuer() + "); run: hoop login"));
        if (!c.issuer().replaceAll("/+$", "").equals(gw.issuer().replaceAll("/+$", ""))) {
            throw new CliException(ExitCodes.FAILURE, "you are logged in to " + c.issuer() + " but this gateway trusts "
                    + gw.issuer() + "; run: hoop login");
        }
        if (c.nearExpiry(Clock.systemUTC().instant())) {
            try {
                c = DeviceLogin.refresh(c, Clock.systemUTC());
                c.save(home.credentialsFile());
            } catch (DeviceLogin.LoginFailed | IOException e) {
                // The gateway decides whether the old token is still good; if not, it says to log in again.
            }
        }
        return c.accessToken();
    }
}
