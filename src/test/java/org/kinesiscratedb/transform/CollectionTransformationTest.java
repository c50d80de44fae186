package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.transform.Yaml.collection;
import static org.kinesiscratedb.transform.Yaml.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.source.DecodedRecord;
import org.kinesiscratedb.source.KinesisRecord;

/** The engine: each rule type, their order, per-record pre/post, filtering and dead letters. */
class CollectionTransformationTest {

    private static int sequence;

    private static DecodedRecord accepted(String payload) {
        return DecodedRecord.accepted(source(payload), json(payload));
    }

    private static KinesisRecord source(String payload) {
        return new KinesisRecord("demo", "shardId-000000000000", String.valueOf(++sequence), "pk",
                Instant.parse("2025-06-01T10:00:00Z"), payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String transformed(CollectionTransformation c, String payload) {
        return c.transform(json(payload)).map(Object::toString).orElse("(filtered)");
    }

    @Test
    void renamesTopLevelKeysKeepingTheirPlace() {
        CollectionTransformation c = collection("""
                bucket:
                  names: {rules: [{old: humidity, new: rel_humidity}, {old: missing, new: other}]}
                """);

        assertThat(transformed(c, "{\"a\":1,\"humidity\":84.8,\"z\":2}"))
                .isEqualTo("{\"a\":1,\"rel_humidity\":84.8,\"z\":2}");
    }

    @Test
    void renamingOntoAnExistingKeyReplacesIt() {
        CollectionTransformation c = collection("bucket: {names: {rules: [{old: _id, new: id}]}}\n");

        assertThat(transformed(c, "{\"id\":\"old\",\"_id\":\"new\"}")).isEqualTo("{\"id\":\"new\"}");
    }

    @Test
    void convertsValuesAtJsonPointersAndIgnoresMissingOnes() {
        CollectionTransformation c = collection("""
                bucket:
                  values:
                    rules:
                    - {pointer: /id, transformer: builtins.int}
                    - {pointer: /data/value, transformer: builtins.float}
                    - {pointer: /tags/1, transformer: builtins.str}
                    - {pointer: /a~1b, transformer: builtins.bool}
                    - {pointer: /nope/deeper, transformer: builtins.int}
                    - {pointer: /tags/7, transformer: builtins.int}
                """);

        assertThat(transformed(c, "{\"id\":\"42\",\"data\":{\"value\":\"4.5\"},\"tags\":[1,2],\"a/b\":\"\"}"))
                .isEqualTo("{\"id\":42,\"data\":{\"value\":4.5},\"tags\":[1,\"2\"],\"a/b\":false}");
    }

    @Test
    void filtersRecordsWithAJmesPathPreRule() {
        CollectionTransformation c = collection("pre: {rules: [{type: jmes, expression: \"[?sensor_id != `0`]\"}]}\n");

        TransformResult result = c.apply(List.of(accepted("{\"sensor_id\":0}"), accepted("{\"sensor_id\":1}"),
                accepted("{\"sensor_id\":0,\"x\":1}")));

        assertThat(result.filtered()).isEqualTo(2);
        assertThat(result.records()).extracting(r -> r.payload().toString()).containsExactly("{\"sensor_id\":1}");
    }

    @Test
    void mapsEachRecordWithAJqRule() {
        CollectionTransformation c = collection(
                "pre: {rules: [{type: jq, expression: \".[] |= (.temperature /= 10)\"}]}\n");

        assertThat(transformed(c, "{\"temperature\":215}")).isEqualTo("{\"temperature\":21.5}");
    }

    @Test
    void runsPreThenBucketNamesThenValuesThenPostThenTreatment() {
        // Each step reads what the step before wrote, so any other order gives a different result.
        CollectionTransformation c = collection("""
                pre:
                  rules: [{type: jq, expression: "map(.raw = (.n | tostring))"}]
                bucket:
                  names: {rules: [{old: raw, new: parsed}]}
                  values: {rules: [{pointer: /parsed, transformer: builtins.int}]}
                post:
                  rules: [{type: jq, expression: "map(.doubled = .parsed * 2)"}]
                treatment:
                  convert_string: [doubled]
                  ignore_field: [n]
                """);

        assertThat(transformed(c, "{\"n\":21}")).isEqualTo("{\"parsed\":21,\"doubled\":\"42\"}");
    }

    @Test
    void postRulesSeeTheBucketsWorkAndCanFilter() {
        CollectionTransformation c = collection("""
                bucket: {values: {rules: [{pointer: /n, transformer: builtins.int}]}}
                post: {rules: [{type: jmes, expression: "[?n > `10`]"}]}
                """);

        TransformResult result = c.apply(List.of(accepted("{\"n\":\"5\"}"), accepted("{\"n\":\"50\"}")));

        assertThat(result.filtered()).isEqualTo(1);
        assertThat(result.records()).extracting(r -> r.payload().toString()).containsExactly("{\"n\":50}");
    }

    @Test
    void evaluatesPreRulesOnAOneElementArrayPerRecord() {
        // length is 1 for every record: rules see [record], not the whole batch.
        CollectionTransformation c = collection("pre: {rules: [{type: jq, expression: \"map(.seen = length)\"}]}\n");

        TransformResult result = c.apply(List.of(accepted("{\"a\":1}"), accepted("{\"a\":2}")));

        assertThat(result.records()).extracting(r -> r.payload().get("seen").asInt()).containsExactly(1, 1);
    }

    @Test
    void rejectsARecordARuleSplitsOrTurnsIntoANonObject() {
        CollectionTransformation split = collection("pre: {rules: [{type: jq, expression: \". + .\"}]}\n");
        CollectionTransformation scalar = collection("pre: {rules: [{type: jmes, expression: \"[].a\"}]}\n");
        CollectionTransformation notArray = collection("post: {rules: [{type: jq, expression: \".[0]\"}]}\n");
        CollectionTransformation silent = collection("post: {rules: [{type: jq, expression: \".[] | select(.a)\"}]}\n");

        assertThat(split.apply(List.of(accepted("{\"a\":1}"))).records().get(0).rejection()).isEqualTo(
                "transformation: pre.rules[0] (jq) failed: gave 2 records from one; a rule may change or drop a "
                        + "record, not split it");
        assertThat(scalar.apply(List.of(accepted("{\"a\":1}"))).records().get(0).rejection()).isEqualTo(
                "transformation: pre.rules[0] (jmes) failed: turned the record into a number, not a JSON object");
        assertThat(notArray.apply(List.of(accepted("{\"a\":1}"))).records().get(0).rejection()).isEqualTo(
                "transformation: post.rules[0] (jq) failed: gave an object, not an array of records (pre and post "
                        + "rules get and must give an array)");
        assertThat(silent.apply(List.of(accepted("{\"a\":false}"))).records().get(0).rejection()).isEqualTo(
                "transformation: post.rules[0] (jq) failed: the jq program gave no output (wrap a stream in [...] to "
                        + "get an array)");
    }

    @Test
    void deadLettersARecordWhoseConverterFailsAndGoesOnWithTheBatch() {
        CollectionTransformation c = collection("""
                bucket: {values: {rules: [{pointer: /ts, transformer: to_datetime},
                                          {pointer: /sensor_id, transformer: builtins.int}]}}
                """);
        DecodedRecord bad = accepted("{\"sensor_id\":\"4.2\"}");
        DecodedRecord notJson = DecodedRecord.rejected(source("nope"), "payload is not valid JSON");

        TransformResult result = c.apply(List.of(accepted("{\"sensor_id\":\"1\"}"), bad, notJson,
                accepted("{\"sensor_id\":3,\"ts\":1700000000}")));

        assertThat(result.filtered()).isZero();
        assertThat(result.records()).hasSize(4);
        assertThat(result.records().get(0).payload().toString()).isEqualTo("{\"sensor_id\":1}");
        assertThat(result.records().get(1).source()).isSameAs(bad.source());
        assertThat(result.records().get(1).rejection()).isEqualTo("transformation: bucket.values.rules[1] "
                + "(builtins.int at /sensor_id) failed: invalid literal for int() with base 10: '4.2'");
        assertThat(result.records().get(2)).isSameAs(notJson);
        assertThat(result.records().get(3).payload().toString())
                .isEqualTo("{\"sensor_id\":3,\"ts\":\"2023-11-14T22:13:20Z\"}");
    }

    @Test
    void aJqRuntimeErrorDeadLettersTheRecordNamingTheRule() {
        CollectionTransformation c = collection("pre: {rules: [{type: jq, expression: \"map(.a.b)\"}]}\n");

        assertThatThrownBy(() -> c.transform(json("{\"a\":1}"))).isInstanceOf(TransformationException.class)
                .hasMessage("pre.rules[0] (jq) failed: Cannot index number with string \"b\"");
    }

    @Test
    void aJmesPathRuntimeErrorDeadLettersTheRecordNamingTheRule() {
        CollectionTransformation c = collection("post: {rules: [{type: jmes, expression: \"[].abs(a)\"}]}\n");

        assertThatThrownBy(() -> c.transform(json("{\"a\":\"x\"}"))).isInstanceOf(TransformationException.class)
                .hasMessageStartingWith("post.rules[0] (jmes) failed: Invalid argument type calling \"abs\"");
    }

    @Test
    void leavesTheInputRecordUnchanged() {
        CollectionTransformation c = collection("""
                bucket: {values: {rules: [{pointer: /n, transformer: builtins.str}]}}
                treatment: {ignore_field: [secret]}
                """);
        ObjectNode input = json("{\"n\":1,\"secret\":\"s\",\"o\":{\"secret\":1}}");

        c.transform(input);

        assertThat(input.toString()).isEqualTo("{\"n\":1,\"secret\":\"s\",\"o\":{\"secret\":1}}");
    }

    @Test
    void offersTikraysJqFunctions() {
        CollectionTransformation c = collection("""
                pre:
                  rules:
                  - type: jq
                    expression: |
                      .[] |= (
                        .messages |= to_array
                        | .meta |= to_object({key: "value"})
                        | .zapped = [.gone | to_object({key: "k", zap: true})]
                        | .deep |= prune_null
                        | .flag = (.list | is_array_of_objects)
                        | .list2 |= del_array_of_objects
                        | .tree |= prune_array_of_objects
                      )
                """);

        assertThat(transformed(c, "{\"messages\":{\"m\":1},\"meta\":5,\"gone\":null,\"deep\":{\"a\":null,"
                + "\"b\":[1,null,{\"c\":null}]},\"list\":[{\"x\":1}],\"list2\":[{\"y\":1}],\"tree\":{\"t\":[{}],"
                + "\"u\":[1]}}"))
                .isEqualTo("{\"messages\":[{\"m\":1}],\"meta\":{\"value\":5},\"gone\":null,\"deep\":{\"b\":[1,{}]},"
                        + "\"list\":[{\"x\":1}],\"list2\":null,\"tree\":{\"t\":null,\"u\":[1]},"
                        + "\"zapped\":[],\"flag\":true}");
    }

    @Test
    void givesTheSameResultsFromManyThreadsAtOnce() {
        CollectionTransformation c = collection("""
                pre: {rules: [{type: jmes, expression: "[?n != `0`]"}, {type: jq, expression: "map(.m = .n * 2)"}]}
                bucket: {values: {rules: [{pointer: /n, transformer: builtins.str}]}}
                post: {rules: [{type: jq, expression: "map(.o = (.m | tostring))"}]}
                """);
        List<Integer> numbers = java.util.stream.IntStream.range(0, 2000).boxed().toList();

        List<String> results = numbers.parallelStream()
                .map(n -> transformed(c, "{\"n\":" + n + "}")).toList();

        assertThat(results.get(0)).isEqualTo("(filtered)");
        for (int n = 1; n < numbers.size(); n++) {
            assertThat(results.get(n)).isEqualTo("{\"n\":\"" + n + "\",\"m\":" + 2 * n + ",\"o\":\"" + 2 * n + "\"}");
        }
    }

    @Test
    void offersJqsShortDateFunctionNames() {
        CollectionTransformation c = collection(
                "pre: {rules: [{type: jq, expression: \"map(.d = (.t | todate) | .back = (.d | fromdate))\"}]}\n");

        assertThat(transformed(c, "{\"t\":1700000000}"))
                .isEqualTo("{\"t\":1700000000,\"d\":\"2023-11-14T22:13:20Z\",\"back\":1700000000}");
    }

    @Test
    void returnsEmptyForAFilteredRecord() {
        CollectionTransformation c = collection("pre: {rules: [{type: jq, expression: \"map(select(.keep))\"}]}\n");

        assertThat(c.transform(json("{\"keep\":false}"))).isEqualTo(Optional.empty());
        assertThat(c.transform(json("{\"keep\":true}"))).isPresent();
    }
}
