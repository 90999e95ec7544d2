package hoop.credentials;

import hoop.core.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The gateway's own long-lived AWS credential: it signs only the AssumeRole calls, nothing a client sees. */
public final class BaseCredentials {
    private BaseCredentials() {}

    public static AwsCredentialsProvider profile(String name) {
        return ProfileCredentialsProvider.builder().profileName(name).build();
    }

    public static AwsCredentialsProvider of(String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** Resolves the provider now, so a missing profile fails at start and its values can be masked everywhere. */
    public static AwsCredentials resolve(AwsCredentialsProvider p) {
        var c = p.resolveCredentials();
        return new AwsCredentials(c.accessKeyId(), c.secretAccessKey(),
                c instanceof AwsSessionCredentials s ? s.sessionToken() : null, null);
    }
}
