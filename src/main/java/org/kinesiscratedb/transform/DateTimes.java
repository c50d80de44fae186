package org.kinesiscratedb.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads points in time from JSON values, for {@code to_datetime}, {@code to_unixtime} and
 * {@code prune_invalid_date}.
 *
 * <p>Accepted: ISO-8601 date-times with {@code T} or a space, optional seconds and fraction (up to nanoseconds),
 * and an offset as {@code Z}, {@code +01:00}, {@code +0100} or {@code +01} (without one: UTC); a date alone
 * (midnight UTC); RFC 1123 ({@code Tue, 3 Jun 2008 11:05:30 GMT}); and epoch numbers, as JSON numbers or decimal
 * text, whose unit follows from their size: below 10^11 seconds (until the year 5138), below 10^14 milliseconds,
 * below 10^17 microseconds, else nanoseconds.
 */
final class DateTimes {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private static final BigDecimal SECONDS_LIMIT = BigDecimal.valueOf(100_000_000_000L);

    private DateTimes() {
    }

    /** The point in time a value stands for, if it is one of the accepted forms. */
    static Optional<Instant> parse(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return fromEpoch(value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue());
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        return parse(value.textValue());
    }

    static Optional<Instant> parse(String input) {
        String text = input.trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (NUMBER.matcher(text).matches()) {
            return fromEpoch(new BigDecimal(text));
        }
        try {
            if (Character.isLetter(text.charAt(0))) {
                return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.length() > 10 && text.charAt(10) == ' ') {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            TemporalAccessor parsed = ISO.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return Optional.of(parsed instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> fromEpoch(BigDecimal number) {
        BigDecimal magnitude = number.abs();
        int thousands = 0;
        while (thousands < 3 && magnitude.compareTo(SECONDS_LIMIT.movePointRight(3 * thousands)) >= 0) {
            thousands++;
        }
        BigDecimal seconds = number.movePointLeft(3 * thousands);
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
            return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), nanos));
        } catch (ArithmeticException | DateTimeException outOfRange) {
            return Optional.empty();
        }
    }

    /** ISO-8601 in UTC: {@code 2024-05-01T12:00:00Z}, with a fraction only where there is one. */
    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
