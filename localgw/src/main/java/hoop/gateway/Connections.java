package hoop.gateway;

import hoop.config.ConnectionConfig;
import hoop.config.HoopConfig;
import hoop.guard.Guard;
import hoop.guard.GuardedConnection;
import hoop.masking.ColumnRules;
import hoop.masking.Masker;
import hoop.masking.MaskingRules;
import hoop.policy.CommandClassifier;
import hoop.policy.PolicyEngine;
import hoop.policy.SqlCommandClassifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds every configured connection; also the full validation behind `hoop config check`. */
public final class Connections {
    private Connections() {}

    /** Validates everything that needs more than the YAML shape: patterns, kinds, detectors. */
    public static void validate(HoopConfig cfg) {
        build(cfg, null, new byte[32]);
    }

    /**
     * Credentials AWS hands out in its answers are masked on every aws connection whatever its rules say (the
     * aws_credential detector): the client could use them around hoop.
     */
    static final MaskingRules AWS_CREDENTIALS = MaskingRules.of(List.of("aws_credential"), Map.of(), List.of(), hoop.masking.Style.REDACT);

    public static Map<String, GuardedConnection> build(HoopConfig cfg, Guard guard, byte[] maskKey) {
        return build(cfg, guard, maskKey, java.util.Set.of(), java.util.Set.of(), hoop.config.HoopHome.fromEnv(System.getenv()).dir());
    }

    /**
     * extraSecrets: credentials the gateway resolved itself (an AWS profile), masked like ${env:} values; ownSecrets:
     * hoop's own (gateway.token, mask.key, the audit key), masked where a command runs as the gateway's OS user (command
     * and aws connections), the only place that can read them: every value of every result scanned for three more
     * secrets and their forms cost PostgreSQL's 1,000-row results a fifth more CPU. home: the gateway's HOOP_HOME,
     * whose files a command run for a client must not name.
     */
    public static Map<String, GuardedConnection> build(HoopConfig cfg, Guard guard, byte[] maskKey, java.util.Set<String> extraSecrets,
                                                       java.util.Set<String> ownSecrets, java.nio.file.Path home) {
        java.util.Set<String> secrets = new java.util.HashSet<>(cfg.secrets());
        secrets.addAll(extraSecrets);
        java.util.Set<String> runSecrets = new java.util.HashSet<>(secrets);
        runSecrets.addAll(ownSecrets);
        Map<String, PolicyEngine> engines = new LinkedHashMap<>();
        cfg.policies().forEach((name, p) -> engines.put(name, PolicyEngine.build(List.of(p))));
        Map<String, MaskingRules> rules = new LinkedHashMap<>();
        cfg.masking().forEach((name, m) -> rules.put(name, MaskingFactory.rules(m)));
        Map<String, GuardedConnection> out = new LinkedHashMap<>();
        for (ConnectionConfig c : cfg.connections()) {
            PolicyEngine engine = PolicyEngine.build(c.policies().stream().map(cfg.policies()::get).toList());
            MaskingRules r = c.masking().stream().map(rules::get).reduce(MaskingRules::plus)
                    .orElse(MaskingRules.of(List.of(), Map.of(), List.of(), hoop.masking.Style.REDACT));
            ColumnRules columns = c.masking().stream().map(m -> MaskingFactory.columns(cfg.masking().get(m)))
                    .reduce(ColumnRules::plus).orElse(ColumnRules.NONE);
            // Every resolved secret is masked on every connection, whatever its masking rules say. A command's output is
            // read decoded too: `base64 .env` shows a key to whoever pipes it to base64 -d as plainly as `cat .env`.
            Masker masker = c.type().equals("aws") ? Masker.create(r.plus(AWS_CREDENTIALS), maskKey, runSecrets).readingEncoded()
                    : c.type().equals("command") ? Masker.create(r, maskKey, runSecrets).readingShellOutput()
                    : Masker.create(r, maskKey, secrets);
            java.util.function.Function<hoop.core.Command, hoop.policy.Classification> classifier = switch (c.type()) {
                case "postgres" -> cmd -> SqlCommandClassifier.classify(cmd.text(), cmd.routines(), cmd.prepared(), hoop.core.BoundValues.of(cmd.argv()));
                case "aws" -> {
                    var scope = hoop.core.aws.AwsResources.Scope.of(c.aws().jit().roleArn(), c.aws().region());
                    yield cmd -> hoop.policy.aws.AwsClassifier.classify(cmd.argv(), cmd.text(), home, scope);
                }
                default -> {
                    // ~, $HOME and a bare cd lead where the command's HOME is, which need not be the gateway's
                    String runHome = hoop.protocol.exec.ExecSession.childHome(c.env(), c.runAs());
                    yield cmd -> CommandClassifier.classify(cmd.argv(), runHome);
                }
            };
            GuardedConnection conn = new GuardedConnection(c.name(), c.type(), guard, engine, classifier, masker, columns, c.command(), c.env());
            if (c.type().equals("aws")) conn.keepFilesIn(home.resolve(hoop.guard.AwsDownloads.DIR));
            if (c.runAs() != null) conn.runAs(c.runAs());
            out.put(c.name(), conn);
        }
        return out;
    }
}
