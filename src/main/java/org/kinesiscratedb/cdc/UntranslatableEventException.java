package org.kinesiscratedb.cdc;

/**
 * An event that cannot become SQL: not in the expected format, an unknown operation, no key, a value that does
 * not fit its column. The message is the reason stored with the event in the dead-letter table.
 */
public class UntranslatableEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public UntranslatableEventException(String message) {
        super(message);
    }

    public UntranslatableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
