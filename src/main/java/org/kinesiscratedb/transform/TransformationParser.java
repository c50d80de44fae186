package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kinesiscratedb.SettingsException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a tikray transformation file (YAML, or JSON, which is YAML too) and checks all of it: unknown keys, expression
 * syntax (every expression is compiled here), JSON Pointers, converter names and type names. Every error names the
 * file, the collection and the key.
 */
final class TransformationParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> PROJECT_TYPES = List.of("tikray-project", "zyp-project");
    private static final List<String> COLLECTION_TYPES = List.of("tikray-collection", "zyp-collection");
    private static final String[] COLLECTION_KEYS = {"address", "schema", "pre", "bucket", "post", "treatment"};
    private static final List<String> EXPRESSION_TYPES = List.of("jmes", "jq");

    /** Schema type names (upper case) → the writer's hint types. */
    private static final Map<String, String> SCHEMA_TYPES = schemaTypes();

    private final String file;

    TransformationParser(String file) {
        this.file = file;
    }

    /** Parses the text of the file. */
    List<CollectionTransformation> parse(String text) {
        Spec root = Spec.root(file, readYaml(text)).requireMapping();
        String type = meta(root.require("meta"));
        if (PROJECT_TYPES.contains(type)) {
            return project(root);
        }
        List<String> keys = new ArrayList<>(List.of("meta"));
        keys.addAll(List.of(COLLECTION_KEYS));
        root.requireObject(keys.toArray(String[]::new));
        return List.of(collection(root, null));
    }

    private JsonNode readYaml(String text) {
        Object document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).build();
            document = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new SettingsException(file + ": not valid YAML: " + ExpressionRule.oneLine(
                    e.getMessage().replace('\n', ' ')));
        }
        if (document == null) {
            throw new SettingsException(file + ": the file is empty; expected a tikray transformation"
                    + " (meta: {type: tikray-project, version: 1}, collections: [...])");
        }
        try {
            return MAPPER.valueToTree(document);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(file + ": cannot read the YAML: " + ExpressionRule.oneLine(e.getMessage()));
        }
    }

    /** Checks {@code meta} and returns its type. */
    private static String meta(Spec meta) {
        meta.requireObject("type", "version", "generator");
        Spec typeSpec = meta.require("type");
        String type = typeSpec.text();
        if (!PROJECT_TYPES.contains(type) && !COLLECTION_TYPES.contains(type)) {
            throw typeSpec.error("unknown type '" + type + "'; allowed: tikray-project, tikray-collection"
                    + " (or their former names zyp-project, zyp-collection)");
        }
        Spec version = meta.get("version");
        if (version.isPresent() && !(version.node().canConvertToInt() && version.node().isIntegralNumber()
                && version.node().intValue() == 1)) {
            throw version.error("unsupported version " + version.node() + "; allowed: 1");
        }
        if (meta.get("generator").isPresent()) {
            meta.get("generator").text();
        }
        return type;
    }

    private List<CollectionTransformation> project(Spec root) {
        root.requireObject("meta", "collections");
        List<Spec> items = root.require("collections").items();
        if (items.isEmpty()) {
            throw root.get("collections").error("no collections; a project needs at least one");
        }
        List<CollectionTransformation> collections = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Spec item = items.get(i);
            item.requireObject(COLLECTION_KEYS);
            String index = "collections[" + i + "]";
            if (!item.get("address").isPresent()) {
                throw item.error("missing key 'address'; every collection of a project needs one"
                        + " (address: {container: <schema>, name: <table>})");
            }
            CollectionTransformation collection = collection(item, index);
            String address = collection.address().orElseThrow();
            String before = addresses.putIfAbsent(address, index);
            if (before != null) {
                throw item.get("address").error("address " + address + " is also the address of " + before);
            }
            collections.add(collection);
        }
        return collections;
    }

    /**
     * Reads one collection.
     *
     * @param index {@code collections[i]} in a project, null for a single-collection file
     */
    private CollectionTransformation collection(Spec spec, String index) {
        String container = null;
        String name = null;
        Spec address = spec.get("address");
        if (address.isPresent()) {
            address.requireObject("container", "name");
            container = address.require("container").nonEmptyText();
            name = address.require("name").nonEmptyText();
        }
        String label = index == null ? file : file + ": " + index;
        if (container != null) {
            label += (index == null ? ": collection" : "") + " (" + container + "." + name + ")";
        }
        Spec c = spec.rebase(label);
        Map<String, String> columnTypes = schema(c.get("schema"));
        List<ExpressionRule> pre = expressions(c.get("pre"));
        List<CollectionTransformation.Rename> renames = new ArrayList<>();
        List<CollectionTransformation.ValueRule> values = new ArrayList<>();
        bucket(c.get("bucket"), renames, values);
        List<ExpressionRule> post = expressions(c.get("post"));
        Treatment treatment = treatment(c.get("treatment"));
        return new CollectionTransformation(label, container, name, pre, renames, values, post,
                treatment == null || treatment.isEmpty() ? null : treatment, columnTypes);
    }

    private static Map<String, String> schema(Spec schema) {
        Map<String, String> types = new LinkedHashMap<>();
        if (!schema.isPresent()) {
            return types;
        }
        schema.requireObject("rules");
        for (Spec rule : schema.get("rules").items()) {
            rule.requireObject("pointer", "type");
            Pointer pointer = pointer(rule.require("pointer"));
            if (pointer.tokens().size() != 1 || pointer.tokens().get(0).isEmpty()) {
                throw rule.get("pointer").error("pointer '" + pointer + "': only top-level columns can have a type"
                        + " hint (e.g. /ts)");
            }
            String typeName = rule.require("type").text();
            String type = SCHEMA_TYPES.get(typeName.toUpperCase(Locale.ROOT));
            if (type == null) {
                throw rule.get("type").error("unknown type '" + typeName + "'; allowed: "
                        + String.join(", ", SCHEMA_TYPES.keySet()));
            }
            String column = pointer.tokens().get(0);
            if (types.putIfAbsent(column, type) != null) {
                throw rule.get("pointer").error("column '" + column + "' has a type hint already");
            }
        }
        return types;
    }

    private static List<ExpressionRule> expressions(Spec block) {
        List<ExpressionRule> rules = new ArrayList<>();
        if (!block.isPresent()) {
            return rules;
        }
        block.requireObject("rules");
        for (Spec rule : block.get("rules").items()) {
            rule.requireObject("type", "expression");
            String type = rule.require("type").text();
            if (!EXPRESSION_TYPES.contains(type)) {
                throw rule.get("type").error("unknown expression type '" + type + "'; allowed: "
                        + String.join(", ", EXPRESSION_TYPES));
            }
            String expression = rule.require("expression").nonEmptyText();
            try {
                rules.add(ExpressionRule.compile(type, expression, rule.path() + " (" + type + ")"));
            } catch (IllegalArgumentException e) {
                throw rule.get("expression").error(e.getMessage(), e);
            }
        }
        return rules;
    }

    private static void bucket(Spec bucket, List<CollectionTransformation.Rename> renames,
                               List<CollectionTransformation.ValueRule> values) {
        if (!bucket.isPresent()) {
            return;
        }
        bucket.requireObject("names", "values");
        Spec names = bucket.get("names");
        if (names.isPresent()) {
            names.requireObject("rules");
            for (Spec rule : names.get("rules").items()) {
                rule.requireObject("old", "new");
                renames.add(new CollectionTransformation.Rename(rule.require("old").nonEmptyText(),
                        rule.require("new").nonEmptyText()));
            }
        }
        Spec valueRules = bucket.get("values");
        if (valueRules.isPresent()) {
            valueRules.requireObject("rules");
            for (Spec rule : valueRules.get("rules").items()) {
                rule.requireObject("pointer", "transformer");
                Pointer pointer = pointer(rule.require("pointer"));
                if (pointer.tokens().isEmpty()) {
                    throw rule.get("pointer").error("pointer '' is the whole record; point at a value, e.g. /ts");
                }
                String transformer = rule.require("transformer").text();
                Converters.Converter converter = Converters.BY_NAME.get(transformer);
                if (converter == null) {
                    throw rule.error("unknown transformer '" + transformer + "'; allowed: "
                            + String.join(", ", Converters.BY_NAME.keySet()));
                }
                values.add(new CollectionTransformation.ValueRule(
                        rule.path() + " (" + transformer + " at " + pointer + ")", pointer, converter));
            }
        }
    }

    private static Treatment treatment(Spec treatment) {
        if (!treatment.isPresent()) {
            return null;
        }
        treatment.requireObject("ignore_field", "convert_list", "convert_string", "convert_dict",
                "normalize_complex_lists", "prune_invalid_date");
        Map<String, String> convertDict = new LinkedHashMap<>();
        for (Spec rule : treatment.get("convert_dict").items()) {
            rule.requireObject("name", "wrapper_name");
            String name = rule.require("name").nonEmptyText();
            if (convertDict.putIfAbsent(name, rule.require("wrapper_name").nonEmptyText()) != null) {
                throw rule.get("name").error("'" + name + "' has a convert_dict rule already");
            }
        }
        return new Treatment(treatment.get("ignore_field").texts(), treatment.get("convert_list").texts(),
                treatment.get("convert_string").texts(), convertDict, treatment.get("normalize_complex_lists").bool(),
                treatment.get("prune_invalid_date").texts());
    }

    private static Pointer pointer(Spec spec) {
        try {
            return Pointer.parse(spec.text());
        } catch (IllegalArgumentException e) {
            throw spec.error(e.getMessage());
        }
    }

    private static Map<String, String> schemaTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("DATETIME", "TIMESTAMP");
        types.put("TIMESTAMP", "TIMESTAMP");
        types.put("TEXT", "TEXT");
        types.put("STRING", "TEXT");
        types.put("BIGINT", "BIGINT");
        types.put("INTEGER", "BIGINT");
        types.put("INT", "BIGINT");
        types.put("DOUBLE", "DOUBLE");
        types.put("FLOAT", "DOUBLE");
        types.put("BOOLEAN", "BOOLEAN");
        types.put("BOOL", "BOOLEAN");
        types.put("OBJECT", "OBJECT");
        types.put("MAP", "OBJECT");
        return types;
    }
}
