package org.kinesiscratedb.relay;

/**
 * When a relay's stop must be done: unset while the relay runs, set once when it begins to stop. One instance is
 * shared by the relay and all its shard batchers, so a batcher made after the stop began sees it too.
 */
final class StopDeadline {

    private volatile boolean set;
    private volatile long nanos;

    /**
     * Begins the stop with its deadline (a {@link System#nanoTime()} value); only the first call counts.
     *
     * @return whether this call began it
     */
    synchronized boolean begin(long deadlineNanos) {
        if (set) {
            return false;
        }
        nanos = deadlineNanos;
        set = true; // written after the deadline: a reader that sees it set also sees the deadline
        return true;
    }

    boolean isSet() {
        return set;
    }

    /** Nanoseconds until the deadline (negative once passed); {@link Long#MAX_VALUE} while the relay runs. */
    long remainingNanos() {
        return set ? nanos - System.nanoTime() : Long.MAX_VALUE;
    }

    /** The deadline; only meaningful once {@link #isSet()}. */
    long nanos() {
        return nanos;
    }
}
