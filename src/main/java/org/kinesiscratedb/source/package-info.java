/**
 * The Kinesis side: turns a source URL into {@link org.kinesiscratedb.source.KinesisSourceSettings}, discovers
 * a stream's shards and supervises one reader per shard (following closed shards into their children), decides
 * where each shard starts ({@link org.kinesiscratedb.source.StartPosition}, or after its checkpoint) and decodes
 * records into what the writers need. It may not touch the database: rows, tables and checkpoint storage belong
 * to the target and checkpoint packages.
 */
package org.kinesiscratedb.source;
