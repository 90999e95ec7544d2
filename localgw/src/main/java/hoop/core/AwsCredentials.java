package hoop.core;

import java.time.Instant;

/** A temporary AWS credential (STS); sessionToken is null for a long-lived key. Never printed whole. */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + ", expires " + expiration + "]";
    }
}
