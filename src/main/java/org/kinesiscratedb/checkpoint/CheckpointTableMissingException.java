package org.kinesiscratedb.checkpoint;

/**
 * The checkpoint table does not exist, so there is nothing to list or prune. The message is the one users see:
 * {@code Checkpoint table "<schema>"."kinesis_checkpoints" does not exist}.
 */
public class CheckpointTableMissingException extends CheckpointStoreException {

    private final String schema;

    public CheckpointTableMissingException(String schema, String qualifiedTable) {
        super("Checkpoint table " + qualifiedTable + " does not exist");
        this.schema = schema;
    }

    /** The schema that was searched for the table. */
    public String schema() {
        return schema;
    }
}
