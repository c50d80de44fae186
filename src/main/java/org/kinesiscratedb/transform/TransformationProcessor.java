package org.kinesiscratedb.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.kinesiscratedb.SettingsException;

/**
 * A transformation file as a Camel processor, for any route. As a YAML bean:
 * <pre>{@code
 * - beans:
 *     - name: transform
 *       type: "#class:org.kinesiscratedb.transform.TransformationProcessor"
 *       properties:
 *         file: transformation.yaml
 *         collection: testdrive.kinesis   # only needed when the file has several collections
 * }</pre>
 * then {@code - process: {ref: transform}} in a route.
 *
 * <p>The body is a JSON object (as {@code byte[]}, {@code String} or Jackson node) and becomes the transformed
 * object as a JSON string; a record that a rule drops becomes an empty body with the header
 * {@value #FILTERED_HEADER} {@code true} (else {@code false}). A JSON array of objects is transformed element by
 * element into a JSON array of the records that remain; the header is {@code true} if none remains. A rule that fails
 * throws a {@link TransformationException} naming the file, the collection and the rule; the route's error handling
 * decides what happens to the message.
 *
 * <p>The file is loaded and checked when the route starts (or at the first message if the processor is used outside
 * a route), with a {@link SettingsException} if it cannot be used.
 */
public class TransformationProcessor implements Processor, Service {

    /** The header that says whether the record was dropped by a rule. */
    public static final String FILTERED_HEADER = "KinesisCrateDbFiltered";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private String file;
    private String collection;
    private volatile CollectionTransformation transformation;

    /** A processor to configure with {@link #setFile} (and maybe {@link #setCollection}). */
    public TransformationProcessor() {
    }

    /** A processor for a collection loaded already. */
    public TransformationProcessor(CollectionTransformation transformation) {
        this.transformation = Objects.requireNonNull(transformation, "transformation");
    }

    /** The transformation file (a path). */
    public void setFile(String file) {
        this.file = file;
    }

    public String getFile() {
        return file;
    }

    /**
     * The collection to use as {@code schema.table} (its address), or the table the records go to; optional if the
     * file holds a single collection.
     */
    public void setCollection(String collection) {
        this.collection = collection;
    }

    public String getCollection() {
        return collection;
    }

    @Override
    public void start() {
        resolve();
    }

    @Override
    public void stop() {
        // nothing to release
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        CollectionTransformation rules = resolve();
        Message message = exchange.getMessage();
        JsonNode body = readBody(message);
        if (body instanceof ObjectNode record) {
            Optional<ObjectNode> result = transform(rules, record, "");
            message.setBody(result.map(JsonNode::toString).orElse(""));
            message.setHeader(FILTERED_HEADER, result.isEmpty());
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < body.size(); i++) {
            if (!(body.get(i) instanceof ObjectNode record)) {
                throw new IllegalArgumentException("body element " + i + " is not a JSON object");
            }
            transform(rules, record, "element " + i + ": ").ifPresent(kept::add);
        }
        message.setBody(kept.toString());
        message.setHeader(FILTERED_HEADER, kept.isEmpty() && !body.isEmpty());
    }

    private static Optional<ObjectNode> transform(CollectionTransformation rules, ObjectNode record, String element) {
        try {
            return rules.transform(record);
        } catch (TransformationException e) {
            throw new TransformationException(rules + ": " + element + e.rule(), e.reason());
        }
    }

    private static JsonNode readBody(Message message) throws JsonProcessingException, InvalidPayloadException {
        Object body = message.getBody();
        JsonNode json;
        if (body instanceof JsonNode node) {
            json = node;
        } else if (body instanceof byte[] bytes) {
            json = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } else if (body instanceof String text) {
            json = MAPPER.readTree(text);
        } else if (body != null) {
            json = MAPPER.readTree(message.getMandatoryBody(String.class));
        } else {
            throw new IllegalArgumentException("the body is empty; expected a JSON object or an array of objects");
        }
        if (json == null || !(json.isObject() || json.isArray())) {
            throw new IllegalArgumentException("the body is not a JSON object or an array of objects");
        }
        return json;
    }

    private CollectionTransformation resolve() {
        CollectionTransformation resolved = transformation;
        if (resolved != null) {
            return resolved;
        }
        synchronized (this) {
            if (transformation == null) {
                transformation = load();
            }
            return transformation;
        }
    }

    private CollectionTransformation load() {
        if (file == null || file.isBlank()) {
            throw new SettingsException("TransformationProcessor: set the property 'file' to a transformation file");
        }
        Transformation loaded = Transformation.load(Path.of(file));
        String names = loaded.collections().stream().map(c -> c.address().orElse("(no address)"))
                .collect(Collectors.joining(", "));
        if (collection == null || collection.isBlank()) {
            if (loaded.collections().size() != 1) {
                throw new SettingsException(file + ": has " + loaded.collections().size() + " collections; set the "
                        + "property 'collection' of TransformationProcessor to one of: " + names);
            }
            return loaded.collections().get(0);
        }
        int dot = collection.indexOf('.');
        if (dot <= 0 || dot == collection.length() - 1) {
            throw new SettingsException("TransformationProcessor: collection '" + collection
                    + "' must be schema.table");
        }
        return loaded.forTable(collection.substring(0, dot), collection.substring(dot + 1))
                .orElseThrow(() -> new SettingsException(file + ": no collection for " + collection
                        + "; collections: " + names));
    }
}
