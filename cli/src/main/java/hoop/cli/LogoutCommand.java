package hoop.cli;

import hoop.identity.Credentials;
import hoop.identity.DeviceLogin;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "logout", description = "Revoke your tokens at the provider (when it supports revocation) and delete $HOOP_HOME/credentials.json.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    HoopCommand root;

    @Override
    public Integer call() throws Exception {
        var file = root.ctx.home().credentialsFile();
        Credentials c = Logins.load(root.ctx.home()).orElse(null);
        if (c == null) {
            root.ctx.out().println("not logged in");
            return ExitCodes.OK;
        }
        String revoked;
        try {
            revoked = DeviceLogin.revoke(c) ? "tokens revoked at " + c.issuer() : "the provider offers no revocation; tokens stay valid until they expire";
        } catch (DeviceLogin.LoginFailed e) {
            revoked = "could not revoke (" + e.getMessage() + "); tokens stay valid until they expire";
        }
        Files.deleteIfExists(file);
        root.ctx.out().println("logged out: " + revoked + "; deleted " + file);
        return ExitCodes.OK;
    }
}
