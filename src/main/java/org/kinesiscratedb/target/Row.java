package org.kinesiscratedb.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * A decoded record to write as a row.
 *
 * @param source  the record as read from Kinesis (for the row id, the metadata and a dead letter)
 * @param payload the record's JSON object; every top-level key becomes a column
 */
public record Row(KinesisRecord source, ObjectNode payload) {

    public Row {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
    }
}
