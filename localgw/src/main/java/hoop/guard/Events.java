package hoop.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.core.Decision;

/** Builds event payloads; the JSON shapes are part of the recording format (version in session_start). */
public final class Events {
    public static final int FORMAT_VERSION = 1;
    static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static String json(ObjectNode node) {
        return node.toString();
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
