package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.source.KinesisRecord;

class RowLayoutTest {

    @Test
    void messageIdIsTheFirst32HexDigitsOfSha256OverShardSlashSequence() {
        // Fixed values: changing the id scheme would duplicate every replayed row, so this must never change.
        assertThat(RowLayout.messageId("shardId-000000000000",
                "49590338271490256608559692538361571095921575989136588898"))
                .isEqualTo("1e33bf176a145e39f023ad794523db13");
        assertThat(RowLayout.messageId("shardId-000000000001", "1")).isEqualTo("98e39bdbba33ebd7440fe03dcd086444");
    }

    @Test
    void messageIdDiffersPerShardForTheSameSequenceNumber() {
        assertThat(RowLayout.messageId("shardId-000000000000", "1"))
                .isNotEqualTo(RowLayout.messageId("shardId-000000000001", "1"))
                .hasSize(32);
    }

    @Test
    void kinesisObjectHoldsTheMetadataWithArrivalInIsoUtcMilliseconds() {
        KinesisRecord record = new KinesisRecord("demo", "shardId-000000000000", "42", "pk-1",
                Instant.parse("2025-06-01T10:00:00.123456Z"), new byte[0]);

        assertThat(RowLayout.kinesisObject(record).toString()).isEqualTo("{\"shard_id\":\"shardId-000000000000\","
                + "\"seq_no\":\"42\",\"ts\":\"2025-06-01T10:00:00.123Z\",\"partition\":\"pk-1\","
                + "\"stream_name\":\"demo\"}");
    }

    @Test
    void kinesisObjectHasANullTimestampWithoutArrivalTime() {
        KinesisRecord record = new KinesisRecord("demo", "s", "1", "pk", null, new byte[0]);

        assertThat(RowLayout.kinesisObject(record).get("ts").isNull()).isTrue();
    }

    @Test
    void arrivalTimeTextIsIsoInstantAtMillisecondPrecision() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            // neighbouring instants (the per-second cache) and far-apart ones, whole seconds included
            long second = 1_700_000_000L + random.nextInt(i % 3 == 0 ? 3 : 400_000_000);
            java.time.Instant instant = java.time.Instant.ofEpochSecond(second,
                    i % 5 == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(RowLayout.isoMillis(instant)).isEqualTo(java.time.format.DateTimeFormatter.ISO_INSTANT.format(
                    instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }
        assertThat(RowLayout.isoMillis(java.time.Instant.parse("2026-11-26T13:48:23.120456Z")))
                .isEqualTo("2026-11-26T13:48:23.120Z");
        assertThat(RowLayout.isoMillis(java.time.Instant.parse("1969-12-31T23:59:59.000999Z")))
                .isEqualTo("1969-12-31T23:59:59Z");
    }
}
