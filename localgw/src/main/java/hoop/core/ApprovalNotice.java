package hoop.core;

import java.time.Instant;

/** What an adapter tells a waiting client: which request, under which rule, until when, and what then. */
public record ApprovalNotice(String id, String rule, Instant expiresAt, String onTimeout) {}
