package org.kinesiscratedb.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    private static final String BIG = "49590338271490256608559692538361571095921575989136588898";

    @Test
    void comparesByNumericValueNotAsText() {
        assertThat(SequenceNumbers.compare("10", "9")).isPositive();
        assertThat(SequenceNumbers.compare("9", "10")).isNegative();
        assertThat(SequenceNumbers.compare("007", "7")).isZero();
    }

    @Test
    void comparesNumbersFarBeyondALong() {
        String bigPlusOne = "49590338271490256608559692538361571095921575989136588899";
        String longest = "9".repeat(129);

        assertThat(SequenceNumbers.compare(bigPlusOne, BIG)).isPositive();
        assertThat(SequenceNumbers.compare(longest, "1" + "0".repeat(128))).isPositive();
        assertThat(SequenceNumbers.max(BIG, bigPlusOne)).isEqualTo(bigPlusOne);
        assertThat(SequenceNumbers.max(longest, BIG)).isEqualTo(longest);
    }

    @Test
    void sortsAListNumerically() {
        List<String> sequences = new ArrayList<>(List.of("100", "9", BIG, "10"));

        sequences.sort(SequenceNumbers.ORDER);

        assertThat(sequences).containsExactly("9", "10", "100", BIG);
    }

    @Test
    void acceptsOneTo129DecimalDigits() {
        assertThat(SequenceNumbers.isValid("0")).isTrue();
        assertThat(SequenceNumbers.isValid("9".repeat(129))).isTrue();
        assertThat(SequenceNumbers.isValid("9".repeat(130))).isFalse();
        assertThat(SequenceNumbers.isValid("")).isFalse();
        assertThat(SequenceNumbers.isValid(null)).isFalse();
        assertThat(SequenceNumbers.isValid("-1")).isFalse();
        assertThat(SequenceNumbers.isValid("1e5")).isFalse();
        assertThat(SequenceNumbers.isValid(" 1")).isFalse();
    }

    @Test
    void rejectsInvalidNumbersByName() {
        assertThatThrownBy(() -> SequenceNumbers.compare("12a", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a Kinesis sequence number (1 to 129 decimal digits): '12a'");
        assertThatThrownBy(() -> SequenceNumbers.requireValid(null))
                .hasMessageEndingWith(": null");
    }
}
