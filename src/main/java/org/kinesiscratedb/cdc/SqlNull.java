package org.kinesiscratedb.cdc;

/**
 * A null parameter with the JDBC type to announce ({@code java.sql.Types}), so the driver need not guess.
 *
 * @param sqlType the {@link java.sql.Types} constant
 */
public record SqlNull(int sqlType) {

    @Override
    public String toString() {
        return "NULL";
    }
}
