package org.kinesiscratedb.relay;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health checks of a relay, shown by {@code run} on the management port ({@code /observe/health}).
 *
 * <ul>
 *   <li><b>readiness</b> ({@code kinesis-cratedb-<relay>}): DOWN while Kinesis cannot be listed or the database
 *       does not answer. Only readiness reacts to remote outages: restarting a healthy relay would not fix them.</li>
 *   <li><b>liveness</b> ({@code kinesis-cratedb-<relay>-supervisor}): DOWN when the supervisor has not completed a
 *       step for {@link #STUCK_AFTER}, i.e. the relay itself is stuck.</li>
 * </ul>
 */
final class RelayHealthChecks {

    static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private RelayHealthChecks() {
    }

    static void register(CamelContext context, String relay, Supplier<RelayStatus> status,
                         BooleanSupplier databaseReachable, Supplier<Duration> sinceLastStep) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry == null) {
            return;
        }
        Readiness readiness = new Readiness(relay, status, databaseReachable);
        readiness.setCamelContext(context);
        Liveness liveness = new Liveness(relay, sinceLastStep);
        liveness.setCamelContext(context);
        registry.register(readiness);
        registry.register(liveness);
    }

    /** Kinesis and the database reachable. */
    static final class Readiness extends AbstractHealthCheck {
        private final Supplier<RelayStatus> status;
        private final BooleanSupplier databaseReachable;

        Readiness(String relay, Supplier<RelayStatus> status, BooleanSupplier databaseReachable) {
            super("kinesis-cratedb", "kinesis-cratedb-" + relay);
            this.status = status;
            this.databaseReachable = databaseReachable;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            RelayStatus now = status.get();
            boolean database = databaseReachable.getAsBoolean();
            builder.detail("stream", now.stream());
            builder.detail("shards", now.millisBehindByShard().size());
            builder.detail("records", now.summary().records());
            builder.detail("database", database ? "reachable" : "unreachable");
            if (now.lastError() != null) {
                builder.detail("kinesis", now.lastError());
            }
            if (now.lastError() == null && database) {
                builder.up();
            } else {
                builder.message(now.lastError() != null ? "Kinesis: " + now.lastError() : "the database does not answer");
                builder.down();
            }
        }
    }

    /** The supervisor still steps. */
    static final class Liveness extends AbstractHealthCheck {
        private final Supplier<Duration> sinceLastStep;

        Liveness(String relay, Supplier<Duration> sinceLastStep) {
            super("kinesis-cratedb", "kinesis-cratedb-" + relay + "-supervisor");
            this.sinceLastStep = sinceLastStep;
        }

        @Override
        public boolean isReadiness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Duration since = sinceLastStep.get();
            builder.detail("seconds.since.last.step", since.toSeconds());
            if (since.compareTo(STUCK_AFTER) > 0) {
                builder.message("the shard supervisor has not completed a step for " + since.toSeconds() + " s");
                builder.down();
            } else {
                builder.up();
            }
        }
    }
}
