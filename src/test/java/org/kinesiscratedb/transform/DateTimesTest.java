package org.kinesiscratedb.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The date forms that to_datetime, to_unixtime and prune_invalid_date understand. */
class DateTimesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2024-05-01T12:34:56Z|2024-05-01T12:34:56Z",
        "2024-05-01T12:34:56.123456789Z|2024-05-01T12:34:56.123456789Z",
        "2024-05-01t12:34:56z|2024-05-01T12:34:56Z",
        "2024-05-01T12:34:56+01:00|2024-05-01T11:34:56Z",
        "2024-05-01T12:34:56+0100|2024-05-01T11:34:56Z",
        "2024-05-01T12:34:56-01|2024-05-01T13:34:56Z",
        "2024-05-01T12:34:56|2024-05-01T12:34:56Z",
        "2024-05-01 12:34:56.5|2024-05-01T12:34:56.500Z",
        "2024-05-01T12:34|2024-05-01T12:34:00Z",
        "2024-05-01|2024-05-01T00:00:00Z",
        "'Tue, 3 Jun 2008 11:05:30 GMT'|2008-06-03T11:05:30Z",
        "1700000000|2023-11-14T22:13:20Z",
        "99999999999|5138-11-16T09:46:39Z",
        "100000000000|1973-03-03T09:46:40Z",
        "1700000000123456|2023-11-14T22:13:20.123456Z",
        "1700000000123456789|2023-11-14T22:13:20.123456789Z",
        "-86400|1969-12-31T00:00:00Z",
        "' 2024-05-01T12:00:00Z '|2024-05-01T12:00:00Z"})
    void readsCommonForms(String text, String expected) {
        assertThat(DateTimes.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024-02-30T00:00:00Z", "2024-05-01T25:00:00Z",
        "01/05/2024", "1e400", "2024-05-01T12:34:56+25:00"})
    void refusesWhatIsNoDate(String text) {
        assertThat(DateTimes.parse(text)).isEmpty();
    }
}
