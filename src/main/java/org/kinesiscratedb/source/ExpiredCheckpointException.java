package org.kinesiscratedb.source;

/** A stored checkpoint points before the oldest record of its shard, and the relay was told to stop then. */
public class ExpiredCheckpointException extends RuntimeException {

    public ExpiredCheckpointException(String message) {
        super(message);
    }
}
