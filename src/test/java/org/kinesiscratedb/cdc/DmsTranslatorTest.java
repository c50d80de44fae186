package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinesiscratedb.cdc.Dms.bytes;
import static org.kinesiscratedb.cdc.Dms.createTable;
import static org.kinesiscratedb.cdc.Dms.dropTable;
import static org.kinesiscratedb.cdc.Dms.event;
import static org.kinesiscratedb.cdc.Dms.json;
import static org.kinesiscratedb.cdc.Dms.update;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.target.ColumnPath;
import org.kinesiscratedb.target.ColumnType;
import org.kinesiscratedb.target.CrateDbDialect;
import org.kinesiscratedb.target.Dialect;
import org.kinesiscratedb.target.PostgresDialect;

/** What each DMS event becomes, with the original's semantics and the defects of compat.md section 2.3 fixed. */
class DmsTranslatorTest {

    private static final String FOO_COLUMNS = """
            {"id": {"type": "INT32", "nullable": false}, "name": {"type": "STRING", "length": 255},
             "age": {"type": "INT8"}, "height": {"type": "DOUBLE"}, "attributes": {"type": "STRING"}}""";
    private static final String JANE = """
            {"id": 46, "name": "Jane", "age": 31, "height": 1.77, "attributes": "{\\"baz\\": \\"qux\\"}"}""";
    private static final String UNIVERSAL = """
            meta: {type: dms-recipe, version: 1}
            collections:
            - address: {container: testdrive, name: foo}
              settings: {mapping_strategy: universal}
              map: {rules: [{pointer: /attributes, type: map}]}
            """;
    private static final String IGNORE_DDL = """
            meta: {type: dms-recipe}
            collections:
            - address: {container: testdrive, name: foo}
              settings: {mapping_strategy: direct, ignore_ddl: true}
            """;
    private static final TableAddress FOO = new TableAddress("testdrive", "foo");

    private final Dialect crate = new CrateDbDialect();
    private final FakeTableLookup lookup = new FakeTableLookup();

    private DmsTranslator translator(String recipe) {
        return translator(recipe, crate);
    }

    private DmsTranslator translator(String recipe, Dialect dialect) {
        DmsRecipe parsed = recipe == null ? DmsRecipe.empty() : DmsRecipe.parse(recipe, "test.yaml");
        return new DmsTranslator(parsed, "testdrive", dialect, lookup);
    }

    private static List<SqlOperation> translate(DmsTranslator translator, String event) throws Exception {
        return translator.translate(bytes(event));
    }

    private static List<String> sql(List<SqlOperation> operations) {
        return operations.stream().map(SqlOperation::sql).toList();
    }

    @Nested
    class Universal {

        @Test
        void createTableDeclaresKeyAndEveryColumnWithItsDmsType() throws Exception {
            List<SqlOperation> operations = translate(translator(UNIVERSAL), createTable("foo", FOO_COLUMNS, "id"));

            assertThat(sql(operations)).containsExactly("CREATE TABLE IF NOT EXISTS \"testdrive\".\"foo\" ("
                    + "\"pk\" OBJECT(STRICT) AS (\"id\" INTEGER PRIMARY KEY), \"data\" OBJECT(DYNAMIC) AS ("
                    + "\"name\" TEXT, \"age\" SMALLINT, \"height\" DOUBLE PRECISION, \"attributes\" OBJECT(DYNAMIC)),"
                    + " \"aux\" OBJECT(IGNORED))");
            assertThat(operations.get(0).kind()).isEqualTo(SqlOperation.Kind.DDL);
        }

        @Test
        void loadAndInsertAreTheSameInsertThatDoesNothingOnConflict() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            SqlOperation load = translate(translator, event("load", "foo", JANE)).get(0);
            SqlOperation insert = translate(translator, event("insert", "foo", JANE)).get(0);

