package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the JSON event in a record's bytes: the event itself, or a Lambda-style wrapper
 * {@code {"kinesis": {"data": "<base64 of the event>"}, ...}}.
 */
final class EventEnvelope {

    private EventEnvelope() {
    }

    /**
     * The event as a JSON object.
     *
     * @throws UntranslatableEventException if the bytes are not a JSON object (after unwrapping)
     */
    static JsonNode read(byte[] data) throws UntranslatableEventException {
        JsonNode event = parse(data, "Record");
        JsonNode wrapped = event.path("kinesis").path("data");
        if (wrapped.isTextual()) {
            byte[] inner;
            try {
                inner = Base64.getMimeDecoder().decode(wrapped.textValue());
            } catch (IllegalArgumentException e) {
                throw new UntranslatableEventException("Lambda-style record: kinesis.data is not base64: "
                        + e.getMessage());
            }
            event = parse(inner, "Lambda-style record: kinesis.data");
        }
        return event;
    }

    private static JsonNode parse(byte[] data, String what) throws UntranslatableEventException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(data, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UntranslatableEventException(what + " is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new UntranslatableEventException(what + " is not a JSON object");
        }
        return node;
    }
}
