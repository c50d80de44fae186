package org.kinesiscratedb.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A Kinesis record after {@link RecordDecoder}: either its JSON object payload, or why it has none.
 *
 * @param source    the record as read
 * @param payload   the JSON object; null if rejected
 * @param rejection why the record cannot be loaded; null if accepted
 */
public record DecodedRecord(KinesisRecord source, ObjectNode payload, String rejection) {

    public DecodedRecord {
        Objects.requireNonNull(source, "source");
        if ((payload == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of payload and rejection must be set");
        }
    }

    /** A record whose payload is a JSON object. */
    public static DecodedRecord accepted(KinesisRecord source, ObjectNode payload) {
        return new DecodedRecord(source, Objects.requireNonNull(payload, "payload"), null);
    }

    /** A record that cannot be loaded, with the reason for its dead letter. */
    public static DecodedRecord rejected(KinesisRecord source, String reason) {
        return new DecodedRecord(source, null, Objects.requireNonNull(reason, "reason"));
    }

    /** True if the record has a payload to write as a row. */
    public boolean isAccepted() {
        return payload != null;
    }
}
