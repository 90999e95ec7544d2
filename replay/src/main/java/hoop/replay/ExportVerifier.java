package hoop.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import hoop.store.ChainHash;
import hoop.store.SessionSignature;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * `hoop audit verify --file EXPORT --pubkey KEY`: checks a JSON export away from the gateway. The events are
 * read one at a time (an export may hold millions); each is rehashed from its recorded payload and linked to
 * the previous one, its "data" must equal that payload parsed, and the head must be the one the trusted key signed.
 */
public final class ExportVerifier {
    private ExportVerifier() {}

    public static Verification verify(InputStream in, PublicKey key) throws IOException {
        try (JsonParser p = JsonExport.JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Verification.bad("?", 0, null, "not a hoop JSON export");
            String id = "?";
            SessionSignature sig = null;
            long seq = 0;
            String prev = ChainHash.GENESIS;
            String problem = null;
            Long bad = null;
            String hashAtSigned = null; // the signature precedes the events, so the signed seq's hash is kept on the way
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "format" -> {
                        if (!JsonExport.FORMAT.equals(p.getText())) return Verification.bad(id, 0, null, "not a hoop JSON export");
                    }
                    case "session" -> id = p.readValueAsTree() instanceof JsonNode n ? n.path("id").asText("?") : "?";
                    case "signature" -> {
                        JsonNode n = p.readValueAsTree();
                        if (n != null && !n.isNull()) {
                            Instant signedAt;
                            try {
                                signedAt = Instant.parse(n.path("signed_at").asText());
                            } catch (DateTimeParseException x) {
                                return Verification.bad(id, 0, null, "the signature's signed_at is not a time");
                            }
                            sig = new SessionSignature(id, n.path("last_seq").asLong(), n.path("last_hash").asText(),
                                    n.path("key_id").asText(), n.path("value").asText(), signedAt);
                        }
                    }
                    case "events" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode e = p.readValueAsTree();
                            if (problem != null) continue; // keep the first problem, still consume the document
                            long s = e.path("seq").asLong(-1);
                            if (s != seq + 1) {
                                bad = seq + 1;
                                problem = s > seq + 1 ? "seq " + (seq + 1) + " is missing (next event is seq " + s + ")"
                                        : "unexpected seq " + s + " after seq " + seq;
                            } else if (!prev.equals(e.path("prev_hash").asText())) {
                                bad = s;
                                problem = "prev_hash of seq " + s + " does not link to seq " + seq;
                            } else if (!rehash(prev, e).equals(e.path("hash").asText())) {
                                bad = s;
                                problem = "hash of seq " + s + " does not match its content";
                            } else if (!Payloads.parse(e.path("payload").asText()).equals(e.path("data"))) {
                                bad = s;
                                problem = "the data of seq " + s + " differs from its recorded payload";
                            } else {
                                seq = s;
                                prev = e.path("hash").asText();
                                if (sig != null && s == sig.lastSeq()) hashAtSigned = prev;
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (problem != null) return Verification.bad(id, seq, bad, problem);
            if (sig == null) return Verification.bad(id, seq, null, "the export carries no gateway signature");
            String signedHash = hashAtSigned;
            return AuditVerifier.checkSignature(id, seq, prev, sig, key, s -> signedHash);
        }
    }

    private static String rehash(String prev, JsonNode e) {
        try {
            return ChainHash.of(prev, e.path("seq").asLong(), Instant.parse(e.path("at").asText()), e.path("type").asText(),
                    e.path("payload").asText());
        } catch (DateTimeParseException x) {
            return "unparseable timestamp";
        }
    }
}
