package org.kinesiscratedb.cdc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/** Passes everything through and records each {@code executeBatch}: its SQL and how many statements it held. */
final class CountingDataSource {

    /** One {@code executeBatch} call. */
    record Batch(String sql, int size) {
    }

    private final DataSource delegate;
    private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());

    CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    List<Batch> batches() {
        return List.copyOf(batches);
    }

    DataSource dataSource() {
        return proxy(DataSource.class, delegate, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, result, this::connection) : result);
    }

    private Object connection(java.lang.reflect.Method method, Object[] args, Object result) {
        if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement statement) {
            String sql = (String) args[0];
            int[] added = {0};
            return proxy(PreparedStatement.class, statement, (m, a, r) -> {
                if (m.getName().equals("addBatch")) {
                    added[0]++;
                } else if (m.getName().equals("executeBatch")) {
                    batches.add(new Batch(sql, added[0]));
                    added[0] = 0;
                }
                return r;
            });
        }
        return result;
    }

    private interface After {
        Object apply(java.lang.reflect.Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, args, result);
        };
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
