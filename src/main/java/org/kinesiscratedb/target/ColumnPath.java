package org.kinesiscratedb.target;

import java.util.List;
import java.util.Objects;

/**
 * A column of the target table: a top-level column ({@code temperature}) or, on CrateDB, an object sub-column
 * ({@code o['k']}, path {@code [o, k]}). Sub-columns of an array of objects use the same path as the object's keys,
 * as CrateDB lists them ({@code arr['x']}).
 *
 * @param names the top-level column name followed by the keys below it; never empty
 */
public record ColumnPath(List<String> names) {

    public ColumnPath {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a column path needs at least one name");
        }
    }

    /** A path from its names, e.g. {@code of("o", "k")} for {@code o['k']}. */
    public static ColumnPath of(String top, String... keys) {
        if (keys.length == 0) {
            return new ColumnPath(List.of(top)); // the common case, once per key of every record: one small list
        }
        String[] all = new String[keys.length + 1];
        all[0] = top;
        System.arraycopy(keys, 0, all, 1, keys.length);
        return new ColumnPath(List.of(all));
    }

    /** The path of key {@code key} below this one. */
    public ColumnPath child(String key) {
        String[] all = names.toArray(new String[names.size() + 1]);
        all[names.size()] = Objects.requireNonNull(key, "key");
        return new ColumnPath(List.of(all));
    }

    /** The path one level up; only for sub-columns. */
    public ColumnPath parent() {
        if (isTopLevel()) {
            throw new IllegalStateException(this + " is a top-level column");
        }
        return new ColumnPath(names.subList(0, names.size() - 1));
    }

    /** The top-level column name. */
    public String top() {
        return names.get(0);
    }

    public boolean isTopLevel() {
        return names.size() == 1;
    }

    /** CrateDB's display form, as in information_schema and in our messages: {@code o['k']}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(top());
        for (String key : names.subList(1, names.size())) {
            text.append("['").append(key).append("']");
        }
        return text.toString();
    }
}
