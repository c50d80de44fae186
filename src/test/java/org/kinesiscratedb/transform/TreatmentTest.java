package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinesiscratedb.transform.Yaml.collection;
import static org.kinesiscratedb.transform.Yaml.json;

import org.junit.jupiter.api.Test;

/** The treatment clean-ups, at every depth. */
class TreatmentTest {

    private static String treat(String treatment, String record) {
        return collection("treatment: " + treatment + "\n").transform(json(record)).orElseThrow().toString();
    }

    @Test
    void ignoreFieldRemovesKeysAtAnyDepth() {
        assertThat(treat("{ignore_field: [secret]}",
                "{\"secret\":1,\"a\":{\"secret\":2,\"b\":[{\"secret\":3,\"c\":4}]}}"))
                .isEqualTo("{\"a\":{\"b\":[{\"c\":4}]}}");
    }

    @Test
    void convertListWrapsValuesThatAreNoListAndLeavesListsAndNulls() {
        assertThat(treat("{convert_list: [tags]}",
                "{\"tags\":\"a\",\"o\":{\"tags\":[\"b\"]},\"p\":{\"tags\":null},\"q\":[{\"tags\":{\"x\":1}}]}"))
                .isEqualTo("{\"tags\":[\"a\"],\"o\":{\"tags\":[\"b\"]},\"p\":{\"tags\":null},"
                        + "\"q\":[{\"tags\":[{\"x\":1}]}]}");
    }

    @Test
    void convertStringTurnsValuesIntoTheirJsonText() {
        assertThat(treat("{convert_string: [code]}",
                "{\"code\":42,\"o\":{\"code\":{\"a\":[1,true]}},\"p\":{\"code\":\"x\"},\"q\":{\"code\":false}}"))
                .isEqualTo("{\"code\":\"42\",\"o\":{\"code\":\"{\\\"a\\\":[1,true]}\"},\"p\":{\"code\":\"x\"},"
                        + "\"q\":{\"code\":\"false\"}}");
    }

    @Test
    void convertDictWrapsValuesThatAreNoObject() {
        assertThat(treat("{convert_dict: [{name: meta, wrapper_name: value}]}",
                "{\"meta\":5,\"o\":{\"meta\":{\"k\":1}},\"l\":[{\"meta\":[1]}]}"))
                .isEqualTo("{\"meta\":{\"value\":5},\"o\":{\"meta\":{\"k\":1}},\"l\":[{\"meta\":{\"value\":[1]}}]}");
    }

    @Test
    void normalizeComplexListsGivesEveryObjectTheSameKeysAndOneTypePerKey() {
        assertThat(treat("{normalize_complex_lists: true}",
                "{\"l\":[{\"a\":1,\"b\":1},{\"a\":\"x\",\"c\":2.5},null,{\"b\":2.5}],\"scalars\":[1,\"x\"],"
                        + "\"mixed\":[{\"a\":1},2]}"))
                .isEqualTo("{\"l\":[{\"a\":\"1\",\"b\":1.0,\"c\":null},{\"a\":\"x\",\"c\":2.5,\"b\":null},null,"
                        + "{\"b\":2.5,\"a\":null,\"c\":null}],\"scalars\":[1,\"x\"],\"mixed\":[{\"a\":1},2]}");
    }

    @Test
    void normalizeComplexListsReachesNestedLists() {
        assertThat(treat("{normalize_complex_lists: true}", "{\"o\":{\"l\":[{\"a\":1},{\"b\":true}]}}"))
                .isEqualTo("{\"o\":{\"l\":[{\"a\":1,\"b\":null},{\"b\":true,\"a\":null}]}}");
    }

    @Test
    void pruneInvalidDateRemovesValuesThatAreNoDate() {
        assertThat(treat("{prune_invalid_date: [ts]}",
                "{\"ts\":\"2024-05-01T00:00:00Z\",\"o\":{\"ts\":\"0000-00-00\"},\"p\":{\"ts\":1700000000},"
                        + "\"q\":{\"ts\":{\"$date\":1}}}"))
                .isEqualTo("{\"ts\":\"2024-05-01T00:00:00Z\",\"o\":{},\"p\":{\"ts\":1700000000},\"q\":{}}");
    }

    @Test
    void appliesTheConversionsInTikraysOrder() {
        // list, then string, then dict: any other order gives another result.
        assertThat(treat("{convert_dict: [{name: m, wrapper_name: w}], convert_string: [m], convert_list: [m]}",
                "{\"m\":1}"))
                .isEqualTo("{\"m\":{\"w\":\"[1]\"}}");
    }

    @Test
    void treatsTheObjectsAConversionCreates() {
        assertThat(treat("{ignore_field: [value], convert_dict: [{name: m, wrapper_name: value}]}",
                "{\"m\":1,\"value\":2}"))
                .isEqualTo("{\"m\":{}}");
    }
}
