package org.kinesiscratedb.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kinesiscratedb.source.KinesisRecord;

/** Kinesis records of test events, numbered in order like a shard's. */
final class Records {

    private Records() {
    }

    /** The non-blank lines of a test resource. */
    static List<String> lines(String resource) {
        try (InputStream in = Records.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records of shard {@code shardId-000000000000}, sequence numbers {@code first}, {@code first + 1}, ... */
    static List<KinesisRecord> of(List<String> events, int first) {
        List<KinesisRecord> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            records.add(new KinesisRecord("cdc", "shardId-000000000000", Integer.toString(first + i), "p",
                    Instant.parse("2024-07-12T01:17:42Z"), events.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    static List<KinesisRecord> of(List<String> events) {
        return of(events, 1);
    }
}
