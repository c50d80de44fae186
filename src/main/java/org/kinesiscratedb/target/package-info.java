/**
 * The database side: turns a target URL into {@link org.kinesiscratedb.target.TargetSettings} and a pooled
 * {@link javax.sql.DataSource}, hides every CrateDB/PostgreSQL difference behind the
 * {@link org.kinesiscratedb.target.Dialect}, creates and widens tables, writes rows in checked, idempotent
 * batches and routes rows that cannot be stored to the dead-letter table. It may not touch Kinesis: it receives
 * decoded records and knows nothing of streams, shards or AWS clients.
 */
package org.kinesiscratedb.target;
