package org.kinesiscratedb.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.kinesiscratedb.target.ColumnType;

/** Values are checked against their column's type before any write, and converted for binding. */
class ValuesTest {

    @Test
    void parsesTheTimestampFormsDmsSendsAsUtcWhenTheyHaveNoOffset() {
        assertThat(Values.parseTimestamp("2024-07-12 01:17:42.123456")).hasValue(
                OffsetDateTime.parse("2024-07-12T01:17:42.123456Z"));
        assertThat(Values.parseTimestamp("2024-07-12T01:17:42Z"))
                .hasValue(OffsetDateTime.parse("2024-07-12T01:17:42Z"));
        assertThat(Values.parseTimestamp("2024-07-12T03:17:42+02:00")).hasValue(
                OffsetDateTime.parse("2024-07-12T03:17:42+02:00"));
        assertThat(Values.parseTimestamp("2024-07-12")).hasValue(OffsetDateTime.parse("2024-07-12T00:00:00Z"));
        assertThat(Values.parseTimestamp("2024-02-30")).isEmpty();
        assertThat(Values.parseTimestamp("yesterday")).isEmpty();
    }

    @Test
    void bindsValuesAsTheirColumnsJavaType() throws Exception {
        assertThat(Values.parameter(Dms.json("31"), ColumnType.SMALLINT, "c")).isEqualTo(31L);
        assertThat(Values.parameter(Dms.json("\"17\""), ColumnType.INTEGER, "c")).isEqualTo(17L);
        assertThat(Values.parameter(Dms.json("25"), ColumnType.DOUBLE, "c")).isEqualTo(25.0);
        assertThat(Values.parameter(Dms.json("1"), ColumnType.BOOLEAN, "c")).isEqualTo(true);
        assertThat(Values.parameter(Dms.json("12.5"), ColumnType.TEXT, "c")).isEqualTo("12.5");
        assertThat(Values.parameter(Dms.json("\"1993-04-01\""), ColumnType.other("date"), "c"))
                .isEqualTo(LocalDate.parse("1993-04-01"));
        assertThat(Values.parameter(Dms.json("{\"a\": 1}"), ColumnType.OBJECT, "c")).isEqualTo("{\"a\":1}");
        assertThat(Values.parameter(Dms.json("null"), ColumnType.INTEGER, "c")).isInstanceOf(SqlNull.class);
    }

    @Test
    void refusesValuesThatDoNotFitInsteadOfLettingTheDatabaseTruncateThem() {
        assertThatThrownBy(() -> Values.parameter(Dms.json("4.7"), ColumnType.BIGINT, "v"))
                .hasMessage("Column \"v\": value 4.7 does not fit its type BIGINT");
        assertThatThrownBy(() -> Values.parameter(Dms.json("[1, 2]"), ColumnType.OBJECT, "o"))
                .hasMessage("Column \"o\": value [1,2] does not fit its type OBJECT");
        assertThatThrownBy(() -> Values.document(Dms.json("\"n/a\""), ColumnType.DOUBLE, "d"))
                .hasMessage("Column \"d\": value \"n/a\" does not fit its type DOUBLE PRECISION");
        assertThatThrownBy(() -> Values.parameter(Dms.json("\"soon\""), ColumnType.TIMESTAMP, "t"))
                .isInstanceOf(UntranslatableEventException.class);
    }

    @Test
    void writesTimestampsInDocumentsWithSecondsMillisecondsAndOffset() throws Exception {
        assertThat(Values.document(Dms.json("\"1993-04-01\""), ColumnType.TIMESTAMP, "t").textValue())
                .isEqualTo("1993-04-01T00:00:00.000Z");
        assertThat(Values.document(Dms.json("\"2024-07-12 03:17:42.123456+02\""), ColumnType.TIMESTAMP, "t")
                .textValue()).isEqualTo("2024-07-12T01:17:42.123Z");
    }
}
