package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.transform.Yaml.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6901 JSON Pointers. */
class PointerTest {

    @Test
    void unescapesTildeZeroAndOneInThatOrder() {
        assertThat(Pointer.parse("/a~1b/m~0n/~01").tokens()).containsExactly("a/b", "m~n", "~1");
        assertThat(Pointer.parse("/").tokens()).containsExactly("");
        assertThat(Pointer.parse("").tokens()).isEmpty();
        assertThat(Pointer.parse("/a//b").tokens()).containsExactly("a", "", "b");
    }

    @Test
    void refusesPointersWithoutLeadingSlashOrWithBadEscapes() {
        assertThatThrownBy(() -> Pointer.parse("a/b")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> Pointer.parse("/a~")).hasMessageContaining("'~' must be followed by 0 or 1");
        assertThatThrownBy(() -> Pointer.parse("/a~x")).hasMessageContaining("'~' must be followed by 0 or 1");
    }

    @Test
    void findsObjectKeysAndArrayIndexes() {
        ObjectNode doc = json("{\"a\":{\"b\":[10,20]},\"\":1,\"01\":2}");

        assertThat(Pointer.parse("/a/b/1").get(doc).asInt()).isEqualTo(20);
        assertThat(Pointer.parse("/").get(doc).asInt()).isEqualTo(1);
        assertThat(Pointer.parse("/01").get(doc).asInt()).isEqualTo(2);
    }

    @Test
    void pointsNowhereForMissingKeysIndexesAndScalarsOnTheWay() {
        ObjectNode doc = json("{\"a\":{\"b\":[10,20]},\"s\":\"x\"}");

        for (String pointer : List.of("/x", "/a/b/2", "/a/b/-", "/a/b/01", "/a/b/x", "/s/0", "/a/b/0/c")) {
            assertThat(Pointer.parse(pointer).get(doc)).as(pointer).isNull();
        }
    }

    @Test
    void replacesTheValueInObjectsAndArrays() {
        ObjectNode doc = json("{\"a\":{\"b\":[10,20]}}");

        Pointer.parse("/a/b/0").set(doc, TextNode.valueOf("x"));
        Pointer.parse("/a/c").set(doc, TextNode.valueOf("y"));

        assertThat(doc.toString()).isEqualTo("{\"a\":{\"b\":[\"x\",20],\"c\":\"y\"}}");
    }
}
