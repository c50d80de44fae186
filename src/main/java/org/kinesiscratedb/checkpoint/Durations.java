package org.kinesiscratedb.checkpoint;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ages as {@code prune-checkpoints --older-than} takes them: {@code Nw Nd Nh Nm Ns}, each optional, in this
 * order, lower case ({@code 7d}, {@code 24h}, {@code 1w2d3h15m30s}). Errors use the texts of cratedb-toolkit.
 */
public final class Durations {

    private static final Pattern GRAMMAR =
            Pattern.compile("^(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");
    private static final long[] SECONDS_PER_UNIT = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};

    private Durations() {
    }

    /**
     * Parses a duration; surrounding white space is ignored.
     *
     * @throws IllegalArgumentException with {@code Invalid duration: '...'. Use a combination of ...} for an
     *                                  empty or malformed text, {@code Duration must be positive, got: '...'} for zero
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip();
        Matcher matcher = GRAMMAR.matcher(value);
        if (value.isEmpty() || !matcher.matches()) {
            throw invalid(value);
        }
        long seconds = 0;
        try {
            for (int unit = 0; unit < SECONDS_PER_UNIT.length; unit++) {
                String count = matcher.group(unit + 1);
                if (count != null) {
                    seconds = Math.addExact(seconds, Math.multiplyExact(Long.parseLong(count), SECONDS_PER_UNIT[unit]));
                }
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw invalid(value);
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("Duration must be positive, got: " + quote(value));
        }
        return Duration.ofSeconds(seconds);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("Invalid duration: " + quote(value)
                + ". Use a combination of Nw, Nd, Nh, Nm, Ns (e.g. '7d', '24h', '2w', '1d12h').");
    }

    /** Quotes like Python's repr() of a string, which the original messages use. */
    static String quote(String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }
}
