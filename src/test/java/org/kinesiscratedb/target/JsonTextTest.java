package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesWhatJacksonWritesForRecordsOfEveryShape() throws Exception {
        for (String json : new String[] {
                "{}", "[]", "{\"a\":1}", "{\"sensor_id\":7,\"temperature\":21.5,\"ok\":true,\"none\":null}",
                "{\"meta\":{\"site\":\"Zürich – ☃\",\"tags\":[\"a\",\"b\"],\"depth\":{\"x\":[1,[2,[3]]]}}}",
                "{\"big\":123456789012345678901234567890,\"neg\":-9223372036854775808,\"e\":1.0E10,\"tiny\":4.9E-324}",
                "{\"quote\":\"say \\\"hi\\\"\",\"back\":\"a\\\\b\",\"nl\":\"l1\\nl2\\tt\\r\\b\\f\",\"ctl\":\"\\u0001\\u001f\"}",
                "{\"\\\"; DROP TABLE t; --\":\"x\\\"; DROP TABLE t; --\"}",
                "[1,\"a\",null,false,{\"k\":[]}]",
        }) {
            JsonNode tree = MAPPER.readTree(json);
            assertThat(JsonText.of(tree)).as(json).isEqualTo(tree.toString());
            assertThat(MAPPER.readTree(JsonText.of(tree))).as(json).isEqualTo(tree);
        }
    }

    @Test
    void writesNumbersOfEveryNodeKind() throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("int", 42).put("long", 1L << 40).put("short", (short) 7).put("float", 1.5f).put("double", 0.1)
                .put("decimal", new BigDecimal("12.340")).put("bigint", new BigInteger("99999999999999999999"));
        assertThat(JsonText.of(node)).isEqualTo(node.toString());
    }

    @Test
    void escapesEveryControlCharacterSoTheTextParsesBack() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put(all.toString(), all.toString());
        String text = JsonText.of(node);
        assertThat(text.chars().filter(c -> c < 0x20).count()).isZero();
        assertThat(MAPPER.readTree(text)).isEqualTo(node);
    }
}
