package org.kinesiscratedb;

import java.util.Optional;

/** Looks through an exception's chain of causes (drivers and SDKs wrap the error that tells what happened). */
public final class Causes {

    private Causes() {
    }

    /** The first throwable in {@code error}'s cause chain, itself included, that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
