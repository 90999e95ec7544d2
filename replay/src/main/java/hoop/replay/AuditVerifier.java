package hoop.replay;

import hoop.core.EventType;
import hoop.store.AuditKey;
import hoop.store.ChainCheck;
import hoop.store.SessionRecord;
import hoop.store.SessionSignature;
import hoop.store.Store;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Verifies a recorded session in the database: the hash chain (every event's hash, its link to the one before,
 * no gaps, and the head kept on the session row), then the gateway's signature over the head. The chain alone
 * catches edits by someone who does not recompute hashes; the signature catches a chain recomputed end to end,
 * because only the gateway holds the private key.
 */
public final class AuditVerifier {
    private AuditVerifier() {}

    /** key: the public key to trust (the gateway's own, or one given by the auditor); null fails signed sessions. */
    public static Verification verify(Store store, SessionRecord s, PublicKey key) {
        ChainCheck chain = store.verify(s.id());
        if (!chain.ok()) return Verification.bad(s.id(), chain.eventsChecked(), chain.firstBadSeq(), chain.problem());
        long last = chain.eventsChecked();
        Optional<SessionSignature> sig = store.signature(s.id());
        if (sig.isEmpty()) {
            String[] lastType = {null};
            store.forEachEventAfter(s.id(), Math.max(0, last - 1), e -> lastType[0] = e.type());
            boolean ended = !"active".equals(s.status()) || EventType.SESSION_END.wireName().equals(lastType[0]);
            // A closed session the gateway did not sign had its signature removed (or was closed by an older hoop).
            return ended ? Verification.bad(s.id(), last, null, "the session is closed but carries no gateway signature")
                    : Verification.active(s.id(), last);
        }
        return checkSignature(s.id(), last, chain.lastHash(), sig.get(), key, (seq) -> hashAt(store, s.id(), seq));
    }

    interface HashAt {
        String of(long seq);
    }

    /** Shared with the export verifier: the chain is intact up to (lastSeq, lastHash); does the signature cover it? */
    static Verification checkSignature(String id, long lastSeq, String lastHash, SessionSignature sig, PublicKey key, HashAt hashAt) {
        if (!id.equals(sig.sessionId())) return Verification.bad(id, lastSeq, null, "the signature is for another session (" + sig.sessionId() + ")");
        if (key == null) return Verification.bad(id, lastSeq, null, "no public key to check the signature with (key id " + sig.keyId() + ")");
        if (!AuditKey.verify(key, sig)) {
            String whose = sig.keyId().equals(AuditKey.keyId(key)) ? "it was altered" : "it was made by key " + sig.keyId()
                    + ", not the trusted key " + AuditKey.keyId(key);
            return Verification.bad(id, lastSeq, null, "the signature does not verify: " + whose);
        }
        if (sig.lastSeq() == lastSeq && sig.lastHash().equals(lastHash)) return Verification.signed(id, lastSeq, sig.keyId());
        if (lastSeq > sig.lastSeq() && sig.lastHash().equals(hashAt.of(sig.lastSeq()))) {
            return Verification.bad(id, lastSeq, sig.lastSeq() + 1, "events seq " + (sig.lastSeq() + 1) + ".." + lastSeq
                    + " were added after the signed end of the session (seq " + sig.lastSeq() + ")");
        }
        return Verification.bad(id, lastSeq, null, "the chain was rewritten: it ends at seq " + lastSeq + " with hash "
                + abbrev(lastHash) + " but the gateway signed seq " + sig.lastSeq() + " with hash " + abbrev(sig.lastHash())
                + " (events at or before seq " + Math.min(lastSeq, sig.lastSeq()) + " were changed, inserted or deleted and the hashes recomputed)");
    }

    private static String hashAt(Store store, String id, long seq) {
        String[] found = {null};
        try {
            store.forEachEventAfter(id, seq - 1, e -> {
                found[0] = e.hash();
                throw new Stop();
            });
        } catch (Stop done) {
            // read just the one row
        }
        return found[0];
    }

    static String abbrev(String hash) {
        return hash == null ? "-" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    /** Ends a streamed read early without an error. */
    static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
