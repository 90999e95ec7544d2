package hoop.cli;

import hoop.config.ConfigException;
import hoop.config.ConfigLoader;
import hoop.config.HoopConfig;
import hoop.core.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "hoop", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = HoopCommand.VersionProvider.class,
        description = "Guardrails between AI agents (and people) and the infrastructure they touch.",
        subcommands = {GatewayCommand.class, ExecCommand.class, ConnectCommand.class, DisconnectCommand.class, SessionsCommand.class, ReplayCommand.class, AuditCommand.class,
                ApprovalsCommand.class, ApproveCommand.class, DenyCommand.class, ConfigCommand.class,
                LoginCommand.class, LogoutCommand.class, WhoamiCommand.class,
                CommandLine.HelpCommand.class})
public final class HoopCommand {
    final CliContext ctx;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "Configuration file (default: $HOOP_HOME/hoop.yaml).")
    Path config;

    HoopCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    public static int run(CliContext ctx, String... args) {
        CommandLine cl = new CommandLine(new HoopCommand(ctx));
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                ctx.err().println("hoop: " + c.getMessage());
                return c.exitCode();
            }
            if (e instanceof ConfigException c) {
                ctx.err().println("hoop: invalid configuration: " + c.getMessage());
                return ExitCodes.USAGE;
            }
            // The store's and hoop's own I/O failures are worded for people; anything else is shown with its type.
            boolean worded = e instanceof hoop.store.StoreException || e.getClass() == java.io.IOException.class;
            ctx.err().println("hoop: " + (worded && e.getMessage() != null ? e.getMessage() : e));
            return ExitCodes.FAILURE;
        });
        return cl.execute(args);
    }

    Path configFile() {
        return config != null ? config : ctx.home().config();
    }

    HoopConfig loadConfig() {
        return ConfigLoader.load(configFile(), ctx.env());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hoop " + Version.VALUE + " (Java " + Runtime.version() + ")"};
        }
    }
}
