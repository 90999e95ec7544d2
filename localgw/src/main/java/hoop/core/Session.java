package hoop.core;

import java.time.Instant;

/** One attachment of an identity to one connection; every command and result is recorded under it. */
public record Session(String id, String connection, String connectionType, Identity identity, Instant startedAt) {}
