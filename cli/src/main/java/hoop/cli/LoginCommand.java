package hoop.cli;

import hoop.config.HoopConfig;
import hoop.config.IdentityConfig;
import hoop.identity.Credentials;
import hoop.identity.DeviceLogin;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = "Log in with your identity provider (OIDC device flow): open the printed URL (or scan "
        + "the QR code), enter the code, and hoop stores the tokens in $HOOP_HOME/credentials.json (0600). Defaults come from "
        + "hoop.yaml's identity section, or from the running gateway.")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Option(names = "--issuer", paramLabel = "URL", description = "OIDC issuer (default: identity.issuer).")
    URI issuer;

    @Option(names = "--client-id", paramLabel = "ID", description = "OAuth client id (default: identity.client_id, else hoop-cli).")
    String clientId;

    @Option(names = "--scope", paramLabel = "SCOPE", split = "[ ,]", description = "Scopes to ask for (default: identity.scopes, else openid).")
    List<String> scopes;

    @Option(names = "--no-qr", description = "Do not print a QR code.")
    boolean noQr;

    @Override
    public Integer call() throws Exception {
        IdentityConfig cfg = configured();
        var gw = Logins.gatewayIdentity(root.ctx.home()).filter(Logins.GatewayIdentity::oidc);
        URI iss = issuer != null ? issuer : cfg.issuer() != null ? cfg.issuer() : gw.map(g -> URI.create(g.issuer())).orElse(null);
        if (iss == null) {
            throw new CliException(ExitCodes.USAGE, "no issuer: give --issuer URL or set identity.issuer in " + root.configFile());
        }
        String client = clientId != null ? clientId : cfg.clientId() != null ? cfg.clientId()
                : gw.map(Logins.GatewayIdentity::clientId).orElse("hoop-cli");
        List<String> scope = scopes != null ? scopes : cfg.scopes();
        PrintStream out = root.ctx.out();
        Credentials c;
        try {
            c = DeviceLogin.discover(iss, client, Clock.systemUTC()).login(scope, new DeviceLogin.Listener() {
                @Override
                public void prompt(DeviceLogin.Prompt p) {
                    out.println("To log in, open " + p.verificationUri() + " and enter the code: " + p.userCode());
                    if (p.verificationUriComplete() != null) {
                        out.println("Or open this link, which carries the code: " + p.verificationUriComplete());
                    }
                    if (!noQr) out.print(Qr.render(String.valueOf(p.verificationUriComplete() != null ? p.verificationUriComplete() : p.verificationUri())));
                    out.println("Waiting for the login to be approved (the code expires in " + p.expiresIn().toMinutes() + "m)...");
                    out.flush();
                }

                @Override
                public void info(String message) {
                    root.ctx.err().println("hoop: " + message);
                }
            }, d -> Thread.sleep(d.toMillis()));
        } catch (DeviceLogin.LoginFailed e) {
            throw new CliException(ExitCodes.FAILURE, e.getMessage());
        }
        c.save(root.ctx.home().credentialsFile());
        var claims = c.unverifiedClaims();
        Object email = claims.getClaim("email");
        List<String> groups = c.groups(groupsClaim(cfg));
        out.println("Logged in as " + (email != null ? email : claims.getSubject()) + (groups.isEmpty() ? "" : " (groups: " + String.join(", ", groups) + ")")
                + "; the token is refreshed as needed until the provider session ends.");
        return ExitCodes.OK;
    }

    /** The identity section of hoop.yaml when there is one; a missing file means the defaults. */
    IdentityConfig configured() {
        if (!Files.exists(root.configFile())) return IdentityConfig.local();
        HoopConfig c = root.loadConfig();
        return c.identity();
    }

    static String groupsClaim(IdentityConfig cfg) {
        return cfg.groupsClaim() == null ? "groups" : cfg.groupsClaim();
    }

}