            assertThat(load).isEqualTo(insert);
            assertThat(load.sql()).isEqualTo("INSERT INTO \"testdrive\".\"foo\" (\"pk\", \"data\", \"aux\") VALUES "
                    + "(?::object, ?::object, ?::object) ON CONFLICT DO NOTHING");
            assertThat(load.parameters()).containsExactly("{\"id\":46}",
                    "{\"name\":\"Jane\",\"age\":31,\"height\":1.77,\"attributes\":{\"baz\":\"qux\"}}", "{}");
            assertThat(load.kind()).isEqualTo(SqlOperation.Kind.INSERT);
            assertThat(load.orderingKey()).isEqualTo("testdrive.foo/{\"id\":46}");
            assertThat(load.probe().sql()).isEqualTo("SELECT 1 FROM \"testdrive\".\"foo\" WHERE \"pk\"['id'] = ?");
        }

        @Test
        void updateSetsEachNonKeyColumnInDataByKey() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            SqlOperation update = translate(translator, event("update", "foo", JANE)).get(0);

            assertThat(update.sql()).isEqualTo("UPDATE \"testdrive\".\"foo\" SET \"data\"['name'] = ?, "
                    + "\"data\"['age'] = ?, \"data\"['height'] = ?, \"data\"['attributes'] = ?::object "
                    + "WHERE \"pk\"['id'] = ?");
            assertThat(update.parameters()).containsExactly("Jane", 31L, 1.77, "{\"baz\":\"qux\"}", 46L);
        }

        @Test
        void deleteMatchesTheKey() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            SqlOperation delete = translate(translator, event("delete", "foo", JANE)).get(0);

            assertThat(delete.sql()).isEqualTo("DELETE FROM \"testdrive\".\"foo\" WHERE \"pk\"['id'] = ?");
            assertThat(delete.parameters()).containsExactly(46L);
        }

        @Test
        void escapesQuotesInDataSubscripts() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", "{\"id\": {\"type\": \"INT32\"}, \"it's\": {\"type\": "
                    + "\"STRING\"}}", "id"));

            SqlOperation update = translate(translator, event("update", "foo", "{\"id\": 1, \"it's\": \"x\"}"))
                    .get(0);

            assertThat(update.sql()).isEqualTo("UPDATE \"testdrive\".\"foo\" SET \"data\"['it''s'] = ? "
                    + "WHERE \"pk\"['id'] = ?");
        }

        @Test
        void declaresAColumnNobodyDeclaredBeforeWritingIt() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            List<SqlOperation> operations = translate(translator, event("insert", "foo",
                    "{\"id\": 1, \"score\": 25, \"nothing\": null}"));

            assertThat(sql(operations)).containsExactly(
                    "ALTER TABLE \"testdrive\".\"foo\" ADD COLUMN \"data\"['score'] BIGINT",
                    "INSERT INTO \"testdrive\".\"foo\" (\"pk\", \"data\", \"aux\") VALUES (?::object, ?::object, "
                            + "?::object) ON CONFLICT DO NOTHING");
            assertThat(operations.get(1).parameters()).element(1).isEqualTo("{\"score\":25}");
        }

        @Test
        void postgresKeepsPkDataAuxAsJsonbAndMergesUpdatesIntoData() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL, new PostgresDialect());

            List<SqlOperation> create = translate(translator, createTable("foo", FOO_COLUMNS, "id"));
            SqlOperation update = translate(translator, event("update", "foo", JANE)).get(0);

            assertThat(sql(create)).containsExactly("CREATE SCHEMA IF NOT EXISTS \"testdrive\"",
                    "CREATE TABLE IF NOT EXISTS \"testdrive\".\"foo\" (\"pk\" JSONB PRIMARY KEY, \"data\" JSONB, "
                            + "\"aux\" JSONB)",
                    "COMMENT ON COLUMN \"testdrive\".\"foo\".\"pk\" IS 'kinesis-cratedb primary key: [\"id\"]'");
            assertThat(create.get(0).optional()).isTrue();
            assertThat(update.sql()).isEqualTo("UPDATE \"testdrive\".\"foo\" SET \"data\" = COALESCE(\"data\", "
                    + "'{}'::jsonb) || ?::jsonb WHERE \"pk\" = ?::jsonb");
            assertThat(update.parameters()).containsExactly(
                    "{\"name\":\"Jane\",\"age\":31,\"height\":1.77,\"attributes\":{\"baz\":\"qux\"}}", "{\"id\":46}");
        }
    }

    @Nested
    class Direct {

        @Test
        void createTableHasOneColumnPerSourceColumnAndThePrimaryKey() throws Exception {
            List<SqlOperation> operations = translate(translator(null), createTable("foo", FOO_COLUMNS, "id"));

            assertThat(sql(operations)).containsExactly("CREATE TABLE IF NOT EXISTS \"testdrive\".\"foo\" ("
                    + "\"id\" INTEGER, \"name\" TEXT, \"age\" SMALLINT, \"height\" DOUBLE PRECISION, "
                    + "\"attributes\" TEXT, PRIMARY KEY (\"id\"))");
        }

        @Test
        void mapsDmsInt8ToSmallintBecauseCrateDbHasNoInt1() throws Exception {
            String columns = "{\"id\": {\"type\": \"INT64\"}, \"b\": {\"type\": \"INT8\"}, \"s\": {\"type\": "
                    + "\"INT16\"}, \"f\": {\"type\": \"FLOAT\"}, \"ok\": {\"type\": \"BOOL\"}, \"t\": {\"type\": "
                    + "\"TIMESTAMP\"}, \"d\": {\"type\": \"DATE32\"}, \"n\": {\"type\": \"DECIMAL\"}}";

            String create = translate(translator(null), createTable("types", columns, "id")).get(0).sql();

            assertThat(create).isEqualTo("CREATE TABLE IF NOT EXISTS \"testdrive\".\"types\" (\"id\" BIGINT, "
                    + "\"b\" SMALLINT, \"s\" SMALLINT, \"f\" REAL, \"ok\" BOOLEAN, \"t\" TIMESTAMP WITH TIME ZONE, "
                    + "\"d\" TIMESTAMP WITH TIME ZONE, \"n\" TEXT, PRIMARY KEY (\"id\"))").doesNotContain("INT1");
        }

        @Test
        void insertBindsEveryColumnByItsType() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            SqlOperation insert = translate(translator, event("load", "foo", JANE)).get(0);

            assertThat(insert.sql()).isEqualTo("INSERT INTO \"testdrive\".\"foo\" (\"id\", \"name\", \"age\", "
                    + "\"height\", \"attributes\") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
            assertThat(insert.parameters()).containsExactly(46L, "Jane", 31L, 1.77, "{\"baz\": \"qux\"}");
        }

        @Test
        void updateQuotesEveryColumnNameAndDoesNotSetTheKey() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", "{\"id\": {\"type\": \"INT32\"}, \"G\": {\"type\": "
                    + "\"STRING\"}, \"table\": {\"type\": \"STRING\"}}", "id"));

            SqlOperation update = translate(translator, event("update", "foo",
                    "{\"id\": 7, \"G\": \"g\", \"table\": \"t\"}")).get(0);

            assertThat(update.sql()).isEqualTo("UPDATE \"testdrive\".\"foo\" SET \"G\" = ?, \"table\" = ? "
                    + "WHERE \"id\" = ?");
            assertThat(update.parameters()).containsExactly("g", "t", 7L);
        }

        @Test
        void quotesSchemaAndTableNamesWithDashes() throws Exception {
            DmsTranslator translator = new DmsTranslator(DmsRecipe.empty(), "testdrive-data", crate, lookup);

            String create = translator.translate(bytes(createTable("foobar", "{\"id\": {\"type\": \"INT32\"}}",
                    "id"))).get(0).sql();

            assertThat(create).startsWith("CREATE TABLE IF NOT EXISTS \"testdrive-data\".\"foobar\" (");
        }

        @Test
        void deleteLeavesANullKeyColumnOutOfTheWhereClause() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("bar", "{\"region\": {\"type\": \"STRING\"}, \"code\": {\"type\": "
                    + "\"INT32\"}}", "region", "code"));

            SqlOperation delete = translate(translator, event("delete", "bar",
                    "{\"region\": null, \"code\": 5}")).get(0);

            assertThat(delete.sql()).isEqualTo("DELETE FROM \"testdrive\".\"bar\" WHERE \"code\" = ?");
            assertThat(delete.parameters()).containsExactly(5L);
        }

        @Test
        void dropTableDropsAndForgetsTheLearntKey() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            List<SqlOperation> drop = translate(translator, dropTable("foo"));

            assertThat(sql(drop)).containsExactly("DROP TABLE IF EXISTS \"testdrive\".\"foo\"");
            assertThatThrownBy(() -> translate(translator, event("update", "foo", JANE)))
                    .hasMessage(DmsTranslator.NO_KEY);
        }

        @Test
        void createsATableThatADataEventNeedsWhenNoCreateTableWasSeen() throws Exception {
            List<SqlOperation> operations = translate(translator(null), event("load", "foo",
                    "{\"id\": 1, \"name\": \"x\", \"height\": 2.5, \"ok\": true, \"none\": null}"));

            assertThat(sql(operations)).containsExactly("CREATE TABLE IF NOT EXISTS \"testdrive\".\"foo\" ("
                    + "\"id\" BIGINT, \"name\" TEXT, \"height\" DOUBLE PRECISION, \"ok\" BOOLEAN, \"none\" TEXT)",
                    "INSERT INTO \"testdrive\".\"foo\" (\"id\", \"name\", \"height\", \"ok\", \"none\") VALUES "
                            + "(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        }
    }

    @Nested
    class Ddl {

        @Test
        void ignoreDdlSkipsCreateAndDropAndLearnsNoKey() throws Exception {
            DmsTranslator translator = translator(IGNORE_DDL);

            assertThat(translate(translator, createTable("foo", FOO_COLUMNS, "id"))).isEmpty();
            assertThat(translate(translator, dropTable("foo"))).isEmpty();
            assertThatThrownBy(() -> translate(translator, event("delete", "foo", JANE)))
                    .hasMessage(DmsTranslator.NO_KEY);
        }

        @Test
        void createTableOfAnExistingTableDeclaresOnlyTheMissingColumns() throws Exception {
            lookup.with(FOO, Map.of(ColumnPath.of("id"), ColumnType.INTEGER, ColumnPath.of("name"), ColumnType.TEXT),
                    List.of(ColumnPath.of("id")));

            List<SqlOperation> operations = translate(translator(null), createTable("foo",
                    "{\"id\": {\"type\": \"INT32\"}, \"name\": {\"type\": \"STRING\"}, \"born\": {\"type\": "
                            + "\"DATE32\"}}", "id"));

            assertThat(sql(operations)).containsExactly("ALTER TABLE \"testdrive\".\"foo\" ADD COLUMN \"born\" "
                    + "TIMESTAMP WITH TIME ZONE");
        }
    }

    @Nested
    class Keys {

        @Test
        void recoversThePrimaryKeyFromTheExistingTableAfterARestart() throws Exception {
            lookup.with(FOO, Map.of(ColumnPath.of("id"), ColumnType.INTEGER, ColumnPath.of("name"), ColumnType.TEXT),
                    List.of(ColumnPath.of("id")));
            DmsTranslator restarted = translator(null);

            SqlOperation update = translate(restarted, event("update", "foo", "{\"id\": 3, \"name\": \"x\"}"))
                    .get(0);
            translate(restarted, event("delete", "foo", "{\"id\": 3, \"name\": \"x\"}"));

            assertThat(update.sql()).isEqualTo("UPDATE \"testdrive\".\"foo\" SET \"name\" = ? WHERE \"id\" = ?");
            assertThat(lookup.lookups()).as("the table is looked up once, then cached").isEqualTo(1);
        }

        @Test
        void recoversUniversalKeysFromThePkSubColumns() throws Exception {
            lookup.with(FOO, Map.of(ColumnPath.of("pk"), ColumnType.OBJECT, ColumnPath.of("pk", "id"),
                    ColumnType.INTEGER, ColumnPath.of("data"), ColumnType.OBJECT, ColumnPath.of("data", "name"),
                    ColumnType.TEXT, ColumnPath.of("aux"), ColumnType.OBJECT), List.of(ColumnPath.of("pk", "id")));

            SqlOperation delete = translate(translator(UNIVERSAL), event("delete", "foo", "{\"id\": 3}")).get(0);

            assertThat(delete.sql()).isEqualTo("DELETE FROM \"testdrive\".\"foo\" WHERE \"pk\"['id'] = ?");
        }

        @Test
        void recoversUniversalKeysFromWhatThePostgresTableRemembered() throws Exception {
            lookup.with(FOO, new ExistingTable(Map.of(ColumnPath.of("pk"), ColumnType.JSONB, ColumnPath.of("data"),
                    ColumnType.JSONB, ColumnPath.of("aux"), ColumnType.JSONB), List.of(ColumnPath.of("pk")),
                    List.of("id")));

            SqlOperation delete = translate(translator(UNIVERSAL, new PostgresDialect()), event("delete", "foo",
                    "{\"id\": 3}")).get(0);

            assertThat(delete.sql()).isEqualTo("DELETE FROM \"testdrive\".\"foo\" WHERE \"pk\" = ?::jsonb");
            assertThat(delete.parameters()).containsExactly("{\"id\":3}");
        }

        @Test
        void usesTheRecipesKeyWithItsType() throws Exception {
            String recipe = """
                    meta: {type: dms-recipe}
                    collections:
                    - address: {container: testdrive, name: foo}
                      settings: {mapping_strategy: universal}
                      pk: {rules: [{pointer: /rowid, type: bigint}]}
                    """;

            List<SqlOperation> operations = translate(translator(recipe), event("insert", "foo",
                    "{\"rowid\": 5, \"v\": \"x\"}"));

            assertThat(operations.get(0).sql()).contains("\"pk\" OBJECT(STRICT) AS (\"rowid\" BIGINT PRIMARY KEY)");
            assertThat(operations.get(1).parameters()).containsExactly("{\"rowid\":5}", "{\"v\":\"x\"}", "{}");
        }

        @Test
        void turnsAKeyChangeIntoDeleteOfTheOldKeyAndInsertOfTheNewRow() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            List<SqlOperation> operations = translate(translator, update("foo",
                    "{\"id\": 20, \"name\": \"John\"}", "{\"id\": 2}"));

            assertThat(sql(operations)).containsExactly("DELETE FROM \"testdrive\".\"foo\" WHERE \"id\" = ?",
                    "INSERT INTO \"testdrive\".\"foo\" (\"id\", \"name\") VALUES (?, ?) ON CONFLICT DO NOTHING");
            assertThat(operations.get(0).parameters()).containsExactly(2L);
            assertThat(operations.get(1).parameters()).containsExactly(20L, "John");
        }

        @Test
        void anUpdateWithABeforeImageOfTheSameKeyIsAPlainUpdate() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            List<SqlOperation> operations = translate(translator, update("foo", "{\"id\": 2, \"name\": \"J\"}",
                    "{\"id\": 2.0, \"name\": \"I\"}"));

            assertThat(sql(operations)).containsExactly("UPDATE \"testdrive\".\"foo\" SET \"name\" = ? "
                    + "WHERE \"id\" = ?");
        }

        @Test
        void rejectsAnUpdateWhoseKeyValuesAreAllNullInsteadOfWritingWhereNothing() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            assertThatThrownBy(() -> translate(translator, event("update", "foo", "{\"id\": null, \"name\": \"x\"}")))
                    .isInstanceOf(UntranslatableEventException.class)
                    .hasMessageStartingWith("Unable to invoke DML operation without primary key values");
            assertThatThrownBy(() -> translate(translator, event("delete", "foo", "{\"name\": \"x\"}")))
                    .hasMessageStartingWith("Unable to invoke DML operation without primary key values");
        }

        @Test
        void rejectsUpdatesAndDeletesOfATableWithoutKeyWithTheOriginalsMessage() {
            DmsTranslator translator = translator(null);

            assertThatThrownBy(() -> translate(translator, event("update", "nokey", "{\"v\": 1}")))
                    .hasMessage("Unable to invoke DML operation without primary key information");
        }
    }

    @Nested
    class Envelope {

        @Test
        void rejectsARecordWithoutMetadataOrOperationWithTheOriginalsMessage() {
            DmsTranslator translator = translator(null);

            assertThatThrownBy(() -> translate(translator, "{\"data\": {\"id\": 1}}"))
                    .hasMessage("Record not in DMS format: metadata and/or operation is missing");
            assertThatThrownBy(() -> translate(translator, "{\"data\": {}, \"metadata\": {\"table-name\": \"t\"}}"))
                    .hasMessage("Record not in DMS format: metadata and/or operation is missing");
        }

        @Test
        void rejectsAMissingTableNameWithTheOriginalsMessage() {
            String event = "{\"data\": {}, \"metadata\": {\"operation\": \"insert\", \"schema-name\": \"public\", "
                    + "\"table-name\": \"\"}}";

            assertThatThrownBy(() -> translate(translator(null), event))
                    .hasMessage("Schema or table name missing or empty: schema=public, table=");
            assertThatThrownBy(() -> translate(translator(null), "{\"metadata\": {\"operation\": \"insert\"}}"))
                    .hasMessage("Schema or table name missing or empty: schema=None, table=None");
        }

        @Test
        void rejectsAnUnknownOperationWithTheOriginalsMessage() {
            assertThatThrownBy(() -> translate(translator(null), event("FOOBAR", "foo", "{}")))
                    .hasMessage("DMS CDC event operation unknown: FOOBAR");
        }

        @Test
        void rejectsRecordsThatAreNotJson() {
            assertThatThrownBy(() -> translator(null).translate("not json".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UntranslatableEventException.class).hasMessageStartingWith("Record is not JSON");
        }

        @Test
        void readsTheLambdaStyleBase64Wrapper() throws Exception {
            String inner = createTable("foo", FOO_COLUMNS, "id");
            String wrapped = "{\"kinesis\": {\"partitionKey\": \"x\", \"data\": \""
                    + Base64.getEncoder().encodeToString(bytes(inner)) + "\"}, \"eventSource\": \"aws:kinesis\"}";

            assertThat(translate(translator(null), wrapped)).isEqualTo(translate(translator(null), inner));
        }

        @Test
        void overridesEverySchemaWithTheTargetsExceptDmsOwnTables() throws Exception {
            DmsTranslator translator = translator(null);
            String otherSchema = "{\"data\": {\"id\": 1}, " + Dms.metadata("insert", "sales", "orders") + "}";
            String dmsTable = "{\"data\": {\"a\": 1}, " + Dms.metadata("insert", "", "awsdms_apply_exceptions")
                    + "}";

            assertThat(translator.translate(json(otherSchema)).get(0).sql())
                    .startsWith("CREATE TABLE IF NOT EXISTS \"testdrive\".\"orders\"");
            assertThat(translator.translate(json(dmsTable)).get(0).sql())
                    .startsWith("CREATE TABLE IF NOT EXISTS \"dms\".\"awsdms_apply_exceptions\"");
        }
    }

    @Nested
    class TypedValues {

        @Test
        void rejectsAValueThatDoesNotFitItsDeclaredType() throws Exception {
            DmsTranslator translator = translator(null);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            assertThatThrownBy(() -> translate(translator, event("insert", "foo", "{\"id\": 1, \"age\": 4.7}")))
                    .hasMessage("Column \"age\": value 4.7 does not fit its type SMALLINT");
            assertThatThrownBy(() -> translate(translator, event("insert", "foo", "{\"id\": 1, \"age\": 40000}")))
                    .hasMessage("Column \"age\": value 40000 is out of range for SMALLINT");
        }

        @Test
        void keepsDecimalsOfADoubleColumnWhoseFirstValueWasWhole() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            SqlOperation first = translate(translator, event("insert", "foo", "{\"id\": 1, \"height\": 25}")).get(0);
            SqlOperation later = translate(translator, event("update", "foo", "{\"id\": 1, \"height\": 1.77}"))
                    .get(0);

            assertThat(first.parameters().get(1)).isEqualTo("{\"height\":25}");
            assertThat(later.parameters()).containsExactly(1.77, 1L);
        }

        @Test
        void rejectsAMapColumnThatIsNotJson() throws Exception {
            DmsTranslator translator = translator(UNIVERSAL);
            translate(translator, createTable("foo", FOO_COLUMNS, "id"));

            assertThatThrownBy(() -> translate(translator, event("insert", "foo",
                    "{\"id\": 1, \"attributes\": \"{oops\"}")))
                    .hasMessageStartingWith("Column \"attributes\": the map rule expects JSON text");
        }
    }
}
