package org.kinesiscratedb.cdc;

import java.sql.SQLException;
import java.util.Optional;

/** Asks the target database about a table: the translators' only read of it, so tests can answer instead. */
public interface TableLookup {

    /**
     * The table as it exists now, or empty if it does not.
     *
     * @throws SQLException if the database cannot answer: the caller retries, it must not assume either way
     */
    Optional<ExistingTable> find(TableAddress table) throws SQLException;
}
