package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Compact JSON text of a Jackson tree, for binding object and JSON columns.
 *
 * <p>{@code JsonNode.toString()} builds a generator, a writer context and a recycled buffer for every value; for the
 * small objects of a typical record that set-up cost more than the writing and showed as the writer's largest
 * item in the benchmark's profile. This appends straight to one {@link StringBuilder}. The text is what Jackson
 * writes: the same escapes, numbers as Java prints them, non-ASCII characters as they are.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    /** The compact JSON text of {@code value}. */
    public static String of(JsonNode value) {
        StringBuilder text = new StringBuilder(64);
        append(text, value);
        return text.toString();
    }

    /** Appends the compact JSON text of {@code value} to {@code text}. */
    public static void append(StringBuilder text, JsonNode value) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                text.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    if (!first) {
                        text.append(',');
                    }
                    first = false;
                    appendString(text, field.getKey());
                    text.append(':');
                    append(text, field.getValue());
                }
                text.append('}');
            }
            case ARRAY -> {
                text.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        text.append(',');
                    }
                    append(text, value.get(i));
                }
                text.append(']');
            }
            case STRING -> appendString(text, value.textValue());
            case NUMBER -> text.append(value.isBigDecimal() ? value.decimalValue().toString()
                    : value.isBigInteger() ? value.bigIntegerValue().toString()
                    : value.isDouble() ? Double.toString(value.doubleValue())
                    : value.isFloat() ? Float.toString(value.floatValue())
                    : Long.toString(value.longValue()));
            case BOOLEAN -> text.append(value.booleanValue());
            case NULL -> text.append("null");
            default -> text.append(value); // binary, POJO, missing: never parsed from a record; Jackson's own text
        }
    }

    /** Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped as Jackson does. */
    public static void appendString(StringBuilder text, String s) {
        text.append('"');
        int length = s.length();
        int first = 0;
        while (first < length && needsNoEscape(s.charAt(first))) {
            first++;
        }
        if (first == length) {
            text.append(s).append('"'); // the common case: one copy of the whole string
            return;
        }
        int start = 0;
        for (int i = first; i < length; i++) {
            char c = s.charAt(i);
            if (needsNoEscape(c)) {
                continue;
            }
            text.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\b' -> text.append("\\b");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\f' -> text.append("\\f");
                case '\r' -> text.append("\\r");
                default -> text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        text.append(s, start, length).append('"');
    }

    private static boolean needsNoEscape(char c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }
}
