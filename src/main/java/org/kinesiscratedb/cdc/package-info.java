/**
 * Change data capture: turns AWS DMS events and DynamoDB Streams records into SQL that keeps tables in the
 * target database equal to their source. It owns the DMS transformation file ({@link
 * org.kinesiscratedb.cdc.DmsRecipe}), the translators (event → {@link org.kinesiscratedb.cdc.SqlOperation}s, with
 * the table layouts "direct" and "universal" of compat.md section 2), the writer that applies those operations in
 * event order with JDBC batches, retries and dead letters ({@link org.kinesiscratedb.cdc.DmsSink}, {@link
 * org.kinesiscratedb.cdc.DynamoDbSink}), and the NDJSON file replay. Every SQL difference between CrateDB and
 * PostgreSQL stays in {@link org.kinesiscratedb.target.Dialect}. It may not touch Kinesis: records arrive as
 * {@link org.kinesiscratedb.source.KinesisRecord}s through {@link org.kinesiscratedb.relay.RecordSink}.
 */
package org.kinesiscratedb.cdc;
