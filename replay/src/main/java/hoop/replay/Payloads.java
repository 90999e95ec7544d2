package hoop.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Event payloads are JSON written by the guard; a payload that is not (an old or damaged row) stays readable as raw text. */
final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    static JsonNode parse(String payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            return n == null ? JSON.createObjectNode().put("raw", payload) : n;
        } catch (Exception ex) {
            return JSON.createObjectNode().put("raw", payload);
        }
    }
}
