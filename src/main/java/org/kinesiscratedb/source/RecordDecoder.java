package org.kinesiscratedb.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a record's bytes into a JSON object, or into the reason it cannot be loaded. Stateless and thread-safe.
 *
 * <p>The bytes must be UTF-8 (a leading byte order mark is ignored) holding exactly one JSON value, and that value
 * must be an object. Numbers: integers keep their exact value (beyond the 64-bit range they are kept as big
 * integers and typed DOUBLE PRECISION by the writer); fractions are doubles; a number beyond the range of a double
 * is rejected rather than turned into infinity. A key that appears twice keeps its last value, as in JavaScript
 * and PostgreSQL's JSONB.
 */
public final class RecordDecoder {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Decodes one record. */
    public DecodedRecord decode(KinesisRecord record) {
        byte[] data = record.data();
        if (data.length == 0) {
            return DecodedRecord.rejected(record, "payload is empty");
        }
        String text;
        try {
            text = strictUtf8(data);
        } catch (CharacterCodingException e) {
            return DecodedRecord.rejected(record, "payload is not valid UTF-8 (" + e.getMessage() + ")");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        JsonNode value;
        try {
            value = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return DecodedRecord.rejected(record, "payload is not valid JSON: " + describe(e));
        }
        if (value == null || value.isMissingNode()) {
            return DecodedRecord.rejected(record, "payload is not valid JSON: it holds only whitespace");
        }
        if (!value.isObject()) {
            return DecodedRecord.rejected(record, "JSON value is " + kind(value) + ", not an object");
        }
        String outOfRange = findNumberOutOfRange(value, "");
        if (outOfRange != null) {
            return DecodedRecord.rejected(record, "JSON number at \"" + outOfRange
                    + "\" is beyond the range of a double");
        }
        return DecodedRecord.accepted(record, (ObjectNode) value);
    }

    /** The bytes as text if they are valid UTF-8, else null. */
    public static String utf8(byte[] data) {
        try {
            return strictUtf8(data);
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String strictUtf8(byte[] data) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(data);
        try {
            CharBuffer chars = decoder.decode(input);
            return chars.toString();
        } catch (CharacterCodingException e) {
            CharacterCodingException located = new CharacterCodingException() {
                @Override
                public String getMessage() {
                    return "malformed byte sequence at offset " + input.position();
                }
            };
            located.initCause(e);
            throw located;
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    // Jackson turns 1e400 into Infinity; such a value cannot be stored faithfully anywhere.
    private static String findNumberOutOfRange(JsonNode value, String pointer) {
        if (value.isNumber()) {
            return Double.isFinite(value.doubleValue()) ? null : (pointer.isEmpty() ? "/" : pointer);
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String found = findNumberOutOfRange(field.getValue(), pointer + "/" + escape(field.getKey()));
                if (found != null) {
                    return found;
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                String found = findNumberOutOfRange(value.get(i), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
