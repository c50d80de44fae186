package org.kinesiscratedb.cdc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.kinesiscratedb.SettingsException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transformation file of a DMS relay ({@code --transformation}, a "dms-recipe", compat.md section 2.2):
 * per table the layout, whether DDL events apply, extra primary key columns and columns holding JSON text.
 * Validated completely when loaded; errors name the file, the collection and the key. Unknown keys are ignored,
 * as in the original, but named in a warning. Immutable.
 *
 * <pre>
 * meta: {type: dms-recipe, version: 1}
 * collections:
 * - address: {container: testdrive, name: demo}
 *   settings: {mapping_strategy: universal, ignore_ddl: false}
 *   pk:  {rules: [{pointer: /rowid, type: bigint}]}
 *   map: {rules: [{pointer: /resource, type: map}]}
 * </pre>
 */
public final class DmsRecipe {

    private static final Logger LOG = LoggerFactory.getLogger(DmsRecipe.class);

    /** The value of {@code meta.type}. */
    public static final String TYPE = "dms-recipe";

    private final String source;
    private final Map<TableAddress, DmsCollection> collections;

    private DmsRecipe(String source, Map<TableAddress, DmsCollection> collections) {
        this.source = source;
        this.collections = collections;
    }

    /** No file: every table direct, DDL applied. */
    public static DmsRecipe empty() {
        return new DmsRecipe("(none)", Map.of());
    }

