package hoop.cli;

import hoop.config.ConfigLoader;
import hoop.config.HoopConfig;
import hoop.gateway.Connections;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Configuration tools.", subcommands = {ConfigCommand.Check.class, ConfigCommand.Default.class})
final class ConfigCommand {
    @ParentCommand
    HoopCommand root;

    @Command(name = "default", description = "Print the embedded default configuration.")
    static final class Default implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Override
        public Integer call() {
            parent.root.ctx.out().print(hoop.config.DefaultConfig.text());
            parent.root.ctx.out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", description = "Validate a configuration without starting anything.")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            HoopCommand root = parent.root;
            Path f = file != null ? file : root.configFile();
            HoopConfig cfg = ConfigLoader.load(f, root.ctx.env());
            Connections.validate(cfg);
            root.ctx.out().println(f + ": ok (" + cfg.connections().size() + " connection(s), " + cfg.policies().size()
                    + " polic(ies), " + cfg.masking().size() + " masking profile(s))");
            return ExitCodes.OK;
        }
    }
}
