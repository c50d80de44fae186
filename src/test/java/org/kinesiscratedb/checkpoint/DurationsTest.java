package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    private static final String HINT = ". Use a combination of Nw, Nd, Nh, Nm, Ns (e.g. '7d', '24h', '2w', '1d12h').";

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({
        "7d, 604800",
        "24h, 86400",
        "30m, 1800",
        "90s, 90",
        "2w, 1209600",
        "1d12h, 129600",
        "1w2d3h15m30s, 789330",
        "0d1s, 1",
    })
    void parsesUnitsInOrder(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void ignoresSurroundingWhiteSpace() {
        assertThat(Durations.parse(" 7d ")).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"1x", "7D", "d7", "1.5h", "-1d", "1h1d", "7 d", "1s1m"})
    void rejectsMalformedTextWithTheOriginalMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid duration: '" + text + "'" + HINT);
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> Durations.parse("")).hasMessage("Invalid duration: ''" + HINT);
        assertThatThrownBy(() -> Durations.parse("   ")).hasMessage("Invalid duration: ''" + HINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0d", "0s", "0w0d0h0m0s"})
    void rejectsZero(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Duration must be positive, got: '" + text + "'");
    }

    @Test
    void rejectsDurationsTooLargeToCount() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999w"))
                .hasMessage("Invalid duration: '99999999999999999999w'" + HINT);
    }

    @Test
    void quotesTextWithASingleQuoteAsPythonDoes() {
        assertThatThrownBy(() -> Durations.parse("7'd")).hasMessage("Invalid duration: \"7'd\"" + HINT);
    }
}