    /**
     * Reads and validates a recipe file.
     *
     * @throws SettingsException if the file cannot be read or is not a valid recipe
     */
    public static DmsRecipe load(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("Transformation file " + file + ": cannot be read (" + e.getMessage() + ")",
                    e);
        }
        return parse(text, file.toString());
    }

    /**
     * Validates a recipe given as YAML text.
     *
     * @param source what to call it in messages (the file name)
     * @throws SettingsException if it is not a valid recipe
     */
    public static DmsRecipe parse(String yaml, String source) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new SettingsException("Transformation file " + source + ": not valid YAML: " + e.getMessage(), e);
        }
        return new Parser(source).recipe(root);
    }

    /** The settings of a table: its collection, or the defaults when the recipe does not list it. */
    public DmsCollection collection(TableAddress address) {
        DmsCollection listed = collections.get(address);
        return listed != null ? listed : DmsCollection.defaults(address);
    }

    /** The listed collections, in file order. */
    public List<DmsCollection> collections() {
        return List.copyOf(collections.values());
    }

    @Override
    public String toString() {
        return "DmsRecipe[" + source + ", " + collections.size() + " collection(s)]";
    }

    /** Walks the YAML tree; knows where it is, for messages. */
    private static final class Parser {
        private final String source;
        private final List<String> unknownKeys = new ArrayList<>();

        Parser(String source) {
            this.source = source;
        }

        DmsRecipe recipe(Object root) {
            Map<String, Object> top = mapping(root, "", "the file");
            warnUnknown(top, "", Set.of("meta", "collections"));
            Map<String, Object> meta = mapping(required(top, "meta", "", "the file"), "meta", "the file");
            warnUnknown(meta, "meta.", Set.of("type", "version"));
            Object type = meta.get("type");
            if (!TYPE.equals(type)) {
                throw error("the file", "meta.type", "is " + describe(type) + "; a DMS transformation has '" + TYPE
                        + "'");
            }
            Map<TableAddress, DmsCollection> collections = new LinkedHashMap<>();
            Object list = top.get("collections");
            if (list != null && !(list instanceof List<?>)) {
                throw error("the file", "collections", "must be a list, is " + describe(list));
            }
            int index = 0;
            for (Object entry : list == null ? List.of() : (List<?>) list) {
                index++;
                DmsCollection collection = collection(entry, index);
                if (collections.put(collection.address(), collection) != null) {
                    throw error(where(index, collection.address()), "address", "is listed twice");
                }
            }
            if (!unknownKeys.isEmpty()) {
                LOG.warn("Transformation file {}: ignoring unknown key(s) {}", source, unknownKeys);
            }
            return new DmsRecipe(source, Collections.unmodifiableMap(collections));
        }

        private DmsCollection collection(Object entry, int index) {
            String unnamed = "collection " + index;
            Map<String, Object> collection = mapping(entry, "", unnamed);
            String path = "collections[" + index + "].";
            warnUnknown(collection, path, Set.of("address", "settings", "pk", "map"));
            Map<String, Object> address = mapping(required(collection, "address", "", unnamed), "address", unnamed);
            warnUnknown(address, path + "address.", Set.of("container", "name"));
            TableAddress table = new TableAddress(name(address, "container", unnamed), name(address, "name", unnamed));
            String where = where(index, table);

            MappingStrategy strategy = MappingStrategy.DIRECT;
            boolean ignoreDdl = false;
            if (collection.get("settings") != null) {
                Map<String, Object> settings = mapping(collection.get("settings"), "settings", where);
                warnUnknown(settings, path + "settings.", Set.of("mapping_strategy", "ignore_ddl"));
                Object value = settings.get("mapping_strategy");
                if (value != null) {
                    strategy = MappingStrategy.parse(String.valueOf(value)).orElseThrow(() -> error(where,
                            "settings.mapping_strategy", "is " + describe(value) + "; use direct or universal"));
                }
                Object ignore = settings.get("ignore_ddl");
                if (ignore != null) {
                    if (!(ignore instanceof Boolean flag)) {
                        throw error(where, "settings.ignore_ddl", "is " + describe(ignore) + "; use true or false");
                    }
                    ignoreDdl = flag;
                }
            }
            List<DmsCollection.KeyRule> keys = new ArrayList<>();
            for (Map<String, Object> rule : rules(collection, "pk", where, path)) {
                String column = pointer(rule, "pk", where);
                Object type = rule.get("type");
                if (type != null && !CdcTypes.isSqlName(String.valueOf(type))) {
                    throw error(where, "pk.rules[pointer=/" + column + "].type", "is " + describe(type)
                            + "; use one of " + CdcTypes.sqlNames());
                }
                keys.add(new DmsCollection.KeyRule(column, type == null ? null : String.valueOf(type)));
            }
            Set<String> maps = new LinkedHashSet<>();
            for (Map<String, Object> rule : rules(collection, "map", where, path)) {
                String column = pointer(rule, "map", where);
                Object type = rule.get("type");
                if (!"map".equals(type) && !"object".equals(type)) {
                    throw error(where, "map.rules[pointer=/" + column + "].type", "is " + describe(type)
                            + "; use map or object");
                }
                maps.add(column);
            }
            return new DmsCollection(table, strategy, ignoreDdl, keys, maps);
        }

        private List<Map<String, Object>> rules(Map<String, Object> collection, String key, String where,
                String path) {
            Object section = collection.get(key);
            if (section == null) {
                return List.of();
            }
            Map<String, Object> rules = mapping(section, key, where);
            warnUnknown(rules, path + key + ".", Set.of("rules"));
            Object list = rules.get("rules");
            if (list == null) {
                return List.of();
            }
            if (!(list instanceof List<?> entries)) {
                throw error(where, key + ".rules", "must be a list, is " + describe(list));
            }
            List<Map<String, Object>> result = new ArrayList<>();
            for (Object entry : entries) {
                Map<String, Object> rule = mapping(entry, key + ".rules[]", where);
                warnUnknown(rule, path + key + ".rules[].", Set.of("pointer", "type"));
                result.add(rule);
            }
            return result;
        }

        private String pointer(Map<String, Object> rule, String section, String where) {
            Object pointer = rule.get("pointer");
            String text = pointer == null ? "" : String.valueOf(pointer);
            if (!text.startsWith("/") || text.length() < 2) {
                throw error(where, section + ".rules[].pointer", "is " + describe(pointer)
                        + "; write /column (a JSON pointer to a top-level column)");
            }
            String column = text.substring(1);
            if (column.contains("/")) {
                throw error(where, section + ".rules[].pointer", "is '" + text + "'; only top-level columns can be "
                        + "named (/column)");
            }
            return column;
        }

        private String name(Map<String, Object> address, String key, String where) {
            Object value = address.get(key);
            if (value == null || String.valueOf(value).isBlank()) {
                throw error(where, "address." + key, "is missing or empty");
            }
            return String.valueOf(value);
        }

        private Object required(Map<String, Object> map, String key, String prefix, String where) {
            Object value = map.get(key);
            if (value == null) {
                throw error(where, prefix + key, "is missing");
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> mapping(Object value, String key, String where) {
            if (!(value instanceof Map<?, ?> map)) {
                throw error(where, key.isEmpty() ? "(top level)" : key, "must be a mapping, is " + describe(value));
            }
            for (Object name : map.keySet()) {
                if (!(name instanceof String)) {
                    throw error(where, key, "has a key that is not a string: " + name);
                }
            }
            return (Map<String, Object>) map;
        }

        private void warnUnknown(Map<String, Object> map, String prefix, Set<String> known) {
            for (String key : map.keySet()) {
                if (!known.contains(key)) {
                    unknownKeys.add(prefix + key);
                }
            }
        }

        private static String where(int index, TableAddress address) {
            return "collection " + index + " (" + address + ")";
        }

        private static String describe(Object value) {
            if (value == null) {
                return "missing";
            }
            if (value instanceof Map<?, ?>) {
                return "a mapping";
            }
            if (value instanceof List<?>) {
                return "a list";
            }
            return "'" + value + "'";
        }

        private SettingsException error(String where, String key, String problem) {
            return new SettingsException("Transformation file " + source + ": " + where + ": " + key + " " + problem);
        }
    }
}
