package org.kinesiscratedb.checkpoint;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Kinesis sequence numbers: decimal strings of up to 129 digits. They are compared as big integers, never as
 * strings ({@code "10" > "9"}) or longs (they do not fit).
 */
public final class SequenceNumbers {

    /** The longest sequence number Kinesis documents. */
    public static final int MAX_DIGITS = 129;

    /** Orders valid sequence numbers by their numeric value. */
    public static final Comparator<String> ORDER = SequenceNumbers::compare;

    private SequenceNumbers() {
    }

    /** Whether {@code sequence} is 1 to 129 decimal digits. */
    public static boolean isValid(String sequence) {
        // A loop, not DIGITS.matcher(): this runs for every record.
        if (sequence == null || sequence.isEmpty() || sequence.length() > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < sequence.length(); i++) {
            char c = sequence.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code sequence} if it is valid.
     *
     * @throws IllegalArgumentException otherwise, naming the value
     */
    public static String requireValid(String sequence) {
        if (!isValid(sequence)) {
            throw new IllegalArgumentException("Not a Kinesis sequence number (1 to " + MAX_DIGITS
                    + " decimal digits): " + (sequence == null ? "null" : "'" + sequence + "'"));
        }
        return sequence;
    }

    /** The numeric value of a valid sequence number. */
    public static BigInteger value(String sequence) {
        return new BigInteger(requireValid(sequence));
    }

    /** Negative, zero or positive as {@code a} is numerically below, equal to or above {@code b}. */
    public static int compare(String a, String b) {
        return value(a).compareTo(value(b));
    }

    /** The numerically larger of two sequence numbers ({@code a} when they are equal). */
    public static String max(String a, String b) {
        return compare(a, b) >= 0 ? a : b;
    }
}
