package org.kinesiscratedb.checkpoint;

/** The store contract on {@link MemoryCheckpointStore}. */
class MemoryCheckpointStoreTest extends CheckpointStoreContractTest {

    @Override
    CheckpointStore emptyStore(MutableClock clock) {
        return new MemoryCheckpointStore(clock);
    }
}
