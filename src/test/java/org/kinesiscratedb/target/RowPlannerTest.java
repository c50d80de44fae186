package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.target.RowPlanner.BatchPlan;
import org.kinesiscratedb.target.RowPlanner.NewColumn;
import org.kinesiscratedb.target.RowPlanner.RowRejection;

/** The planner decides types and dead letters without a database; CrateDB's rules are tested here. */
class RowPlannerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static Row row(String json) {
        try {
            KinesisRecord source = new KinesisRecord("demo", "shardId-000000000000",
                    String.valueOf(SEQUENCE.incrementAndGet()), "pk", Instant.EPOCH,
                    json.getBytes(StandardCharsets.UTF_8));
            return new Row(source, (ObjectNode) MAPPER.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static List<Row> rows(String... json) {
        List<Row> rows = new ArrayList<>();
        for (String one : json) {
            rows.add(row(one));
        }
        return rows;
    }

    static TableSchema schema(Object... pathsAndTypes) {
        Map<ColumnPath, ColumnType> columns = new LinkedHashMap<>();
        columns.put(ColumnPath.of("kinesis_msg_id"), ColumnType.TEXT);
        for (int i = 0; i < pathsAndTypes.length; i += 2) {
            columns.put((ColumnPath) pathsAndTypes[i], (ColumnType) pathsAndTypes[i + 1]);
        }
        return new TableSchema(columns);
    }

    static Map<String, ColumnType> newColumns(BatchPlan plan) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        for (NewColumn column : plan.newColumns()) {
            columns.put(column.path().toString(), column.type());
        }
        return columns;
    }

    static List<String> reasons(BatchPlan plan) {
        return plan.rejected().stream().map(RowRejection::reason).toList();
    }

    @Nested
    class OnCrateDb {
        private final RowPlanner planner = new RowPlanner(new CrateDbDialect());

        private BatchPlan plan(TableSchema schema, String... json) {
            return planner.plan(rows(json), schema, Map.of());
        }

        @Test
        void infersColumnTypesFromTheTutorialRecords() {
            BatchPlan plan = plan(schema(), "{\"device\": \"foo\", \"temperature\": 42.42, \"humidity\": 84}",
                    "{\"device\": \"bar\", \"temperature\": 84.84, \"humidity\": 42}");

            assertThat(newColumns(plan)).containsExactly(Map.entry("device", ColumnType.TEXT),
                    Map.entry("temperature", ColumnType.DOUBLE), Map.entry("humidity", ColumnType.BIGINT));
            assertThat(plan.rows()).hasSize(2);
            assertThat(plan.rejected()).isEmpty();
            assertThat(plan.statementColumns().keySet())
                    .containsExactly("kinesis_msg_id", "kinesis", "device", "temperature", "humidity");
            assertThat(plan.kinesisType()).isEqualTo(ColumnType.OBJECT);
        }

        @Test
        void letsTheFirstValueOfANewKeyDecideAndDeadLettersRowsThatDoNotFit() {
            BatchPlan plan = plan(schema(), "{\"temperature\": 42}", "{\"temperature\": 42.42}",
                    "{\"temperature\": \"n/a\"}", "{\"temperature\": 43}");

            assertThat(newColumns(plan)).containsExactly(Map.entry("temperature", ColumnType.BIGINT));
            assertThat(plan.rows()).hasSize(2);
            assertThat(reasons(plan)).containsExactly(
                    "column \"temperature\" is BIGINT; value 42.42 does not fit",
                    "column \"temperature\" is BIGINT; value \"n/a\" does not fit");
        }

        @Test
        void checksValuesAgainstExistingColumnTypes() {
            TableSchema schema = schema(ColumnPath.of("n"), ColumnType.BIGINT, ColumnPath.of("name"), ColumnType.TEXT,
                    ColumnPath.of("small"), ColumnType.SMALLINT, ColumnPath.of("flag"), ColumnType.BOOLEAN);

            BatchPlan plan = plan(schema, "{\"n\": 42.0}", "{\"n\": 4.7}", "{\"n\": \"17\"}",
                    "{\"n\": 9223372036854775808}", "{\"name\": 42}", "{\"small\": 40000}", "{\"flag\": 1}");

            assertThat(plan.rows()).hasSize(1);
            assertThat(plan.rows().get(0).values().get("n").asDouble()).isEqualTo(42.0);
            assertThat(reasons(plan)).containsExactly(
                    "column \"n\" is BIGINT; value 4.7 does not fit",
                    "column \"n\" is BIGINT; value \"17\" does not fit",
                    "column \"n\" is BIGINT; value 9223372036854775808 does not fit",
                    "column \"name\" is TEXT; value 42 does not fit",
                    "column \"small\" is SMALLINT; value 40000 does not fit",
                    "column \"flag\" is BOOLEAN; value 1 does not fit");
        }

        @Test
        void typesArraysByTheirElements() {
            BatchPlan plan = plan(schema(), "{\"ints\": [1, 2], \"mixed_numbers\": [1, 2.5], \"words\": [\"a\", null],"
                    + " \"flags\": [true], \"things\": [{\"x\": 1}, {\"y\": \"z\", \"x\": 2.5}]}");

            assertThat(newColumns(plan)).containsExactly(
                    Map.entry("ints", ColumnType.arrayOf(ColumnType.BIGINT)),
                    Map.entry("mixed_numbers", ColumnType.arrayOf(ColumnType.DOUBLE)),
                    Map.entry("words", ColumnType.arrayOf(ColumnType.TEXT)),
                    Map.entry("flags", ColumnType.arrayOf(ColumnType.BOOLEAN)),
                    Map.entry("things", ColumnType.arrayOf(ColumnType.OBJECT)),
                    Map.entry("things['x']", ColumnType.DOUBLE),
                    Map.entry("things['y']", ColumnType.TEXT));
            assertThat(plan.rejected()).isEmpty();
        }

        @Test
        void deadLettersMixedAndNestedArrays() {
            BatchPlan plan = plan(schema(), "{\"m\": [1, \"a\"]}", "{\"n\": [[1, 2], [3]]}",
                    "{\"o\": [{\"x\": 1}, {\"x\": \"s\"}]}");

            assertThat(plan.rows()).isEmpty();
            assertThat(plan.newColumns()).isEmpty();
            assertThat(reasons(plan)).containsExactly(
                    "array \"m\" mixes BIGINT and TEXT values; CrateDB cannot store mixed arrays",
                    "array \"n\" contains nested arrays, which are not supported",
                    "array \"o['x']\" mixes BIGINT and TEXT values; CrateDB cannot store mixed arrays");
        }

        @Test
        void checksArrayElementsAgainstAnExistingArrayColumn() {
            TableSchema schema = schema(ColumnPath.of("tags"), ColumnType.arrayOf(ColumnType.BIGINT));

            BatchPlan plan = plan(schema, "{\"tags\": [1, null, 3]}", "{\"tags\": [1, 1.5]}", "{\"tags\": 1}");

            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly(
                    "column \"tags\" is ARRAY(BIGINT); element 1.5 does not fit",
                    "column \"tags\" is ARRAY(BIGINT); value 1 does not fit");
        }

        @Test
        void createsNoColumnForNullsOrEmptyArraysAndWritesThemAsNull() {
            BatchPlan plan = plan(schema(), "{\"a\": null, \"b\": [], \"c\": [null], \"d\": 1}");

            assertThat(newColumns(plan)).containsOnlyKeys("d");
            assertThat(plan.rows().get(0).values()).containsOnlyKeys("d");
        }

        @Test
        void keepsAnEmptyArrayForAnExistingArrayColumn() {
            BatchPlan plan = plan(schema(ColumnPath.of("b"), ColumnType.arrayOf(ColumnType.TEXT)), "{\"b\": []}");

            assertThat(plan.rows().get(0).values().get("b").size()).isZero();
        }

        @Test
        void addsSubColumnsOfNewObjectsParentsFirst() {
            BatchPlan plan = plan(schema(), "{\"o\": {\"a\": 1, \"b\": {\"c\": \"x\"}, \"t\": [true]}}");

            assertThat(newColumns(plan)).containsExactly(
                    Map.entry("o", ColumnType.OBJECT),
                    Map.entry("o['a']", ColumnType.BIGINT),
                    Map.entry("o['b']", ColumnType.OBJECT),
                    Map.entry("o['b']['c']", ColumnType.TEXT),
                    Map.entry("o['t']", ColumnType.arrayOf(ColumnType.BOOLEAN)));
        }

        @Test
        void typesNewKeysOfExistingObjectsAndChecksExistingOnes() {
            TableSchema schema = schema(ColumnPath.of("o"), ColumnType.OBJECT, ColumnPath.of("o", "a"),
                    ColumnType.BIGINT);

            BatchPlan plan = plan(schema, "{\"o\": {\"a\": 1, \"fresh\": true}}", "{\"o\": {\"a\": \"n/a\"}}",
                    "{\"o\": {\"fresh\": \"yes\"}}", "{\"o\": [1]}");

            assertThat(newColumns(plan)).containsExactly(Map.entry("o['fresh']", ColumnType.BOOLEAN));
            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly(
                    "column \"o['a']\" is BIGINT; value \"n/a\" does not fit",
                    "column \"o['fresh']\" is BOOLEAN; value \"yes\" does not fit",
                    "column \"o\" is OBJECT; value [1] does not fit");
        }

        @Test
        void leavesOutObjectKeysThatAreNullOrEmptyAndHaveNoSubColumn() {
            TableSchema schema = schema(ColumnPath.of("o"), ColumnType.OBJECT, ColumnPath.of("o", "kept"),
                    ColumnType.TEXT);

            BatchPlan plan = plan(schema, "{\"o\": {\"a\": 1, \"e\": null, \"t\": [], \"kept\": null,"
                    + " \"arr\": [{\"x\": null, \"y\": 2}]}}");

            assertThat(plan.rows().get(0).values().get("o").toString())
                    .isEqualTo("{\"a\":1,\"kept\":null,\"arr\":[{\"y\":2}]}");
        }

        @Test
        void deadLettersKeysCrateDbRefuses() {
            BatchPlan plan = plan(schema(), "{\"a.b\": 1}", "{\"o\": {\"x\": {\"y.z\": 1}}}", "{\"a[0]\": 1}",
                    "{\"l\": [{\"k[\": 1}]}", "{\"_id\": 1}", "{\"kinesis\": {}}", "{\"kinesis_msg_id\": \"x\"}",
                    "{\"\": 1}", "{\"ok\": 1}");

            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly(
                    "key \"a.b\" contains \".\", which CrateDB does not allow in column names",
                    "key \"y.z\" in \"o['x']\" contains \".\", which CrateDB does not allow in column names",
                    "key \"a[0]\" contains \"[\", which CrateDB does not allow in column names",
                    "key \"k[\" in \"l\" contains \"[\", which CrateDB does not allow in column names",
                    "key \"_id\" is a reserved system column name",
                    "key \"kinesis\" collides with the relay's own column \"kinesis\"",
                    "key \"kinesis_msg_id\" collides with the relay's own column \"kinesis_msg_id\"",
                    "empty key is not supported as a column name");
        }

        @Test
        void acceptsHostileButLegalKeys() {
            BatchPlan plan = plan(schema(), "{\"x\\\"; DROP TABLE t; --\": 1, \"with space\": \"a\","
                    + " \"Temp\": 1, \"temp\": 2, \"ünïcødé_温度\": true, \"it's\": \"q\"}");

            assertThat(plan.rejected()).isEmpty();
            assertThat(newColumns(plan)).containsOnlyKeys("x\"; DROP TABLE t; --", "with space", "Temp", "temp",
                    "ünïcødé_温度", "it's");
        }

        @Test
        void deadLettersTextTooLongForCrateDbsIndex() {
            String longText = "ü".repeat(16_384);

            BatchPlan plan = plan(schema(), "{\"body\": \"" + longText + "\"}", "{\"o\": {\"b\": \"" + longText
                    + "\"}}", "{\"body\": \"" + "a".repeat(32_766) + "\"}");

            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly(
                    "value of \"body\" is 32768 bytes of UTF-8; the database cannot index text over 32766 bytes",
                    "value of \"o['b']\" is 32768 bytes of UTF-8; the database cannot index text over 32766 bytes");
        }

        @Test
        void deadLettersARecordThatWouldExceedTheColumnLimit() {
            Object[] columns = new Object[2 * 996];
            for (int i = 0; i < 996; i++) {
                columns[2 * i] = ColumnPath.of("c" + i);
                columns[2 * i + 1] = ColumnType.BIGINT;
            }
            TableSchema schema = schema(columns); // 997 columns with the id

            BatchPlan plan = plan(schema, "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1}", "{\"a\": 1, \"o\": {\"p\": 1}}",
                    "{\"c0\": 5, \"a\": 2}");

            assertThat(newColumns(plan)).containsOnlyKeys("a", "o", "o['p']");
            assertThat(plan.rows()).hasSize(2);
            assertThat(reasons(plan)).containsExactly("the record would add 4 column(s) to a table that has 997; "
                    + "the database allows at most 1000 (object sub-columns included)");
        }

        @Test
        void deadLettersRowsThatNeedARefusedColumn() {
            BatchPlan plan = planner.plan(rows("{\"o\": {\"deep\": 1}}", "{\"p\": 1}"), schema(),
                    Map.of(ColumnPath.of("o"), "Limit of total columns [1000] exceeded"));

            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly(
                    "could not add column \"o\": Limit of total columns [1000] exceeded");
        }

        @Test
        void typesAnUntypedColumnWithoutAlteringIt() {
            TableSchema schema = schema(ColumnPath.of("u"), ColumnType.UNDEFINED);

            BatchPlan plan = plan(schema, "{\"u\": 5}", "{\"u\": \"x\"}");

            assertThat(plan.newColumns()).containsExactly(new NewColumn(ColumnPath.of("u"), ColumnType.BIGINT, false));
            assertThat(plan.ddl()).isEmpty();
            assertThat(plan.typesUntypedColumns()).isTrue();
            assertThat(reasons(plan)).containsExactly("column \"u\" is BIGINT; value \"x\" does not fit");
        }

        @Test
        void acceptsIsoTextAndEpochMillisForTimestampColumns() {
            TableSchema schema = schema(ColumnPath.of("at"), ColumnType.TIMESTAMP);

            BatchPlan plan = plan(schema, "{\"at\": \"2025-06-01T10:00:00Z\"}", "{\"at\": \"2025-06-01 10:00\"}",
                    "{\"at\": \"2025-06-01T10:00:00.123+02:00\"}", "{\"at\": 1748772000000}", "{\"at\": \"soon\"}",
                    "{\"at\": true}");

            assertThat(plan.rows()).hasSize(4);
            assertThat(reasons(plan)).containsExactly(
                    "column \"at\" is TIMESTAMP WITH TIME ZONE; value \"soon\" does not fit",
                    "column \"at\" is TIMESTAMP WITH TIME ZONE; value true does not fit");
        }

        @Test
        void typesIntegersBeyondTheLongRangeAsDouble() {
            BatchPlan plan = plan(schema(), "{\"big\": 123456789012345678901234567890}");

            assertThat(newColumns(plan)).containsExactly(Map.entry("big", ColumnType.DOUBLE));
        }

        @Test
        void usesTheExistingKinesisColumnType() {
            BatchPlan plan = plan(schema(ColumnPath.of("kinesis"), ColumnType.OBJECT), "{\"a\": 1}");

            assertThat(plan.kinesisType()).isEqualTo(ColumnType.OBJECT);
        }
    }

    @Nested
    class OnPostgres {
        private final RowPlanner planner = new RowPlanner(new PostgresDialect());

        private BatchPlan plan(TableSchema schema, String... json) {
            return planner.plan(rows(json), schema, Map.of());
        }

        @Test
        void storesObjectsAndArraysAsJsonb() {
            BatchPlan plan = plan(schema(), "{\"o\": {\"a\": 1}, \"m\": [1, \"a\", [2]], \"n\": 1}");

            assertThat(newColumns(plan)).containsExactly(Map.entry("o", ColumnType.JSONB),
                    Map.entry("m", ColumnType.JSONB), Map.entry("n", ColumnType.BIGINT));
            assertThat(plan.rejected()).isEmpty();
            assertThat(plan.kinesisType()).isEqualTo(ColumnType.JSONB);
        }

        @Test
        void stillAppliesCrateDbsKeyRulesSoBothDatabasesLoadTheSame() {
            BatchPlan plan = plan(schema(), "{\"o\": {\"a.b\": 1}}", "{\"_id\": 1}", "{\"xmin\": 1}");

            assertThat(reasons(plan)).containsExactly(
                    "key \"a.b\" in \"o\" contains \".\", which CrateDB does not allow in column names",
                    "key \"_id\" is a reserved system column name",
                    "key \"xmin\" is a reserved system column name");
        }

        @Test
        void deadLettersKeysLongerThanPostgresIdentifiers() {
            BatchPlan plan = plan(schema(), "{\"" + "k".repeat(64) + "\": 1}", "{\"" + "k".repeat(63) + "\": 1}");

            assertThat(plan.rows()).hasSize(1);
            assertThat(reasons(plan)).containsExactly("key \"" + "k".repeat(64) + "\" is 64 bytes long; the database "
                    + "allows column names of at most 63 bytes");
        }

        @Test
        void acceptsLongTextsAndNoSubColumns() {
            BatchPlan plan = plan(schema(), "{\"body\": \"" + "a".repeat(40_000) + "\", \"o\": {\"x\": 1}}");

            assertThat(plan.rejected()).isEmpty();
            assertThat(newColumns(plan)).containsOnlyKeys("body", "o");
        }

        @Test
        void jsonbColumnsAcceptObjectsAndArraysButNotScalars() {
            BatchPlan plan = plan(schema(ColumnPath.of("doc"), ColumnType.JSONB), "{\"doc\": {\"a\": 1}}",
                    "{\"doc\": [1, \"a\"]}", "{\"doc\": \"text\"}");

            assertThat(plan.rows()).hasSize(2);
            assertThat(reasons(plan)).containsExactly("column \"doc\" is JSONB; value \"text\" does not fit");
        }
    }
}
