package org.kinesiscratedb.target;

import java.util.Objects;
import org.kinesiscratedb.source.KinesisRecord;

/**
 * A record that goes to the dead-letter table instead of a row.
 *
 * @param source the record as read from Kinesis; its raw bytes are kept in the dead letter
 * @param reason why it could not be loaded, for the operator
 */
public record Rejected(KinesisRecord source, String reason) {

    public Rejected {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }
}
