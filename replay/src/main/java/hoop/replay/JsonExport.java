package hoop.replay;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import hoop.store.SessionSignature;
import hoop.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * `hoop replay --format json`: one JSON document, written as the events stream by (constant memory). The
 * schema (version 1) is documented in replay/EXPORT.md; fields are only ever added. Each event carries its
 * recorded payload byte for byte ("payload", the text that was hashed) and the same payload parsed ("data")
 * for tools, so the export can be verified away from the gateway (`hoop audit verify --file`).
 */
public final class JsonExport {
    public static final String FORMAT = "hoop-session";
    public static final int VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonExport() {}

    public static void write(Store store, SessionRecord s, Optional<SessionSignature> sig, OutputStream out) {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeObjectFieldStart("session");
            g.writeStringField("id", s.id());
            g.writeStringField("connection", s.connection());
            g.writeStringField("connection_type", s.connectionType());
            g.writeStringField("user", s.user());
            g.writeStringField("identity_source", s.identitySource());
            g.writeStringField("started_at", s.startedAt().toString());
            g.writeStringField("ended_at", s.endedAt() == null ? null : s.endedAt().toString());
            g.writeStringField("status", s.status());
            if (s.exitCode() == null) g.writeNullField("exit_code"); else g.writeNumberField("exit_code", s.exitCode());
            g.writeNumberField("commands", s.commands());
            g.writeNumberField("blocked", s.blocked());
            g.writeNumberField("flagged", s.flagged());
            g.writeNumberField("reviewed", s.reviewed());
            g.writeEndObject();
            if (sig.isEmpty()) {
                g.writeNullField("signature");
            } else {
                SessionSignature x = sig.get();
                g.writeObjectFieldStart("signature");
                g.writeStringField("algorithm", "Ed25519");
                g.writeStringField("key_id", x.keyId());
                g.writeNumberField("last_seq", x.lastSeq());
                g.writeStringField("last_hash", x.lastHash());
                g.writeStringField("signed_at", x.signedAt().toString());
                g.writeStringField("value", x.signature());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("events");
            long[] count = {0};
            String[] last = {null};
            store.forEachEvent(s.id(), e -> {
                event(g, e);
                count[0]++;
                last[0] = e.hash();
            });
            g.writeEndArray();
            g.writeNumberField("event_count", count[0]);
            g.writeStringField("last_hash", last[0]);
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void event(JsonGenerator g, EventRecord e) {
        try {
            g.writeStartObject();
            g.writeNumberField("seq", e.seq());
            g.writeStringField("at", e.at().toString());
            g.writeStringField("type", e.type());
            g.writeFieldName("data");
            g.writeTree(Payloads.parse(e.payload()));
            g.writeStringField("payload", e.payload());
            g.writeStringField("prev_hash", e.prevHash());
            g.writeStringField("hash", e.hash());
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
