package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.CrateDbDialect;
import org.kinesiscratedb.target.PostgresDialect;

/** What each DynamoDB Streams record becomes (compat.md section 2.4), and how DynamoDB JSON is decoded. */
class DynamoDbTranslatorTest {

    private static final List<String> SCENARIO = Records.lines("/cdc/dynamodb-scenario.ndjson");
    private static final TableAddress DEMO = new TableAddress("testdrive", "demo");

    private final FakeTableLookup lookup = new FakeTableLookup();
    private final DynamoDbTranslator crate = new DynamoDbTranslator(DEMO, new CrateDbDialect(), lookup);

    private static List<String> sql(List<SqlOperation> operations) {
        return operations.stream().map(SqlOperation::sql).toList();
    }

    @Test
    void createsTheTableFromTheFirstEventsKeysAndDeclaresEveryTypedAttribute() throws Exception {
        List<SqlOperation> operations = crate.translate(Dms.bytes(SCENARIO.get(0)));

        assertThat(sql(operations)).containsExactly(
                "CREATE TABLE IF NOT EXISTS \"testdrive\".\"demo\" (\"pk\" OBJECT(STRICT) AS (\"device\" TEXT PRIMARY "
                        + "KEY, \"ts\" BIGINT PRIMARY KEY), \"data\" OBJECT(DYNAMIC) AS (\"temperature\" DOUBLE "
                        + "PRECISION, \"humidity\" DOUBLE PRECISION, \"big\" DOUBLE PRECISION, \"online\" BOOLEAN, "
                        + "\"location\" OBJECT(DYNAMIC), \"readings\" ARRAY(DOUBLE PRECISION), \"tags\" ARRAY(TEXT), "
                        + "\"levels\" ARRAY(DOUBLE PRECISION), \"blobs\" ARRAY(TEXT), \"raw\" TEXT), "
                        + "\"aux\" OBJECT(IGNORED))",
                "INSERT INTO \"testdrive\".\"demo\" (\"pk\", \"data\", \"aux\") VALUES (?::object, ?::object, "
                        + "?::object) ON CONFLICT DO NOTHING");
    }

    @Test
    void decodesEveryAttributeTypeKeepingNumbersExactAndMixedListsInAux() throws Exception {
        SqlOperation insert = crate.translate(Dms.bytes(SCENARIO.get(0))).get(1);

        assertThat(insert.parameters().get(0)).isEqualTo("{\"device\":\"foo\",\"ts\":1720740233}");
        assertThat(Dms.json((String) insert.parameters().get(1))).isEqualTo(Dms.json("""
                {"temperature": 25, "humidity": 84.84, "big": 12345678901234567890.123456789, "online": true,
                 "location": {"city": "Berlin", "floor": 3}, "readings": [1, 2.5], "tags": ["a", "b"],
                 "levels": [1, 2.5], "blobs": ["AAE="], "raw": "AQID"}"""));
        assertThat(insert.parameters().get(1)).as("digits kept, written plainly")
                .asString().contains("12345678901234567890.123456789");
        assertThat(insert.parameters().get(2)).isEqualTo("{\"mixed\":[\"a\",1,false]}");
    }

    @Test
    void keepsANullAttributeWhereTheDatabaseHasNoTypedKeys() throws Exception {
        DynamoDbTranslator postgres = new DynamoDbTranslator(DEMO, new PostgresDialect(), lookup);

        SqlOperation insert = postgres.translate(Dms.bytes(SCENARIO.get(0))).get(3);

        assertThat(Dms.json((String) insert.parameters().get(1)).has("note")).isTrue();
        assertThat(insert.sql()).isEqualTo("INSERT INTO \"testdrive\".\"demo\" (\"pk\", \"data\", \"aux\") VALUES "
                + "(?::jsonb, ?::jsonb, ?::jsonb) ON CONFLICT DO NOTHING");
    }

    @Test
    void modifyReplacesDataAndAuxOfTheItemAndDeclaresNewAttributes() throws Exception {
        crate.translate(Dms.bytes(SCENARIO.get(0)));

        List<SqlOperation> operations = crate.translate(Dms.bytes(SCENARIO.get(3)));

        assertThat(sql(operations)).containsExactly(
                "ALTER TABLE \"testdrive\".\"demo\" ADD COLUMN \"data\"['note'] TEXT",
                "UPDATE \"testdrive\".\"demo\" SET \"data\" = ?::object, \"aux\" = ?::object WHERE "
                        + "\"pk\"['device'] = ? AND \"pk\"['ts'] = ?");
        assertThat(operations.get(1).parameters()).endsWith("foo", 1720740233L);
    }

    @Test
    void removeDeletesByKey() throws Exception {
        crate.translate(Dms.bytes(SCENARIO.get(1)));

        SqlOperation delete = crate.translate(Dms.bytes(SCENARIO.get(4))).get(0);

        assertThat(delete.sql()).isEqualTo("DELETE FROM \"testdrive\".\"demo\" WHERE \"pk\"['device'] = ? AND "
                + "\"pk\"['ts'] = ?");
        assertThat(delete.parameters()).containsExactly("bar", 1720740234L);
    }

    @Test
    void usesAnExistingTableAndItsKeyTypes() throws Exception {
        lookup.with(DEMO, Map.of(ColumnPath.of("pk"), ColumnType.OBJECT, ColumnPath.of("pk", "device"),
                ColumnType.TEXT, ColumnPath.of("pk", "ts"), ColumnType.TEXT, ColumnPath.of("data"), ColumnType.OBJECT,
                ColumnPath.of("aux"), ColumnType.OBJECT), List.of(ColumnPath.of("pk", "device"),
                ColumnPath.of("pk", "ts")));

        SqlOperation delete = crate.translate(Dms.bytes(SCENARIO.get(4))).get(0);

        assertThat(delete.parameters()).containsExactly("bar", "1720740234");
    }

    @Test
    void rejectsRecordsThatAreNotDynamoDbStreamsRecords() {
        assertThatThrownBy(() -> crate.translate(Dms.json("{\"eventName\": \"INSERT\"}")))
                .hasMessage("Unknown eventSource: None");
        assertThatThrownBy(() -> crate.translate(Dms.json(SCENARIO.get(0).replace("\"INSERT\"", "\"UPSERT\""))))
                .hasMessage("Unknown CDC event name: UPSERT");
        assertThatThrownBy(() -> crate.translate(Dms.json(SCENARIO.get(0).replace("\"NewImage\"", "\"Other\""))))
                .hasMessageStartingWith("INSERT event without dynamodb.NewImage");
        assertThatThrownBy(() -> crate.translate(Dms.json(SCENARIO.get(0).replace("{\"N\": \"25\"}",
                "{\"X\": \"25\"}")))).hasMessageStartingWith("dynamodb.NewImage.temperature: not a DynamoDB attribute");
        assertThatThrownBy(() -> crate.translate(Dms.json(SCENARIO.get(0).replace("{\"N\": \"25\"}",
                "{\"N\": \"twenty\"}")))).hasMessage("dynamodb.NewImage.temperature: N value 'twenty' is not a number");
    }
}
