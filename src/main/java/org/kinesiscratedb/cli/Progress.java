package org.kinesiscratedb.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.kinesiscratedb.relay.RelayStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of a running {@code load}: on a terminal a line that rewrites itself twice a second (records,
 * records/s, rows, dead letters, lag, ETA); elsewhere (a pipe, a log file, a container) an INFO log line every
 * {@link #PLAIN_PERIOD}. {@code --quiet} turns it off.
 */
final class Progress implements AutoCloseable {

    static final Duration TERMINAL_PERIOD = Duration.ofMillis(500);
    static final Duration PLAIN_PERIOD = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final Supplier<RelayStatus> status;
    private final PrintWriter terminal;
    private final java.util.function.Consumer<String> plain;
    private final ScheduledExecutorService timer;
    private final Rates rates = new Rates();
    private int lastWidth;

    /** On a terminal when {@code terminal} is given, else to {@code plain}, every {@code period}. */
    Progress(Supplier<RelayStatus> status, PrintWriter terminal, java.util.function.Consumer<String> plain,
             Duration period) {
        this.status = status;
        this.terminal = terminal;
        this.plain = plain;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::report, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts reporting: to {@code terminal} when it is one (rewriting a line), else to the log. */
    static Progress start(Supplier<RelayStatus> status, PrintWriter terminal, boolean onTerminal) {
        return onTerminal ? new Progress(status, terminal, null, TERMINAL_PERIOD)
                : new Progress(status, null, line -> LOG.info("Progress: {}", line), PLAIN_PERIOD);
    }

    private synchronized void report() {
        RelayStatus now;
        try {
            now = status.get();
        } catch (RuntimeException notStartedYet) {
            return;
        }
        String line = rates.line(now, System.nanoTime());
        if (terminal == null) {
            plain.accept(line);
            return;
        }
        int width = line.length();
        terminal.print("\r" + line + " ".repeat(Math.max(0, lastWidth - width)));
        terminal.flush();
        lastWidth = width;
    }

    /** Stops, and on a terminal clears the progress line so that the summary starts on a clean line. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal != null && lastWidth > 0) {
            terminal.print("\r" + " ".repeat(lastWidth) + "\r");
            terminal.flush();
        }
    }

    /** Turns successive snapshots into rates and an ETA. Package-private for tests. */
    static final class Rates {
        private long lastNanos;
        private long lastRecords;
        private long lastLag = -1;

        String line(RelayStatus status, long nanos) {
            long records = status.summary().records();
            long lag = status.maxMillisBehind();
            double seconds = lastNanos == 0 ? 0 : (nanos - lastNanos) / 1e9;
            double perSecond = seconds <= 0 ? 0 : (records - lastRecords) / seconds;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %,d records (%,.0f/s), %,d rows, %,d dead-lettered", status.stream(), records, perSecond,
                    status.summary().rowsWritten(), status.summary().deadLettered()));
            if (status.summary().filtered() > 0) {
                line.append(String.format(Locale.ROOT, ", %,d filtered", status.summary().filtered()));
            }
            int shards = status.millisBehindByShard().size();
            if (lag >= 0) {
                line.append(String.format(Locale.ROOT, ", %d shard%s, lag %s", shards, shards == 1 ? "" : "s",
                        duration(lag)));
                eta(lag, seconds).ifPresent(eta -> line.append(", ETA ").append(duration(eta)));
            }
            lastNanos = nanos;
            lastRecords = records;
            lastLag = lag;
            return line.toString();
        }

        /**
         * The lag shrinks by (1 s of stream per second of reading − growth): when it shrinks, the time to reach
         * the tip is the lag divided by that speed; when it does not, there is no ETA.
         */
        private java.util.Optional<Long> eta(long lag, double seconds) {
            if (lastLag < 0 || seconds <= 0) {
                return java.util.Optional.empty();
            }
            double shrinkPerSecond = (lastLag - lag) / seconds;
            if (lag == 0) {
                return java.util.Optional.of(0L);
            }
            if (shrinkPerSecond <= 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of((long) (lag / shrinkPerSecond * 1000));
        }

        static String duration(long millis) {
            long totalSeconds = millis / 1000;
            if (totalSeconds < 60) {
                return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
            }
            long hours = totalSeconds / 3600;
            long minutes = totalSeconds % 3600 / 60;
            long seconds = totalSeconds % 60;
            return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds)
                    : String.format(Locale.ROOT, "%d:%02d", minutes, seconds);
        }
    }
}
