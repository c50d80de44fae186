/**
 * Transformations of JSON records on their way in: a tikray transformation file (the format cratedb-toolkit uses,
 * formerly "zyp") parsed and checked at start-up into a {@link org.kinesiscratedb.transform.Transformation}, whose
 * {@link org.kinesiscratedb.transform.CollectionTransformation} reshapes each decoded record (pre rules, bucket
 * renames and value converters, post rules, treatment) and can hint column types for table creation; also usable in
 * any Camel route as the {@link org.kinesiscratedb.transform.TransformationProcessor} bean. It owns the rules and
 * the expression engines (JMESPath, jq). It may not touch Kinesis nor the database: it receives decoded records and
 * gives back records, dropped (filtered) or rejected ones with the reason for their dead letter.
 */
package org.kinesiscratedb.transform;
