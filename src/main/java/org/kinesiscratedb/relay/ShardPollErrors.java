package org.kinesiscratedb.relay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.kinesis.Kinesis2Constants;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handler of the shard routes' Kinesis consumers (the route template's {@code exceptionHandler},
 * bound as {@code <relay name>ShardErrors}). Camel's own handler logs every failed poll as a warning with its
 * stack trace, which floods the log while Kinesis is unreachable; this one logs one line per shard at WARN at
 * most every {@link #WARN_EVERY_SECONDS} s, without a stack trace, and the other failures at DEBUG. The consumer
 * polls again either way (backing off as the route template says).
 */
final class ShardPollErrors implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ShardPollErrors.class);
    static final long WARN_EVERY_SECONDS = 30;
    /** Camel's message names the endpoint; the shard is its {@code shardId} parameter. */
    private static final Pattern SHARD_ID = Pattern.compile("[?&]shardId=([^&\\s]+)");

    /** Per shard: when it was last warned about, and how many failures went to DEBUG since. */
    private static final class ShardState {
        boolean warned;
        long warnedAtNanos;
        long quietFailures;
    }

    private final String streamName;
    private final Function<Throwable, String> describe;
    private final Map<String, ShardState> shards = new ConcurrentHashMap<>();

    ShardPollErrors(String streamName, Function<Throwable, String> describe) {
        this.streamName = streamName;
        this.describe = describe;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String reason = reason(exception);
        if (exchange != null) {
            // Not a failed poll: a record the route could not process (Camel's error handler logs the details).
            LOG.warn("A record of shard {} of stream {} was not processed: {}",
                    exchange.getMessage().getHeader(Kinesis2Constants.SHARD_ID, "?", String.class), streamName,
                    reason);
            return;
        }
        String shardId = shardOf(message);
        long now = System.nanoTime();
        long quietBefore = -1;
        ShardState state = shards.computeIfAbsent(shardId, id -> new ShardState());
        synchronized (state) {
            if (!state.warned || now - state.warnedAtNanos >= TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS)) {
                quietBefore = state.quietFailures;
                state.warned = true;
                state.warnedAtNanos = now;
                state.quietFailures = 0;
            } else {
                state.quietFailures++;
            }
        }
        if (quietBefore >= 0) {
            LOG.warn("Cannot read shard {} of stream {}: {}; retrying{}", shardId, streamName, reason,
                    quietBefore == 0 ? "" : " (" + quietBefore + " more failure(s) since the last warning)");
        } else {
            LOG.debug("Cannot read shard {} of stream {}: {}; retrying", shardId, streamName, reason);
        }
    }

    private static String shardOf(String message) {
        if (message != null) {
            Matcher shard = SHARD_ID.matcher(message);
            if (shard.find()) {
                String shardId = shard.group(1);
                // Camel's message goes on with ". Will try again at next poll"
                return shardId.endsWith(".") ? shardId.substring(0, shardId.length() - 1) : shardId;
            }
        }
        return "?";
    }

    /** The cause's own description, below Camel's and the JDK's wrappers, on one line. */
    private String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause && isWrapper(cause)) {
            cause = cause.getCause();
        }
        String text = describe.apply(cause);
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }

    private static boolean isWrapper(Throwable e) {
        return e.getClass() == RuntimeException.class || e instanceof org.apache.camel.RuntimeCamelException
                || e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.util.concurrent.CompletionException;
    }
}
