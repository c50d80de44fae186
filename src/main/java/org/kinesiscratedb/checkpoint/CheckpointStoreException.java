package org.kinesiscratedb.checkpoint;

/**
 * A checkpoint store could not do what was asked (database unreachable, statement refused, rows not written).
 * Nothing is half-known: a failed save may have written some rows, but writes are idempotent upserts, so the
 * caller repeats the whole save at its next flush.
 */
public class CheckpointStoreException extends RuntimeException {

    public CheckpointStoreException(String message) {
        super(message);
    }

    public CheckpointStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
