package org.kinesiscratedb.target;

import java.sql.SQLException;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Repeats a database action until it succeeds, pausing with exponential backoff between attempts, forever: an
 * outage or a refusing table is waited out, never skipped. {@link #close()} ends every wait at once.
 *
 * <p>Logs a warning when a problem starts (or changes) and when the action succeeds again, not every attempt.
 */
public final class RetryLoop {

    /** A database action. */
    public interface SqlCall<T> {
        T call() throws SQLException;
    }

    private final String target;
    private final WriterOptions options;
    private final Logger log;
    private final Object monitor = new Object();
    private volatile boolean closed;

    public RetryLoop(String target, WriterOptions options, Logger log) {
        this.target = target;
        this.options = options;
        this.log = log;
    }

    /**
     * Runs {@code call} until it succeeds.
     *
     * @param onFailure hears every failure before the pause (to mark caches stale)
     * @throws WriterClosedException if {@link #close()} was called, before or during the wait
     * @throws InterruptedException  if the thread was interrupted during a pause
     */
    public <T> T run(String action, SqlCall<T> call, Consumer<SQLException> onFailure) throws InterruptedException {
        long delay = options.initialBackoff().toMillis();
        int failures = 0;
        long firstFailureNanos = 0;
        String problem = null;
        while (true) {
            checkOpen();
            try {
                T result = call.call();
                if (failures > 0) {
                    log.warn("{} on {} succeeded after {} failed attempt(s) over {}", action, target, failures,
                            readable((System.nanoTime() - firstFailureNanos) / 1_000_000L));
                }
                return result;
            } catch (SQLException e) {
                if (failures++ == 0) {
                    firstFailureNanos = System.nanoTime();
                }
                onFailure.accept(e);
                boolean outage = SqlErrors.isOutage(e);
                String current = outage ? "outage" : SqlErrors.describe(e);
                if (!current.equals(problem)) {
                    log.warn("{} on {} failed ({}, attempt {}): {}; retrying with backoff up to {}", action, target,
                            outage ? "database unreachable" : "database error", failures, SqlErrors.describe(e),
                            readable(options.maxBackoff().toMillis()));
                    problem = current;
                } else {
                    log.debug("{} on {} failed again (attempt {}): {}", action, target, failures,
                            SqlErrors.describe(e));
                }
                pause(delay);
                delay = Math.min(delay * 2, options.maxBackoff().toMillis());
            }
        }
    }

    /** Ends every pause now and makes every later {@link #run} throw {@link WriterClosedException}. */
    public void close() {
        closed = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private static String readable(long millis) {
        return millis < 10_000 ? millis + " ms" : millis / 1_000 + " s";
    }

    private void pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (monitor) {
            long remaining;
            while (!closed && (remaining = deadline - System.nanoTime()) > 0) {
                monitor.wait(Math.max(1, remaining / 1_000_000L));
            }
        }
        checkOpen();
    }

    private void checkOpen() {
        if (closed) {
            throw new WriterClosedException("the writer for " + target + " was closed");
        }
    }
}
