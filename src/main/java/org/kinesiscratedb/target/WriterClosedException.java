package org.kinesiscratedb.target;

/**
 * Thrown by {@link TableWriter#open} and {@link TableWriter#write} when the writer was closed, also while they
 * were waiting for the database. Records of an interrupted write were not all handled and must be read again.
 */
public class WriterClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;


    public WriterClosedException(String message) {
        super(message);
    }
}
