package hoop.gateway;

import hoop.config.AwsSettings;
import hoop.config.ConnectionConfig;
import hoop.config.HoopConfig;
import hoop.core.AwsCredentials;
import hoop.credentials.BaseCredentials;
import hoop.credentials.StsJit;
import hoop.guard.GuardedConnection;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Wires aws connections: the gateway's own credential, one STS issuer each, and the child environment. */
final class AwsConnections {
    private final Map<String, StsJit> issuers = new LinkedHashMap<>();
    private final Set<String> secrets = new HashSet<>();

    /** Resolves every aws connection's base credential now: a missing profile fails the start, not a session. */
    AwsConnections(HoopConfig cfg, List<AutoCloseable> opened) {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        opened.add(executor::shutdownNow);
        for (int i = 0; i < cfg.connections().size(); i++) {
            ConnectionConfig c = cfg.connections().get(i);
            AwsSettings aws = c.aws();
            if (aws == null) continue;
            AwsCredentialsProvider base = aws.credentials().profile() != null ? BaseCredentials.profile(aws.credentials().profile())
                    : BaseCredentials.of(aws.credentials().accessKeyId(), aws.credentials().secretAccessKey());
            AwsCredentials resolved = resolve(base, c, i);
            secrets.add(resolved.accessKeyId());
            secrets.add(resolved.secretAccessKey());
            if (resolved.sessionToken() != null) secrets.add(resolved.sessionToken());
            StsJit jit = new StsJit(base, aws.region(), aws.jit().stsEndpoint(),
                    new StsJit.Role(aws.jit().roleArn(), aws.jit().duration(), aws.jit().sessionPolicy()), Clock.systemUTC(), executor);
            opened.add(jit);
            issuers.put(c.name(), jit);
        }
    }

    /** A profile that gives no credential is the config's mistake: said as one, not as the SDK's exception. */
    private static AwsCredentials resolve(AwsCredentialsProvider base, ConnectionConfig c, int index) {
        try {
            return BaseCredentials.resolve(base);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new hoop.config.ConfigException(c.location(), "connections[" + index + "].credentials.profile",
                    "AWS profile '" + c.aws().credentials().profile() + "' gives no credentials: " + why);
        }
    }

    /** The long-lived credentials, to be masked on every connection. */
    Set<String> secrets() {
        return Set.copyOf(secrets);
    }

    void attach(HoopConfig cfg, Map<String, GuardedConnection> conns) {
        for (ConnectionConfig c : cfg.connections()) {
            if (c.aws() == null) continue;
            StsJit jit = issuers.get(c.name());
            AwsSettings aws = c.aws();
            // The aws CLI 2.9 ignores AWS_ENDPOINT_URL (2.13+ reads it): the endpoint also goes on its command line.
            List<String> launch = aws.endpoint() == null ? List.of() : List.of("--endpoint-url", aws.endpoint().toString());
            conns.get(c.name()).useSessionCredentials(jit, s -> jit.forSession(s).thenApply(k -> childEnv(aws, k)), launch);
        }
    }

    /**
     * Only the session's temporary credential: shared files point nowhere, so neither the gateway user's
     * ~/.aws nor instance metadata can hand the child a longer-lived one.
     */
    static Map<String, String> childEnv(AwsSettings aws, AwsCredentials k) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", k.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", k.secretAccessKey());
        env.put("AWS_SESSION_TOKEN", k.sessionToken());
        env.put("AWS_REGION", aws.region());
        env.put("AWS_DEFAULT_REGION", aws.region());
        if (aws.endpoint() != null) env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        // The CLI reads aliases from ~/.aws/cli/alias: one there (put by anyone who can write the gateway user's
        // home, `aws s3 cp s3://b/f ~/.aws/cli/alias` included) makes a word hoop judged run another command, or
        // a shell (`!env`) that prints the session's secret. /dev/null holds no file, and none can be made in it.
        env.put("HOME", "/dev/null");
        return env;
    }
}
