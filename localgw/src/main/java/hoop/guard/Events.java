package hoop.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.core.Decision;

/** Builds event payloads; the JSON shapes are part of the recording format (version in session_start). */
public final class Events {
    /** 2: a command event carries its decision (in 1 the decision was the next event). */
    public static final int FORMAT_VERSION = 2;
    /**
     * One pool of buffers shared by every thread: Jackson's default pool is per thread, and the virtual thread each
     * AWS call runs on is new, so every event it recorded allocated (and the kernel zeroed) fresh buffers.
     */
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build());

    private Events() {}

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event payload could not be written as JSON", e);
        }
    }

    static ObjectNode decision(Decision d) {
        ObjectNode n = object();
        n.put("rule", d.rule());
        switch (d) {
            case Decision.Allow a -> {
                n.put("action", a.flagged() ? "flag" : "allow");
                n.put("message", a.message());
            }
            case Decision.Review r -> {
                n.put("action", "review");
                n.put("message", r.message());
                n.put("timeout_ms", r.timeout().toMillis());
                n.put("on_timeout", r.onTimeout().name().toLowerCase());
            }
            case Decision.Deny x -> {
                n.put("action", "deny");
                n.put("message", x.message());
            }
        }
        return n;
    }
}
