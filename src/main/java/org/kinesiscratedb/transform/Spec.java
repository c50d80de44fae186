package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.kinesiscratedb.SettingsException;

/**
 * A node of a transformation file with where it is ({@code file: collections[0] (a.b): bucket.values.rules[1]}), so
 * that every error names the file, the collection and the key. A missing key and an explicit YAML null are the same:
 * absent.
 */
final class Spec {

    private final String prefix;
    private final String path;
    private final JsonNode node;

    private Spec(String prefix, String path, JsonNode node) {
        this.prefix = prefix;
        this.path = path;
        this.node = node;
    }

    /** The root of a document; {@code prefix} is what every message starts with (the file, maybe the collection). */
    static Spec root(String prefix, JsonNode node) {
        return new Spec(prefix, "", node);
    }

    /** The same node, with messages prefixed by {@code prefix} and paths starting afresh (a collection's root). */
    Spec rebase(String newPrefix) {
        return new Spec(newPrefix, "", node);
    }

    /** Where this node is, for messages. */
    String where() {
        return path.isEmpty() ? prefix : prefix + ": " + path;
    }

    /** The key path inside the collection, e.g. {@code bucket.values.rules[1]}. */
    String path() {
        return path;
    }

    SettingsException error(String message) {
        return new SettingsException(where() + ": " + message);
    }

    SettingsException error(String message, Throwable cause) {
        return new SettingsException(where() + ": " + message, cause);
    }

    boolean isPresent() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** Checks that this is a mapping, whatever its keys. */
    Spec requireMapping() {
        if (!isPresent() || !node.isObject()) {
            throw error("expected a mapping, got " + kind());
        }
        return this;
    }

    /** Checks that this is a mapping with only the allowed keys (in the order they are listed in messages). */
    Spec requireObject(String... allowed) {
        if (!isPresent() || !node.isObject()) {
            throw error("expected a mapping with the keys " + String.join(", ", allowed) + ", got " + kind());
        }
        List<String> allowedKeys = List.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedKeys.contains(name)) {
                throw error("unknown key '" + name + "'; allowed: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    /** The child at a key of a mapping; absent if there is no such key. */
    Spec get(String key) {
        JsonNode child = node == null ? null : node.get(key);
        return new Spec(prefix, path.isEmpty() ? key : path + "." + key, child);
    }

    /** The child at a key that must be present. */
    Spec require(String key) {
        Spec child = get(key);
        if (!child.isPresent()) {
            throw error("missing key '" + key + "'");
        }
        return child;
    }

    /** The elements of a list; an absent node is an empty list. */
    List<Spec> items() {
        if (!isPresent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected a list, got " + kind());
        }
        List<Spec> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new Spec(prefix, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** A scalar as text (YAML may read {@code old: 2024} as a number; a key name is still meant). */
    String text() {
        if (!isPresent() || node.isContainerNode()) {
            throw error("expected text, got " + kind());
        }
        return node.asText();
    }

    /** A non-empty scalar as text. */
    String nonEmptyText() {
        String text = text();
        if (text.isEmpty()) {
            throw error("must not be empty");
        }
        return text;
    }

    /** A list of non-empty texts; absent is empty. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (Spec item : items()) {
            texts.add(item.nonEmptyText());
        }
        return texts;
    }

    /** A boolean; absent is false. */
    boolean bool() {
        if (!isPresent()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw error("expected true or false, got " + kind());
        }
        return node.booleanValue();
    }

    JsonNode node() {
        return Objects.requireNonNull(node, "node");
    }

    private String kind() {
        if (!isPresent()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case STRING -> "text '" + node.asText() + "'";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
