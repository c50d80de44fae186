package org.kinesiscratedb.checkpoint;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Route;
import org.apache.camel.component.aws2.kinesis.Kinesis2Endpoint;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a relay's checkpoints on the lifecycle of its shard routes: saves them every {@code interval}, and when a
 * shard route stops (a clean shutdown, or a shard that is closed and read to its end) first has the shard's
 * pending batch written, then saves its checkpoint and marks its row {@code active = FALSE}.
 *
 * <p>Progress itself comes from the {@link Checkpointer}, which hears about records only once their batch is
 * written or dead-lettered: a record that was merely received never moves a checkpoint.
 *
 * <p>One policy serves all shard routes of a relay (the relay binds it as {@code <relay name>Checkpoints}; the
 * route template refers to it). Being shared, it keeps its timer across route stops; {@link #close()} ends it.
 */
public class CheckpointRoutePolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRoutePolicy.class);

    /** Writes what a shard has buffered, before its checkpoint is saved for the last time. */
    public interface ShardFlush {
        void flush(String shardId) throws InterruptedException;
    }

    private final Checkpointer checkpointer;
    private final Duration interval;
    private final ShardFlush shardFlush;
    private ScheduledExecutorService timer;

    public CheckpointRoutePolicy(Checkpointer checkpointer, Duration interval, ShardFlush shardFlush) {
        this.checkpointer = checkpointer;
        this.interval = interval;
        this.shardFlush = shardFlush;
    }

    @Override
    public synchronized void onStart(Route route) {
        if (timer == null && checkpointer.persistent()) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "checkpoints-" + checkpointer.namespace());
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            timer.scheduleWithFixedDelay(checkpointer::flush, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onStop(Route route) {
        shardOf(route).ifPresent(shardId -> {
            try {
                shardFlush.flush(shardId);
                checkpointer.release(List.of(shardId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Stopped before the last batch of shard {} was written; it will be read again", shardId);
            } catch (RuntimeException e) {
                LOG.warn("The last batch of shard {} was not written ({}); it will be read again", shardId,
                        e.toString());
            }
        });
    }

    /** Stops the timer and saves once more. */
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        checkpointer.flush();
    }

    private static Optional<String> shardOf(Route route) {
        if (route.getEndpoint() instanceof Kinesis2Endpoint kinesis) {
            String shardId = kinesis.getConfiguration().getShardId();
            return shardId == null || shardId.isEmpty() ? Optional.empty() : Optional.of(shardId);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "CheckpointRoutePolicy[namespace=" + checkpointer.namespace() + ", interval=" + interval.toMillis()
                + " ms, persistent=" + checkpointer.persistent() + "]";
    }
}
