package hoop.credentials;

import hoop.core.AwsCredentials;
import hoop.core.CredentialIssuer;
import hoop.core.Session;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Just-in-time credentials: per session, AssumeRole with the connection's inline session policy, the
 * session's identity as source identity (it stays on every CloudTrail event of the role chain) and a
 * session name that ties CloudTrail back to the hoop session. The result lives as long as the session.
 */
public final class StsJit implements CredentialIssuer, AutoCloseable {
    /** Renew this long before expiry, so a request signed now is not rejected in flight. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    public record Role(String arn, Duration duration, String sessionPolicy) {}

    private final StsClient sts;
    private final Role role;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, CompletableFuture<AwsCredentials>> bySession = new ConcurrentHashMap<>();

    public StsJit(AwsCredentialsProvider base, String region, URI endpoint, Role role, Clock clock, Executor executor) {
        var b = StsClient.builder().region(Region.of(region)).credentialsProvider(base)
                .httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) b.endpointOverride(endpoint);
        this.sts = b.build();
        this.role = role;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<AwsCredentials> forSession(Session s) {
        return bySession.compute(s.id(), (id, old) -> {
            if (old != null && (!old.isDone() || (!old.isCompletedExceptionally()
                    && old.join().expiration().isAfter(clock.instant().plus(RENEW_BEFORE))))) return old;
            return CompletableFuture.supplyAsync(() -> assume(s), executor);
        });
    }

    @Override
    public void release(Session s) {
        bySession.remove(s.id());
    }

    AwsCredentials assume(Session s) {
        Credentials c = sts.assumeRole(request(s)).credentials();
        return new AwsCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    AssumeRoleRequest request(Session s) {
        return AssumeRoleRequest.builder().roleArn(role.arn()).durationSeconds((int) role.duration().toSeconds())
                .policy(role.sessionPolicy()).roleSessionName(sessionName(s)).sourceIdentity(sourceIdentity(s)).build();
    }

    /** RoleSessionName: 2-64 of [\w+=,.@-]; the session id prefix makes it unique per hoop session. */
    static String sessionName(Session s) {
        String who = clean(s.identity().subject());
        String name = "hoop-" + s.id().substring(0, 8) + "-" + who;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** SourceIdentity: who is behind the session (email when the identity has one), same character set. */
    static String sourceIdentity(Session s) {
        String who = clean(s.identity().email() != null ? s.identity().email() : s.identity().subject());
        if (who.length() < 2) who = "hoop-" + who;
        return who.length() > 64 ? who.substring(0, 64) : who;
    }

    private static String clean(String s) {
        return (s == null ? "unknown" : s).replaceAll("[^\\w+=,.@-]", "_");
    }

    @Override
    public void close() {
        sts.close();
    }
}
