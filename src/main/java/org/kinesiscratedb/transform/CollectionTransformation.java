package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kinesiscratedb.source.DecodedRecord;

/**
 * The rules of one collection of a transformation file, compiled: what happens to each record of one table.
 *
 * <p>Order, as in tikray: {@code pre} rules, {@code bucket} (names, then values), {@code post} rules,
 * {@code treatment}.
 *
 * <p>{@code pre} and {@code post} rules: tikray applies them to the whole batch as one JSON array. Here every record
 * keeps its Kinesis identity (id, metadata, checkpoint), so each rule runs <em>per record, on the one-element array
 * {@code [record]}</em>, and must give back an array: no element drops the record (filtered: handled, nothing
 * written), one object is the new record; anything else (more elements, a non-object, not an array) rejects the
 * record naming the rule. For rules that filter or map element by element ({@code [?x > `0`]},
 * {@code map(select(.x > 0))}, {@code .[] |= ...}), which is what row streams use, this is exactly what tikray does;
 * rules that look across records (sorting, grouping, counting) see one record at a time.
 *
 * <p>Immutable and safe for concurrent use (one call per shard at a time is fine). Input records are not modified.
 */
public final class CollectionTransformation {

    /** A {@code bucket.names} rule: rename a top-level key, keeping its place. */
    record Rename(String oldName, String newName) {
    }

    /** A {@code bucket.values} rule: convert the value at a pointer; a missing pointer is a no-op. */
    record ValueRule(String where, Pointer pointer, Converters.Converter converter) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String label;
    private final String container;
    private final String name;
    private final List<ExpressionRule> pre;
    private final List<Rename> renames;
    private final List<ValueRule> values;
    private final List<ExpressionRule> post;
    private final Treatment treatment;
    private final Map<String, String> columnTypes;

    CollectionTransformation(String label, String container, String name, List<ExpressionRule> pre,
                             List<Rename> renames, List<ValueRule> values, List<ExpressionRule> post,
                             Treatment treatment, Map<String, String> columnTypes) {
        this.label = Objects.requireNonNull(label, "label");
        this.container = container;
        this.name = name;
        this.pre = List.copyOf(pre);
        this.renames = List.copyOf(renames);
        this.values = List.copyOf(values);
        this.post = List.copyOf(post);
        this.treatment = treatment;
        this.columnTypes = Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    }

    /**
     * Transforms a batch. Accepted records are transformed; records rejected before pass unchanged; a record that a
     * rule drops is counted in {@link TransformResult#filtered()} and left out; a record that a rule fails on becomes
     * {@code DecodedRecord.rejected(source, "transformation: <rule> failed: <why>")}. The batch always goes on.
     */
    public TransformResult apply(List<DecodedRecord> batch) {
        List<DecodedRecord> out = new ArrayList<>(batch.size());
        int filtered = 0;
        for (DecodedRecord record : batch) {
            if (!record.isAccepted()) {
                out.add(record);
                continue;
            }
            try {
                Optional<ObjectNode> result = transform(record.payload());
                if (result.isPresent()) {
                    out.add(DecodedRecord.accepted(record.source(), result.get()));
                } else {
                    filtered++;
                }
            } catch (TransformationException e) {
                out.add(DecodedRecord.rejected(record.source(), "transformation: " + e.getMessage()));
            }
        }
        return new TransformResult(out, filtered);
    }

    /**
     * Transforms one record (a copy of it).
     *
     * @return the new record, or empty if a {@code pre} or {@code post} rule dropped it
     * @throws TransformationException naming the rule, if a rule fails on the record or turns it into something
     *                                 that is not one JSON object
     */
    public Optional<ObjectNode> transform(ObjectNode record) {
        ObjectNode current = record.deepCopy();
        current = applyExpressions(pre, current);
        if (current == null) {
            return Optional.empty();
        }
        for (Rename rename : renames) {
            current = rename(current, rename);
        }
        for (ValueRule rule : values) {
            convert(current, rule);
        }
        current = applyExpressions(post, current);
        if (current == null) {
            return Optional.empty();
        }
        if (treatment != null) {
            treatment.apply(current);
        }
        return Optional.of(current);
    }

    /**
     * The column type hints of {@code schema.rules}: top-level column name → {@code TIMESTAMP}, {@code TEXT},
     * {@code BIGINT}, {@code DOUBLE}, {@code BOOLEAN} or {@code OBJECT} (the names of
     * {@link org.kinesiscratedb.target.WriterOptions#COLUMN_TYPES}). Empty without hints.
     */
    public Map<String, String> columnTypes() {
        return columnTypes;
    }

    /** The collection's address as {@code container.name}, if it has one. */
    public Optional<String> address() {
        return container == null ? Optional.empty() : Optional.of(container + "." + name);
    }

    boolean matches(String schema, String table) {
        return container != null && container.equals(schema) && name.equals(table);
    }

    /** Where the collection is, for logs and messages: {@code transformation.yaml: collections[0] (a.b)}. */
    @Override
    public String toString() {
        return label;
    }

    // ---- steps ----

    /** Runs pre or post rules on {@code [record]}; null if a rule dropped the record. */
    private static ObjectNode applyExpressions(List<ExpressionRule> rules, ObjectNode record) {
        if (rules.isEmpty()) {
            return record;
        }
        ObjectNode current = record;
        for (ExpressionRule rule : rules) {
            ArrayNode input = NODES.arrayNode(1).add(current);
            JsonNode result = rule.evaluate(input);
            if (!result.isArray()) {
                throw rule.failure("gave " + kind(result) + ", not an array of records (pre and post rules get and "
                        + "must give an array)");
            }
            if (result.isEmpty()) {
                return null;
            }
            if (result.size() > 1) {
                throw rule.failure("gave " + result.size() + " records from one; a rule may change or drop a record, "
                        + "not split it");
            }
            if (!(result.get(0) instanceof ObjectNode object)) {
                throw rule.failure("turned the record into " + kind(result.get(0)) + ", not a JSON object");
            }
            current = object;
        }
        return current;
    }

    private static ObjectNode rename(ObjectNode record, Rename rename) {
        if (!record.has(rename.oldName()) || rename.oldName().equals(rename.newName())) {
            return record;
        }
        ObjectNode renamed = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (field.getKey().equals(rename.oldName())) {
                renamed.set(rename.newName(), field.getValue());
            } else if (!field.getKey().equals(rename.newName())) {
                renamed.set(field.getKey(), field.getValue());
            }
        }
        return renamed;
    }

    private static void convert(ObjectNode record, ValueRule rule) {
        JsonNode value = rule.pointer().get(record);
        if (value == null) {
            return;
        }
        try {
            rule.pointer().set(record, rule.converter().convert(value));
        } catch (Converters.ConversionException e) {
            throw new TransformationException(rule.where(), e.getMessage());
        }
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
