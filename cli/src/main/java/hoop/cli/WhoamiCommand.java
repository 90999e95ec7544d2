package hoop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.identity.Credentials;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "whoami", description = "Who you are logged in as (hoop login): subject, email, groups and when the token expires.")
final class WhoamiCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() {
        Credentials c = Logins.load(root.ctx.home()).orElseThrow(() -> new CliException(ExitCodes.FAILURE,
                "not logged in (local mode: you are " + hoop.core.Identity.localUser().subject() + "); to log in: hoop login"));
        var claims = c.unverifiedClaims();
        String claim = Files.exists(root.configFile()) ? LoginCommand.groupsClaim(root.loadConfig().identity()) : "groups";
        List<String> groups = c.groups(claim);
        Object email = claims.getClaim("email");
        Instant now = Instant.now();
        if (json) {
            ObjectNode o = GatewayClient.JSON.createObjectNode().put("subject", claims.getSubject())
                    .put("email", email == null ? null : email.toString()).put("issuer", c.issuer())
                    .put("expires_at", c.expiresAt().toString()).put("expired", !now.isBefore(c.expiresAt()))
                    .put("refreshable", c.refreshToken() != null);
            groups.forEach(o.putArray("groups")::add);
            root.ctx.out().println(o.toPrettyString());
            return ExitCodes.OK;
        }
        root.ctx.out().println("subject: " + claims.getSubject());
        root.ctx.out().println("email:   " + (email == null ? "-" : email));
        root.ctx.out().println("groups:  " + (groups.isEmpty() ? "-" : String.join(", ", groups)));
        root.ctx.out().println("issuer:  " + c.issuer());
        Duration left = Duration.between(now, c.expiresAt());
        root.ctx.out().println("expires: " + c.expiresAt() + (left.isNegative() ? " (expired" + (c.refreshToken() != null ? "; refreshed on next use)" : ")")
                : " (in " + left.toMinutes() + "m " + left.toSecondsPart() + "s)"));
        return ExitCodes.OK;
    }
}
