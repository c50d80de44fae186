package org.kinesiscratedb.cdc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds the parameters of a {@link SqlOperation}. */
final class SqlParameters {

    private SqlParameters() {
    }

    static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof SqlNull typed) {
                statement.setNull(i + 1, typed.sqlType());
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
