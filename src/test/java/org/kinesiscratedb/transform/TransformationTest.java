package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinesiscratedb.transform.Yaml.transformation;

import org.junit.jupiter.api.Test;

/** Which collection of a file applies to a table. */
class TransformationTest {

    private static final String TWO = """
            meta: {type: tikray-project, version: 1}
            collections:
            - address: {container: testdrive, name: kinesis}
            - address: {container: doc, name: sensors}
            """;

    @Test
    void choosesTheCollectionAddressedBySchemaAndTable() {
        Transformation t = transformation(TWO);

        assertThat(t.forTable("doc", "sensors")).get().extracting(c -> c.address().orElseThrow())
                .isEqualTo("doc.sensors");
        assertThat(t.forTable("testdrive", "kinesis")).get().extracting(c -> c.address().orElseThrow())
                .isEqualTo("testdrive.kinesis");
    }

    @Test
    void findsNoCollectionForAnotherTableWhenTheFileHasSeveral() {
        assertThat(transformation(TWO).forTable("doc", "other")).isEmpty();
        assertThat(transformation(TWO).forTable("DOC", "sensors")).isEmpty();
    }

    @Test
    void appliesTheOnlyCollectionOfAFileToAnyTable() {
        Transformation project = transformation("""
                meta: {type: tikray-project, version: 1}
                collections:
                - address: {container: testdrive, name: kinesis}
                """);
        Transformation single = transformation("meta: {type: tikray-collection, version: 1}\n");

        assertThat(project.forTable("doc", "anything")).contains(project.collections().get(0));
        assertThat(single.forTable("doc", "anything")).contains(single.collections().get(0));
        assertThat(single.collections().get(0).address()).isEmpty();
        assertThat(single.collections().get(0)).hasToString("transformation.yaml");
    }
}
