package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The converters, with Python's built-ins as the model. Values are written as JSON. */
class ConvertersTest {

    private static String convert(String name, String json) throws Exception {
        JsonNode value = Yaml.MAPPER.readTree(json);
        return Converters.BY_NAME.get(name).convert(value).toString();
    }

    @ParameterizedTest(name = "int({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "42|42", "'\"42\"'|42", "'\" -7 \"'|-7", "'\"+1_000\"'|1000", "4.7|4", "-4.7|-4", "true|1", "false|0",
        "null|null", "'\"123456789012345678901234567890\"'|123456789012345678901234567890"})
    void intFollowsPython(String input, String expected) throws Exception {
        assertThat(convert("builtins.int", input)).isEqualTo(expected);
    }

    @Test
    void intRefusesFractionsAsTextAndContainers() {
        assertThatThrownBy(() -> convert("builtins.int", "\"4.2\"")).hasMessage(
                "invalid literal for int() with base 10: '4.2'");
        assertThatThrownBy(() -> convert("builtins.int", "\"\"")).hasMessage(
                "invalid literal for int() with base 10: ''");
        assertThatThrownBy(() -> convert("builtins.int", "[1]")).hasMessage(
                "int() argument must be text, a number or a boolean, not a list");
    }

    @ParameterizedTest(name = "float({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "42|42.0", "'\"4.2\"'|4.2", "'\" 1e3 \"'|1000.0", "'\".5\"'|0.5", "'\"-3.\"'|-3.0", "true|1.0",
        "null|null"})
    void floatFollowsPython(String input, String expected) throws Exception {
        assertThat(convert("builtins.float", input)).isEqualTo(expected);
    }

    @Test
    void floatRefusesTextThatIsNoNumberAndResultsJsonCannotHold() {
        assertThatThrownBy(() -> convert("builtins.float", "\"abc\"")).hasMessage(
                "could not convert string to float: 'abc'");
        assertThatThrownBy(() -> convert("builtins.float", "\"0x1p3\"")).hasMessage(
                "could not convert string to float: '0x1p3'");
        assertThatThrownBy(() -> convert("builtins.float", "\"nan\"")).hasMessage(
                "float() of 'nan' is not finite; JSON cannot hold it");
        assertThatThrownBy(() -> convert("builtins.float", "\"1e999\"")).hasMessage(
                "float() of '1e999' is not finite; JSON cannot hold it");
        assertThatThrownBy(() -> convert("builtins.float", "{}")).hasMessage(
                "float() argument must be text, a number or a boolean, not an object");
    }

    @ParameterizedTest(name = "str({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "42|'\"42\"'", "4.0|'\"4.0\"'", "0.1|'\"0.1\"'", "1e20|'\"1e+20\"'", "1.5e-5|'\"1.5e-05\"'",
        "'\"text\"'|'\"text\"'", "true|'\"true\"'", "'{\"a\":[1]}'|'\"{\\\"a\\\":[1]}\"'", "null|null"})
    void strFollowsPythonForNumbersAndJsonForTheRest(String input, String expected) throws Exception {
        assertThat(convert("builtins.str", input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "bool({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "'\"\"'|false", "'\"false\"'|true", "0|false", "0.0|false", "2|true", "[]|false", "[0]|true", "{}|false",
        "true|true", "null|null"})
    void boolIsPythonTruthiness(String input, String expected) throws Exception {
        assertThat(convert("builtins.bool", input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "to_datetime({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "1700000000|'\"2023-11-14T22:13:20Z\"'",
        "1700000000123|'\"2023-11-14T22:13:20.123Z\"'",
        "1700000000.5|'\"2023-11-14T22:13:20.500Z\"'",
        "'\"1700000000\"'|'\"2023-11-14T22:13:20Z\"'",
        "'\"2024-05-01T12:00:00+02:00\"'|'\"2024-05-01T10:00:00Z\"'",
        "'\"2024-05-01 12:00\"'|'\"2024-05-01T12:00:00Z\"'",
        "'\"2024-05-01\"'|'\"2024-05-01T00:00:00Z\"'",
        "'\"not a date\"'|null", "true|null", "null|null"})
    void toDatetimeGivesIsoUtcTextOrNull(String input, String expected) throws Exception {
        assertThat(convert("to_datetime", input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "to_unixtime({0}) = {1}")
    @CsvSource(delimiter = '|', value = {
        "'\"2023-11-14T22:13:20.9Z\"'|1700000000", "1700000000123|1700000000", "'\"1969-12-31T23:59:59.5Z\"'|-1",
        "'\"garbage\"'|null", "null|null"})
    void toUnixtimeGivesWholeEpochSecondsOrNull(String input, String expected) throws Exception {
        assertThat(convert("to_unixtime", input)).isEqualTo(expected);
    }
}
