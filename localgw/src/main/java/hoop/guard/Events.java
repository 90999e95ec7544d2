package hoop.guard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import hoop.core.Decision;
import java.io.IOException;

/** Builds event payloads; the JSON shapes are part of the recording format (version in session_start). */
public final class Events {
    /** 2: a command event carries its decision (in 1 the decision was the next event). */
    public static final int FORMAT_VERSION = 2;
    /**
     * One pool of buffers shared by every thread: Jackson's default pool is per thread, and the virtual thread each
     * AWS call runs on is new, so every event it recorded allocated (and the kernel zeroed) fresh buffers.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build();

    private Events() {}

    /** Writes the fields of one payload object. */
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * One payload object written field by field: building a tree only to serialise it cost about twice as much on the
     * event loop, where the command and result of every statement are recorded.
     */
    static String json(Fields fields) {
        Chars out = CHARS.get();
        out.text.setLength(0);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("an event payload could not be written as JSON", e);
        }
        String json = out.text.toString();
        // A huge payload's buffer is not kept by the thread that wrote it.
        if (out.text.capacity() > 64 << 10) CHARS.remove();
        return json;
    }

    /** Where a thread writes its payloads: a StringWriter's buffer is synchronised and new every time. */
    private static final ThreadLocal<Chars> CHARS = ThreadLocal.withInitial(Chars::new);

    private static final class Chars extends java.io.Writer {
        final StringBuilder text = new StringBuilder(512);

        @Override
        public void write(char[] c, int off, int len) {
            text.append(c, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            text.append(str, off, off + len);
        }

        @Override
        public void write(int c) {
            text.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    static void strings(JsonGenerator g, String field, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    static void decision(JsonGenerator g, Decision d) throws IOException {
        g.writeObjectFieldStart("decision");
        g.writeStringField("rule", d.rule());
        switch (d) {
            case Decision.Allow a -> {
                g.writeStringField("action", a.flagged() ? "flag" : "allow");
                g.writeStringField("message", a.message());
            }
            case Decision.Review r -> {
                g.writeStringField("action", "review");
                g.writeStringField("message", r.message());
                g.writeNumberField("timeout_ms", r.timeout().toMillis());
                g.writeStringField("on_timeout", r.onTimeout().name().toLowerCase());
            }
            case Decision.Deny x -> {
                g.writeStringField("action", "deny");
                g.writeStringField("message", x.message());
            }
        }
        g.writeEndObject();
    }
}
