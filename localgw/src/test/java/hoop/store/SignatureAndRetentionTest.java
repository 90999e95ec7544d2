package hoop.store;

import static hoop.store.Fixtures.get;
import static hoop.store.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit key, signatures kept beside sessions, and retention. */
class SignatureAndRetentionTest {
    @TempDir
    Path dir;

    @Test
    void keyIsCreatedPrivateOnceAndSignsTheHead() throws Exception {
        Path file = dir.resolve("audit.key");
        AuditKey k = AuditKey.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        AuditKey again = AuditKey.loadOrCreate(file);
        assertEquals(k.publicKeyText(), again.publicKeyText(), "the key is created once and reread");

        SessionSignature sig = k.sign("s1", 7, "ab".repeat(32), Instant.now());
        var pub = AuditKey.parsePublic(k.publicKeyText());
        assertEquals(k.keyId(), AuditKey.keyId(pub));
        assertTrue(AuditKey.verify(pub, sig));
        assertFalse(AuditKey.verify(pub, new SessionSignature("s1", 6, sig.lastHash(), sig.keyId(), sig.signature(), sig.signedAt())));
        assertFalse(AuditKey.verify(pub, new SessionSignature("s2", 7, sig.lastHash(), sig.keyId(), sig.signature(), sig.signedAt())));
        var other = AuditKey.parsePublic(AuditKey.loadOrCreate(dir.resolve("other.key")).publicKeyText());
        assertFalse(AuditKey.verify(other, sig), "another gateway's key does not verify it");
    }

    @Test
    void signaturesAreStoredAndPruneRemovesOnlyOldEndedSessions() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("hoop.db"))) {
            Instant now = Instant.now();
            for (String id : List.of("old", "recent", "active")) {
                get(store.createSession(session(id, now.minus(Duration.ofDays(40)))));
                get(store.append(id, "command", "x"));
            }
            get(store.endSession("old", now.minus(Duration.ofDays(39)), "closed", 0));
            get(store.endSession("recent", now.minus(Duration.ofHours(1)), "closed", 0));
            AuditKey k = AuditKey.loadOrCreate(dir.resolve("audit.key"));
            ChainCheck head = store.verify("old");
            get(store.saveSignature(k.sign("old", head.eventsChecked(), head.lastHash(), now)));
            assertEquals(head.lastHash(), store.signature("old").orElseThrow().lastHash());

            assertEquals(1, store.pruneEndedBefore(now.minus(Duration.ofDays(30))));
            List<String> left = new ArrayList<>();
            store.forEachSession(s -> left.add(s.id()));
            assertEquals(List.of("recent", "active"), left.stream().sorted((a, b) -> b.compareTo(a)).toList());
            assertTrue(store.events("old").isEmpty());
            assertTrue(store.signature("old").isEmpty());
        }
    }
}
