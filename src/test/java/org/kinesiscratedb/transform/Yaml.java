package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** Test helpers: transformations from YAML text, records from JSON text. */
final class Yaml {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path FILE = Path.of("transformation.yaml");

    private Yaml() {
    }

    static Transformation transformation(String yaml) {
        return Transformation.parse(FILE, yaml);
    }

    /** The only collection of a single-collection file built from the given collection body. */
    static CollectionTransformation collection(String body) {
        return transformation("meta: {type: tikray-collection, version: 1}\n" + body).collections().get(0);
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
