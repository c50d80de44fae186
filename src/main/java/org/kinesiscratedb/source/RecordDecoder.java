package org.kinesiscratedb.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        int malformedAt = malformedUtf8Offset(data);
        if (malformedAt >= 0) {
            return DecodedRecord.rejected(record, "payload is not valid UTF-8 (malformed byte sequence at offset "
                    + malformedAt + ")");
        }
        int start = hasByteOrderMark(data) ? 3 : 0;
        JsonNode value;
        try {
            value = zeroInFirstBytes(data, start)
                    ? MAPPER.readTree(new String(data, start, data.length - start, StandardCharsets.UTF_8))
                    : MAPPER.readTree(data, start, data.length - start);
        } catch (JsonProcessingException e) {
            return DecodedRecord.rejected(record, "payload is not valid JSON: " + describe(e));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading JSON from memory", e);
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
        return malformedUtf8Offset(data) < 0 ? new String(data, StandardCharsets.UTF_8) : null;
    }

    /**
     * Where the first malformed UTF-8 sequence starts, or -1 if the bytes are valid UTF-8 (RFC 3629: no overlong
     * forms, no surrogates, nothing above U+10FFFF). The same verdict as a reporting {@code CharsetDecoder}, at a
     * fraction of its cost for the ASCII that most records are.
     */
    static int malformedUtf8Offset(byte[] data) {
        int i = 0;
        int n = data.length;
        while (i < n) {
            int b = data[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int length;
            int min;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                max = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                max = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
            } else {
                return i; // a continuation byte without a lead, C0/C1 (overlong) or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int second = data[i + 1] & 0xFF;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((data[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    private static boolean hasByteOrderMark(byte[] data) {
        return data.length >= 3 && (data[0] & 0xFF) == 0xEF && (data[1] & 0xFF) == 0xBB && (data[2] & 0xFF) == 0xBF;
    }

    // Jackson's byte parser guesses UTF-16/32 from zero bytes at the start; such text is UTF-8 here (and invalid
    // JSON), so it goes through a String to get the same error as any other bad JSON.
    private static boolean zeroInFirstBytes(byte[] data, int start) {
        for (int i = start; i < Math.min(data.length, start + 4); i++) {
            if (data[i] == 0) {
                return true;
            }
        }
        return false;
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

    // Jackson turns 1e400 into Infinity; such a value cannot be stored faithfully anywhere. The pointer to it is
    // built only when there is one (building it for every field showed in the benchmark's profile).
    private static String findNumberOutOfRange(JsonNode value, String pointer) {
        if (value.isNumber()) {
            return Double.isFinite(value.doubleValue()) ? null : (pointer.isEmpty() ? "/" : pointer);
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode child = field.getValue();
                if (child.isContainerNode() || child.isNumber() && !Double.isFinite(child.doubleValue())) {
                    String found = findNumberOutOfRange(child, pointer + "/" + escape(field.getKey()));
                    if (found != null) {
                        return found;
                    }
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode child = value.get(i);
                if (child.isContainerNode() || child.isNumber() && !Double.isFinite(child.doubleValue())) {
                    String found = findNumberOutOfRange(child, pointer + "/" + i);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
