package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Pointer (RFC 6901): {@code /a/b/0}, with {@code ~1} for {@code /} and {@code ~0} for {@code ~} in key
 * names. On an array a token is an index ({@code 0}, {@code 12}; no leading zeros); anything else, and {@code -},
 * points nowhere there.
 */
record Pointer(String text, List<String> tokens) {

    /**
     * Parses a pointer.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    static Pointer parse(String text) {
        if (text.isEmpty()) {
            return new Pointer(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw new IllegalArgumentException("JSON Pointer '" + text + "' must start with '/' (RFC 6901)");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next != '0' && next != '1') {
                    throw new IllegalArgumentException("JSON Pointer '" + text + "': '~' must be followed by 0 or 1"
                            + " ('~0' is '~', '~1' is '/'; RFC 6901)");
                }
                token.append(next == '0' ? '~' : '/');
                i++;
            } else {
                token.append(c);
            }
        }
        return new Pointer(text, List.copyOf(tokens));
    }

    /** The value pointed at, or null if there is none (a missing key or index, or a scalar on the way). */
    JsonNode get(JsonNode root) {
        JsonNode node = root;
        for (String token : tokens) {
            node = child(node, token);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * Replaces the value pointed at, which must exist ({@link #get} not null) and not be the root.
     */
    void set(JsonNode root, JsonNode value) {
        JsonNode parent = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent = child(parent, token);
        }
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(index(last), value);
        }
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray()) {
            int index = index(token);
            return index >= 0 && index < node.size() ? node.get(index) : null;
        }
        return null;
    }

    // -1 for anything that is not an array index in RFC 6901's sense (including "-", past the end).
    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    @Override
    public String toString() {
        return text;
    }
}
