package hoop.cli;

import hoop.replay.AuditVerifier;
import hoop.replay.ExportVerifier;
import hoop.replay.Verification;
import hoop.store.AuditKey;
import hoop.store.SessionRecord;
import hoop.store.Store;
import hoop.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "audit", description = "Tamper evidence: verify recorded sessions, show the gateway's signing key.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Key.class})
final class AuditCommand {
    @ParentCommand
    HoopCommand root;

    @Command(name = "key", description = "Print the public half of the gateway's audit signing key ($HOOP_HOME/audit.key).")
    static final class Key implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;

        @Override
        public Integer call() {
            AuditKey k = AuditKey.loadOrCreate(parent.root.ctx.home().auditKeyFile());
            parent.root.ctx.out().println(k.publicKeyText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", description = {"Recompute sessions' hash chains and check the gateway's signature over each closed one.",
            "Exit 0 when every session checked is intact, 1 when any is not."})
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", description = "Session id (a unique prefix is enough).")
        String session;

        @Option(names = "--all", description = "Every recorded session.")
        boolean all;

        @Option(names = "--file", paramLabel = "EXPORT", description = "A `hoop replay --format json` export to check instead of hoop.db.")
        Path file;

        @Option(names = "--pubkey", paramLabel = "KEY", description = "The trusted public key (ed25519:BASE64, as `hoop audit key` prints it, or a file holding it); default: this gateway's own.")
        String pubkey;

        @Override
        public Integer call() throws IOException {
            PrintStream out = parent.root.ctx.out();
            PublicKey key = trustedKey();
            List<Verification> results = new ArrayList<>();
            if (file != null) {
                if (session != null || all) throw new CliException(ExitCodes.USAGE, "--file checks the export alone; give no SESSION or --all");
                try (InputStream in = Files.newInputStream(file)) {
                    results.add(ExportVerifier.verify(in, key));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    results.add(new Verification("?", false, "FAILED", 0, null, "not a readable JSON export: " + e.getOriginalMessage()));
                }
            } else {
                if ((session == null) == !all) throw new CliException(ExitCodes.USAGE, "give a SESSION or --all");
                try (Store store = Recordings.open(parent.root.ctx.home())) {
                    if (all) {
                        store.forEachSession(s -> {
                            Verification v = AuditVerifier.verify(store, s, key);
                            results.add(v);
                            out.println(v.describe());
                        });
                        out.printf("%d sessions: %d intact, %d failed%n", results.size(),
                                results.stream().filter(Verification::ok).count(), results.stream().filter(v -> !v.ok()).count());
                        return results.stream().allMatch(Verification::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
                    }
                    SessionRecord s;
                    try {
                        s = store.session(SessionIds.normalize(session)).orElseThrow(() -> new CliException(ExitCodes.FAILURE, "no session " + session));
                    } catch (StoreException e) {
                        throw new CliException(ExitCodes.FAILURE, e.getMessage());
                    }
                    results.add(AuditVerifier.verify(store, s, key));
                }
            }
            results.forEach(v -> out.println(v.describe()));
            return results.stream().allMatch(Verification::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private PublicKey trustedKey() throws IOException {
            if (pubkey != null) {
                String text = pubkey.startsWith(AuditKey.PUBLIC_PREFIX) ? pubkey : Files.readString(Path.of(pubkey)).strip();
                try {
                    return AuditKey.parsePublic(text);
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCodes.USAGE, e.getMessage());
                }
            }
            Path own = parent.root.ctx.home().auditKeyFile();
            if (!Files.exists(own)) {
                if (file != null) throw new CliException(ExitCodes.USAGE, "--pubkey is needed to check an export without this gateway's key");
                return null;
            }
            return AuditKey.parsePublic(AuditKey.loadOrCreate(own).publicKeyText());
        }
    }
}
