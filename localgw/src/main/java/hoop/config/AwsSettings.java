package hoop.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * An aws connection: the gateway's own (long-lived) credential, the role each session assumes and the
 * session policy that narrows it, and where requests go. Only the gateway ever holds the credential.
 */
public record AwsSettings(String region, Credentials credentials, Jit jit, URI endpoint, String listenHost, int listenPort,
                          Duration clientBodyTimeout, Duration clientHeaderTimeout, Duration keepaliveTimeout) {
    /** As nginx's client_body_timeout: the longest a request body may pause while hoop reads it. */
    public static final Duration DEFAULT_CLIENT_BODY_TIMEOUT = Duration.ofMinutes(1);
    /** As nginx's client_header_timeout: the longest a request head may take to arrive, whole. */
    public static final Duration DEFAULT_CLIENT_HEADER_TIMEOUT = Duration.ofMinutes(1);
    /** As nginx's keepalive_timeout: how long a connection with nothing to do is kept for the client's next request. */
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(75);


    /** Either a profile of the shared credentials file, or static keys (resolved from ${env:} / ${file:}). */
    public record Credentials(String profile, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return profile != null ? "Credentials[profile=" + profile + "]" : "Credentials[static " + accessKeyId.length() + " chars]";
        }
    }

    /**
     * sessionPolicy: the inline policy JSON (read from session_policy, or built from resources);
     * stsEndpoint: null for the regional AWS endpoint.
     */
    public record Jit(String roleArn, Duration duration, String sessionPolicy, List<String> resources, URI stsEndpoint) {}
}
