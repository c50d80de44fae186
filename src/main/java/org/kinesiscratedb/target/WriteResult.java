package org.kinesiscratedb.target;

/**
 * What {@link TableWriter#write} did with a batch; every record is in exactly one of the two counts.
 *
 * @param rowsWritten  records written (inserted or, for a replay, updated) as rows
 * @param deadLettered records written to the dead-letter table
 */
public record WriteResult(int rowsWritten, int deadLettered) {
}
