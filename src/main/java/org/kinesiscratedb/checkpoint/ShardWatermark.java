package org.kinesiscratedb.checkpoint;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checkpoint of one shard while its records are processed concurrently: the highest sequence number that
 * was handled together with every earlier record of the shard (the contiguous handled prefix).
 *
 * <p>Records are registered with {@link #received} as they arrive and reported with {@link #handled} or
 * {@link #failed} in any order. A pending or failed record blocks the watermark until it is handled. The
 * watermark only moves forward. Only records above the watermark are kept, so memory is bounded by the records
 * in flight. Thread-safe.
 */
public final class ShardWatermark {

    private enum State { PENDING, HANDLED, FAILED }

    private static final class Entry {
        final String sequence;
        State state = State.PENDING;

        Entry(String sequence) {
            this.sequence = sequence;
        }
    }

    // Sorted by value: within a shard, Kinesis delivers in increasing order, so this is also received order.
    private final TreeMap<BigInteger, Entry> inFlight = new TreeMap<>();
    private BigInteger watermarkValue;
    private String watermark;
    private int failed;

    /** A shard with no checkpoint yet. */
    public ShardWatermark() {
    }

    /** A shard resumed after {@code checkpoint}: records up to it count as handled already. */
    public static ShardWatermark after(String checkpoint) {
        ShardWatermark shard = new ShardWatermark();
        shard.watermarkValue = SequenceNumbers.value(checkpoint);
        shard.watermark = checkpoint;
        return shard;
    }

    /**
     * Registers a record that arrived. Returns false, and changes nothing, for a record at or below the watermark
     * or one already in flight (a replay).
     *
     * @throws IllegalArgumentException if {@code sequence} is not a sequence number
     */
    public synchronized boolean received(String sequence) {
        BigInteger value = SequenceNumbers.value(sequence);
        if (covered(value) || inFlight.containsKey(value)) {
            return false;
        }
        inFlight.put(value, new Entry(sequence));
        return true;
    }

    /**
     * Marks a received record handled (written, or sent to the dead-letter table) and advances the watermark as
     * far as the prefix is handled. Handling a record at or below the watermark again is ignored.
     *
     * @throws IllegalArgumentException if the record was never received
     */
    public synchronized void handled(String sequence) {
        mark(sequence, State.HANDLED);
        advance();
    }

    /** As {@link #handled(String)} for many records, advancing once; if one was never received, none is marked. */
    public synchronized void handled(Collection<String> sequences) {
        for (String sequence : sequences) {
            requireKnown(sequence);
        }
        for (String sequence : sequences) {
            mark(sequence, State.HANDLED);
        }
        advance();
    }

    /**
     * Marks a received record failed: it blocks the watermark until it is {@link #handled} (after a retry).
     *
     * @throws IllegalArgumentException if the record was never received
     */
    public synchronized void failed(String sequence) {
        mark(sequence, State.FAILED);
    }

    /** The highest sequence number that it and every earlier record are handled; empty before the first one. */
    public synchronized Optional<String> watermark() {
        return Optional.ofNullable(watermark);
    }

    /** Records received but not yet part of the handled prefix (pending, failed, or handled after a gap). */
    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** Records currently marked failed. */
    public synchronized int failedCount() {
        return failed;
    }

    private boolean covered(BigInteger value) {
        return watermarkValue != null && value.compareTo(watermarkValue) <= 0;
    }

    private void requireKnown(String sequence) {
        BigInteger value = SequenceNumbers.value(sequence);
        if (!covered(value) && !inFlight.containsKey(value)) {
            throw new IllegalArgumentException("Sequence number " + sequence + " was never received");
        }
    }

    private void mark(String sequence, State state) {
        requireKnown(sequence);
        Entry entry = inFlight.get(SequenceNumbers.value(sequence));
        if (entry == null) {
            return;
        }
        if (entry.state == State.FAILED) {
            failed--;
        }
        if (state == State.FAILED) {
            failed++;
        }
        entry.state = state;
    }

    private void advance() {
        while (!inFlight.isEmpty() && inFlight.firstEntry().getValue().state == State.HANDLED) {
            Map.Entry<BigInteger, Entry> first = inFlight.pollFirstEntry();
            watermarkValue = first.getKey();
            watermark = first.getValue().sequence;
        }
    }

    @Override
    public synchronized String toString() {
        return "ShardWatermark[watermark=" + watermark + ", inFlight=" + inFlight.size() + ", failed=" + failed + "]";
    }
}
