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
            ctx.err().println("hoop: " + words(e));
            return ExitCodes.FAILURE;
        });
        return cl.execute(args);
    }

    /**
     * An exception no command turned into a CliException, as one line for a person: the store's and hoop's own
     * failures are worded already; a file system's names its file; the rest is a bug, said so, without a class name.
     */
    static String words(Throwable e) {
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) e = u.getCause();
        if (e instanceof java.nio.file.NoSuchFileException f) return f.getFile() + ": no such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException f) return f.getFile() + ": permission denied";
        if (e instanceof java.nio.file.NotDirectoryException f) return f.getFile() + ": a part of this path is not a directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException f) return f.getFile() + " already exists";
        if ((e instanceof hoop.store.StoreException || e instanceof java.io.IOException) && e.getMessage() != null) {
            return e.getMessage();
        }
        return "unexpected failure" + (e.getMessage() != null ? ": " + e.getMessage().lines().findFirst().orElse("") : "")
                + " (a bug in hoop: please report it with the command that caused it)";
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
