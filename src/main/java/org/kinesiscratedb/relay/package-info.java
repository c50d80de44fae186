/**
 * The relay: the {@code kinesisRelay} bean that the YAML routes and {@code load} share. It starts one shard route
 * per shard from the {@code kinesis-shard} template (as the source package's supervisor decides), collects each
 * shard's records into batches, hands them to a sink (the target's table writer), and reports written batches to
 * the checkpointer. It owns no SQL and no Kinesis protocol of its own: those belong to {@code target} and
 * {@code source}.
 */
package org.kinesiscratedb.relay;
