package org.kinesiscratedb.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/** Small read helpers for integration tests: query rows as maps, count, wait for a count. */
public final class Rows {

    private Rows() {
    }

    public static List<Map<String, Object>> query(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            refreshAll(db, statement, sql);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    public static long count(TestDatabase db, String table) throws SQLException {
        if (!tableExists(db, table)) {
            return 0;
        }
        Object value = query(db, "SELECT count(*) AS n FROM " + db.dialect().qualified(db.schema(), table))
                .get(0).get("n");
        return ((Number) value).longValue();
    }

    public static boolean tableExists(TestDatabase db, String table) throws SQLException {
        return !query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + db.schema()
                + "' AND table_name = '" + table + "'").isEmpty();
    }

    /** Column name → data type as information_schema reports it, for the test schema's table. */
    public static Map<String, String> columnTypes(TestDatabase db, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query(db, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = '" + db.schema() + "' AND table_name = '" + table + "'")) {
            types.put((String) row.get("column_name"), (String) row.get("data_type"));
        }
        return types;
    }

    /** Waits until the row count satisfies the condition; returns the last count seen. */
    public static long awaitCount(TestDatabase db, String table, LongPredicate condition, long timeoutSeconds)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long count = count(db, table);
        while (!condition.test(count) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            count = count(db, table);
        }
        return count;
    }

    /** CrateDB makes writes searchable only after a refresh, and tests read right after writing. */
    private static void refreshAll(TestDatabase db, Statement statement, String sql) throws SQLException {
        if (!db.isCrateDb() || sql.contains("information_schema")) {
            return;
        }
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = '" + db.schema() + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            statement.execute("REFRESH TABLE " + db.dialect().qualified(db.schema(), table));
        }
    }
}
