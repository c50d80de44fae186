package org.kinesiscratedb.cdc;

import java.util.Optional;

/** How a DMS table is laid out in the target (the recipe's {@code settings.mapping_strategy}). */
public enum MappingStrategy {
    /** One target column per source column, the source's primary key as the table's. */
    DIRECT,
    /** Three columns: {@code pk} (the key columns), {@code data} (the other columns), {@code aux}. */
    UNIVERSAL;

    /** The strategy named {@code text}, case-insensitive. */
    public static Optional<MappingStrategy> parse(String text) {
        for (MappingStrategy strategy : values()) {
            if (strategy.name().equalsIgnoreCase(text.strip())) {
                return Optional.of(strategy);
            }
        }
        return Optional.empty();
    }
}
