package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.transform.Yaml.transformation;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinesiscratedb.SettingsException;

/** Load-time checks: every error names the file, the collection and the key. */
class TransformationParserTest {

    private static final String PROJECT = """
            meta: {type: tikray-project, version: 1}
            collections:
            - address: {container: testdrive, name: kinesis}
            """;

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> transformation(yaml)).isInstanceOf(SettingsException.class).hasMessage(message);
    }

    @Test
    void readsTheExampleOfTheIssue() {
        Transformation t = transformation(PROJECT + """
                  schema:
                    rules: [{pointer: /ts, type: DATETIME}]
                  pre:
                    rules: [{type: jmes, expression: "[?sensor_id != `0`]"},
                            {type: jq, expression: ".[] |= (.temperature /= 10)"}]
                  bucket:
                    names:  {rules: [{old: humidity, new: rel_humidity}]}
                    values: {rules: [{pointer: /ts, transformer: to_datetime},
                                     {pointer: /sensor_id, transformer: builtins.str}]}
                  post:
                    rules: []
                  treatment:
                    ignore_field: [secret]
                    convert_list: [tags]
                    convert_string: [code]
                    convert_dict: [{name: meta, wrapper_name: value}]
                    normalize_complex_lists: true
                    prune_invalid_date: [ts]
                """);

        assertThat(t.collections()).hasSize(1);
        assertThat(t.collections().get(0).address()).contains("testdrive.kinesis");
        assertThat(t.collections().get(0).columnTypes()).containsExactly(java.util.Map.entry("ts", "TIMESTAMP"));
        assertThat(t.collections().get(0)).hasToString("transformation.yaml: collections[0] (testdrive.kinesis)");
    }

    @Test
    void readsJsonFilesToo() {
        Transformation t = transformation("{\"meta\": {\"type\": \"tikray-collection\", \"version\": 1},"
                + " \"bucket\": {\"names\": {\"rules\": [{\"old\": \"a\", \"new\": \"b\"}]}}}");

        assertThat(t.collections().get(0).transform(Yaml.json("{\"a\":1}")).orElseThrow())
                .hasToString("{\"b\":1}");
    }

    @Test
    void acceptsTheFormerZypNamesAndAGenerator() {
        assertThat(transformation("meta: {type: zyp-collection, version: 1, generator: commons-codec}\n")
                .collections()).hasSize(1);
    }

    @Test
    void refusesAnUnknownTransformerNamingFileCollectionAndRule() {
        assertError(PROJECT + """
                  bucket:
                    values: {rules: [{pointer: /a, transformer: builtins.int},
                                     {pointer: /b, transformer: builtins.foo}]}
                """, "transformation.yaml: collections[0] (testdrive.kinesis): bucket.values.rules[1]: unknown "
                + "transformer 'builtins.foo'; allowed: builtins.int, builtins.float, builtins.str, builtins.bool, "
                + "to_datetime, to_unixtime");
    }

    @Test
    void refusesUnknownKeysAtEveryLevel() {
        assertError("meta: {type: tikray-project, version: 1}\ncollection: []\n",
                "transformation.yaml: unknown key 'collection'; allowed: meta, collections");
        assertError("meta: {type: tikray-project, version: 1, author: me}\ncollections: []\n",
                "transformation.yaml: meta: unknown key 'author'; allowed: type, version, generator");
        assertError(PROJECT + "  buckets: {}\n", "transformation.yaml: collections[0]: unknown key 'buckets'; "
                + "allowed: address, schema, pre, bucket, post, treatment");
        assertError(PROJECT + "  bucket: {values: {rules: [{pointer: /a, transfomer: builtins.int}]}}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): bucket.values.rules[0]: unknown key "
                        + "'transfomer'; allowed: pointer, transformer");
        assertError(PROJECT + "  pre: {rules: [{type: jq, expression: ., disabled: true}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): pre.rules[0]: unknown key 'disabled'; "
                        + "allowed: type, expression");
        assertError(PROJECT + "  treatment: {ignore_complex_lists: true}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): treatment: unknown key "
                        + "'ignore_complex_lists'; allowed: ignore_field, convert_list, convert_string, convert_dict, "
                        + "normalize_complex_lists, prune_invalid_date");
        assertError("meta: {type: tikray-collection}\ncollections: []\n", "transformation.yaml: unknown key "
                + "'collections'; allowed: meta, address, schema, pre, bucket, post, treatment");
    }

    @Test
    void compilesJmesPathAtLoadAndReportsTheParserMessage() {
        assertError(PROJECT + "  pre: {rules: [{type: jmes, expression: \"[?sensor_id != `0`\"}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): pre.rules[0].expression: invalid JMESPath "
                        + "expression: Unable to compile expression \"[?sensor_id != `0`\": syntax error missing ']' "
                        + "at '<EOF>' at position 18");
    }

    @Test
    void findsUnknownJmesPathFunctionsAtLoad() {
        assertError(PROJECT + "  pre: {rules: [{type: jmes, expression: \"[].nosuch(@)\"}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): pre.rules[0].expression: invalid JMESPath "
                        + "expression: Unable to compile expression \"[].nosuch(@)\": unknown function \"nosuch\" at "
                        + "position 3");
    }

    @Test
    void compilesJqAtLoadAndReportsTheParserMessage() {
        assertError(PROJECT + "  post: {rules: [{type: jq, expression: \"map(select(.a ==\"}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): post.rules[0].expression: invalid jq "
                        + "expression: Encountered \"<EOF>\" at line 1, column 16.");
        assertError(PROJECT + "  post: {rules: [{type: jq, expression: \"map(nosuchfunction)\"}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): post.rules[0].expression: invalid jq "
                        + "expression: Function nosuchfunction/0 does not exist");
    }

    @Test
    void refusesUnsupportedExpressionTypes() {
        assertError(PROJECT + "  pre: {rules: [{type: transon, expression: x}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): pre.rules[0].type: unknown expression "
                        + "type 'transon'; allowed: jmes, jq");
    }

    @Test
    void refusesBadJsonPointers() {
        assertError(PROJECT + "  bucket: {values: {rules: [{pointer: ts, transformer: builtins.int}]}}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): bucket.values.rules[0].pointer: JSON "
                        + "Pointer 'ts' must start with '/' (RFC 6901)");
        assertError(PROJECT + "  bucket: {values: {rules: [{pointer: /a~2b, transformer: builtins.int}]}}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): bucket.values.rules[0].pointer: JSON "
                        + "Pointer '/a~2b': '~' must be followed by 0 or 1 ('~0' is '~', '~1' is '/'; RFC 6901)");
        assertError(PROJECT + "  bucket: {values: {rules: [{pointer: '', transformer: builtins.int}]}}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): bucket.values.rules[0].pointer: pointer "
                        + "'' is the whole record; point at a value, e.g. /ts");
    }

    @Test
    void acceptsOnlyTopLevelColumnsAndKnownTypesAsSchemaHints() {
        assertError(PROJECT + "  schema: {rules: [{pointer: /meta/date, type: DATETIME}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): schema.rules[0].pointer: pointer "
                        + "'/meta/date': only top-level columns can have a type hint (e.g. /ts)");
        assertError(PROJECT + "  schema: {rules: [{pointer: /ts, type: GEO_POINT}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): schema.rules[0].type: unknown type "
                        + "'GEO_POINT'; allowed: DATETIME, TIMESTAMP, TEXT, STRING, BIGINT, INTEGER, INT, DOUBLE, "
                        + "FLOAT, BOOLEAN, BOOL, OBJECT, MAP");
    }

    @Test
    void mapsSchemaTypeNamesCaseInsensitivelyToTheWritersTypes() {
        CollectionTransformation c = transformation(PROJECT + """
                  schema:
                    rules:
                    - {pointer: /a, type: datetime}
                    - {pointer: /b, type: STRING}
                    - {pointer: /c, type: int}
                    - {pointer: /d, type: FLOAT}
                    - {pointer: /e, type: bool}
                    - {pointer: /f, type: MAP}
                    - {pointer: /a~1b, type: TEXT}
                """).collections().get(0);

        assertThat(c.columnTypes()).containsExactly(java.util.Map.entry("a", "TIMESTAMP"),
                java.util.Map.entry("b", "TEXT"), java.util.Map.entry("c", "BIGINT"),
                java.util.Map.entry("d", "DOUBLE"), java.util.Map.entry("e", "BOOLEAN"),
                java.util.Map.entry("f", "OBJECT"), java.util.Map.entry("a/b", "TEXT"));
    }

    @Test
    void checksMetaTypeAndVersion() {
        assertError("meta: {type: tikray-bucket, version: 1}\n", "transformation.yaml: meta.type: unknown type "
                + "'tikray-bucket'; allowed: tikray-project, tikray-collection (or their former names zyp-project, "
                + "zyp-collection)");
        assertError("meta: {type: tikray-project, version: 2}\ncollections: []\n",
                "transformation.yaml: meta.version: unsupported version 2; allowed: 1");
        assertError("collections: []\n", "transformation.yaml: missing key 'meta'");
    }

    @Test
    void refusesProjectsWithoutCollectionsOrAddressesOrWithTwoAlike() {
        assertError("meta: {type: tikray-project, version: 1}\ncollections: []\n",
                "transformation.yaml: collections: no collections; a project needs at least one");
        assertError("meta: {type: tikray-project, version: 1}\ncollections: [{bucket: {}}]\n",
                "transformation.yaml: collections[0]: missing key 'address'; every collection of a project needs "
                        + "one (address: {container: <schema>, name: <table>})");
        assertError(PROJECT + "- address: {container: testdrive, name: kinesis}\n",
                "transformation.yaml: collections[1].address: address testdrive.kinesis is also the address of "
                        + "collections[0]");
        assertError("meta: {type: tikray-project, version: 1}\ncollections: [{address: {container: a}}]\n",
                "transformation.yaml: collections[0].address: missing key 'name'");
    }

    @Test
    void namesTheSingleCollectionByItsAddressWhenItHasOne() {
        assertError("meta: {type: tikray-collection}\naddress: {container: a, name: b}\n"
                        + "bucket: {names: {rules: [{old: x}]}}\n",
                "transformation.yaml: collection (a.b): bucket.names.rules[0]: missing key 'new'");
        assertError("meta: {type: tikray-collection}\nbucket: {names: {rules: [{old: x}]}}\n",
                "transformation.yaml: bucket.names.rules[0]: missing key 'new'");
    }

    @Test
    void refusesWrongValueShapes() {
        assertError(PROJECT + "  treatment: {ignore_field: secret}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): treatment.ignore_field: expected a list, "
                        + "got text 'secret'");
        assertError(PROJECT + "  treatment: {normalize_complex_lists: yes}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): treatment.normalize_complex_lists: "
                        + "expected true or false, got text 'yes'");
        assertError(PROJECT + "  pre: {rules: [{type: jq, expression: ''}]}\n",
                "transformation.yaml: collections[0] (testdrive.kinesis): pre.rules[0].expression: must not be empty");
    }

    @Test
    void reportsInvalidEmptyAndDuplicateKeyYamlInOneLine() {
        assertThatThrownBy(() -> transformation("meta: {type: tikray-project\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("transformation.yaml: not valid YAML: ")
                .hasMessageNotContaining("\n");
        assertError("", "transformation.yaml: the file is empty; expected a tikray transformation "
                + "(meta: {type: tikray-project, version: 1}, collections: [...])");
        assertThatThrownBy(() -> transformation("meta: {type: tikray-collection}\nmeta: {}\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("duplicate key meta");
        assertError("- a\n- b\n", "transformation.yaml: expected a mapping, got a list");
    }

    @Test
    void reportsAMissingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> Transformation.load(missing)).isInstanceOf(SettingsException.class)
                .hasMessage(missing + ": transformation file not found");
    }

    @Test
    void loadsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), PROJECT);

        Transformation t = Transformation.load(file);

        assertThat(t.file()).isEqualTo(file);
        assertThat(t.collections().get(0)).hasToString(file + ": collections[0] (testdrive.kinesis)");
    }
}
