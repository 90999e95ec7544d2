package hoop.core;

import java.util.concurrent.CompletableFuture;

/**
 * Issues the upstream credential one session works with (AWS: STS AssumeRole, narrowed by a session
 * policy). Adapters get credentials only through this, so they never see how or from what they are made.
 */
public interface CredentialIssuer {
    /** The session's credential, issued on first use and reused until shortly before it expires. */
    CompletableFuture<AwsCredentials> forSession(Session session);

    /** Forgets the session's credential when the session ends. */
    void release(Session session);
}
