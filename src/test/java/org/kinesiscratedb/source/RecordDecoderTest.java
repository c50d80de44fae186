package org.kinesiscratedb.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    private final RecordDecoder decoder = new RecordDecoder();

    private static KinesisRecord record(byte[] data) {
        return new KinesisRecord("demo", "shardId-000000000000", "1", "pk", Instant.EPOCH, data);
    }

    private DecodedRecord decode(String text) {
        return decoder.decode(record(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsAJsonObject() {
        DecodedRecord decoded = decode("{\"device\": \"foo\", \"temperature\": 42.42, \"n\": 7}");

        assertThat(decoded.isAccepted()).isTrue();
        assertThat(decoded.rejection()).isNull();
        assertThat(decoded.payload().get("device").textValue()).isEqualTo("foo");
        assertThat(decoded.payload().get("temperature").doubleValue()).isEqualTo(42.42);
        assertThat(decoded.payload().get("n").isIntegralNumber()).isTrue();
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThat(decoder.decode(record(new byte[0])).rejection()).isEqualTo("payload is empty");
    }

    @Test
    void rejectsInvalidUtf8WithTheOffset() {
        byte[] data = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        DecodedRecord decoded = decoder.decode(record(data));

        assertThat(decoded.isAccepted()).isFalse();
        assertThat(decoded.rejection()).isEqualTo("payload is not valid UTF-8 (malformed byte sequence at offset 6)");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThat(decode("not json").rejection()).startsWith("payload is not valid JSON: ")
                .contains("line 1");
    }

    @Test
    void rejectsTrailingGarbageAfterTheObject() {
        assertThat(decode("{\"a\": 1} {\"b\": 2}").rejection()).startsWith("payload is not valid JSON: ");
        assertThat(decode("{\"a\": 1} x").rejection()).startsWith("payload is not valid JSON: ");
    }

    @Test
    void rejectsWhitespaceOnly() {
        assertThat(decode("  \n ").rejection()).isEqualTo("payload is not valid JSON: it holds only whitespace");
    }

    @Test
    void rejectsValuesThatAreNotObjects() {
        assertThat(decode("[{\"a\": 1}]").rejection()).isEqualTo("JSON value is an array, not an object");
        assertThat(decode("\"text\"").rejection()).isEqualTo("JSON value is a string, not an object");
        assertThat(decode("42").rejection()).isEqualTo("JSON value is a number, not an object");
        assertThat(decode("true").rejection()).isEqualTo("JSON value is a boolean, not an object");
        assertThat(decode("null").rejection()).isEqualTo("JSON value is null, not an object");
    }

    @Test
    void keepsIntegersBeyondTheLongRangeExactly() {
        DecodedRecord decoded = decode("{\"big\": 123456789012345678901234567890}");

        assertThat(decoded.isAccepted()).isTrue();
        assertThat(decoded.payload().get("big").bigIntegerValue())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void rejectsNumbersBeyondTheRangeOfADouble() {
        assertThat(decode("{\"a\": {\"b/c\": [1, 1e400]}}").rejection())
                .isEqualTo("JSON number at \"/a/b~1c/1\" is beyond the range of a double");
    }

    @Test
    void ignoresALeadingByteOrderMark() {
        assertThat(decode("\uFEFF{\"a\": 1}").isAccepted()).isTrue();
    }

    @Test
    void keepsTheLastValueOfADuplicateKey() {
        assertThat(decode("{\"a\": 1, \"a\": 2}").payload().get("a").intValue()).isEqualTo(2);
    }

    @Test
    void utf8ReturnsNullForInvalidBytes() {
        assertThat(RecordDecoder.utf8(new byte[] {(byte) 0xFF})).isNull();
        assertThat(RecordDecoder.utf8("ü".getBytes(StandardCharsets.UTF_8))).isEqualTo("ü");
    }

    @Test
    void findsMalformedUtf8WhereTheJdkDecoderDoes() throws Exception {
        java.util.Random random = new java.util.Random(42);
        byte[][] samples = new byte[20_000][];
        for (int n = 0; n < samples.length; n++) {
            byte[] bytes = new byte[random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly the interesting range: lead and continuation bytes, overlong and surrogate starts
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            samples[n] = bytes;
        }
        for (byte[] bytes : samples) {
            assertThat(RecordDecoder.malformedUtf8Offset(bytes)).as(java.util.HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdkMalformedOffset(bytes));
        }
        for (String valid : new String[] {"", "ascii", "ü", "€", "😀", "\u07FF\uFFFF", "\uD7FF\uE000\uDBFF\uDFFF"}) {
            assertThat(RecordDecoder.malformedUtf8Offset(valid.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        }
    }

    private static int jdkMalformedOffset(byte[] bytes) {
        java.nio.ByteBuffer input = java.nio.ByteBuffer.wrap(bytes);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(input);
            return -1;
        } catch (java.nio.charset.CharacterCodingException e) {
            return input.position();
        }
    }

    @Test
    void readsTextWithZeroBytesAsUtf8NotAsUtf16() {
        assertThat(decode("\u0000\u0000\u0000{}").rejection()).startsWith("payload is not valid JSON");
        assertThat(decode("{\"a\":\"x\u0000y\"}").rejection()).startsWith("payload is not valid JSON");
    }
}
