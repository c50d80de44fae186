package org.kinesiscratedb.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.aws2.kinesis.Kinesis2Constants;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.kinesiscratedb.Causes;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.cdc.DmsRecipe;
import org.kinesiscratedb.cdc.DmsSink;
import org.kinesiscratedb.cdc.DynamoDbSink;
import org.kinesiscratedb.checkpoint.CheckpointRoutePolicy;
import org.kinesiscratedb.checkpoint.CheckpointSettings;
import org.kinesiscratedb.checkpoint.CheckpointStore;
import org.kinesiscratedb.checkpoint.Checkpointer;
import org.kinesiscratedb.checkpoint.JdbcCheckpointStore;
import org.kinesiscratedb.checkpoint.MemoryCheckpointStore;
import org.kinesiscratedb.source.ExpiredCheckpointException;
import org.kinesiscratedb.source.KinesisClients;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.source.KinesisSourceSettings;
import org.kinesiscratedb.source.ObservingKinesisClient;
import org.kinesiscratedb.source.ShardSupervisor;
import org.kinesiscratedb.source.StartPosition;
import org.kinesiscratedb.source.StreamCreator;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.TargetSettings;
import org.kinesiscratedb.transform.CollectionTransformation;
import org.kinesiscratedb.transform.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay as one Camel bean: the processor of every shard route ({@link #process}), the supervisor step of the
 * supervisor route ({@link #supervise}), and the owner of the writer, the batches and the Kinesis client.
 *
 * <p>Configured with the same URLs as {@code load}: {@link #setSource} ({@code kinesis:?...}) and
 * {@link #setTarget} ({@code crate://...}). The routes in {@code routes/kinesis-to-cratedb.camel.yaml} refer to it
 * by name ({@code kinesisRelay}); {@code load} binds it itself, {@code run} creates it from application.properties.
 */
public class KinesisRelay implements Processor, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisRelay.class);

    /** The packaged copies of the shard route template and the supervisor route in routes/, which {@code load} runs. */
    public static final String ROUTES = "classpath:kinesis-cratedb/routes/kinesis-shard.camel.yaml,"
            + "classpath:kinesis-cratedb/routes/kinesis-to-cratedb.camel.yaml";

    /** Name of the route template that reads one shard. */
    public static final String SHARD_TEMPLATE = "kinesis-shard";

    private String source;
    private String target;
    private Path transformation;
    private Optional<CollectionTransformation> transformationFor = Optional.empty();
    private DmsRecipe dmsRecipe;
    private String name = "kinesisRelay";
    private boolean follow = true;
    private long lingerMillis = 200;
    private long maxBatchBytes = 4L * 1024 * 1024;
    /** Batches stay at least this large however many shards share the heap (about 200 small records). */
    private static final long MIN_BATCH_BYTES = 256L * 1024;
    private long pollDelayMillis = 250;

    private volatile KinesisSourceSettings sourceSettings;
    private CamelContext camelContext;
    private ObservingKinesisClient client;
    private static final int MAX_POOL_SIZE = 16;
    /**
     * How long a stop waits for the shards' last batches, all shards together, counted from the moment the Camel
     * context starts stopping: readers waiting for the writer give up then, and so does the last flush. Well inside
     * Camel's 30 s to stop the routes and the CLI's 45 s bound ({@code GracefulStop}).
     */
    private static final long STOP_FLUSH_SECONDS = 20;
    /**
     * How long the last checkpoint save and closing the database may take after the stop deadline (or after the
     * last batch, when that came earlier): a database that is down would hold them for its timeouts.
     */
    private static final long STOP_CLOSE_SECONDS = 10;
    private final StopDeadline stopDeadline = new StopDeadline();
    private volatile boolean unwrittenAtStop;
    /** Shards whose route policy already logged that their last batch was not written. */
    private final Set<String> reportedUnwritten = ConcurrentHashMap.newKeySet();
    private boolean stopListenerAdded;

    private TargetDatabase database;
    private RecordSink sink;
    private Checkpointer checkpointer;
    private RelayMetrics metrics;
    private CheckpointRoutePolicy checkpointPolicy;
    private ShardSupervisor supervisor;
    private ScheduledExecutorService lingerExecutor;
    private final Map<String, ShardBatcher> batchers = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final CompletableFuture<RelaySummary> finished = new CompletableFuture<>();
    private volatile long startNanos;
    private volatile long lastWriteNanos;
    private volatile boolean finishing;
    private boolean started;
    private long lastTickWarningNanos;
    private long firstTransientFailureNanos;
    private volatile long lastGoodTickNanos = System.nanoTime();
    private volatile long lastStepNanos = System.nanoTime();
    private volatile String lastTickError;
    private volatile List<String> runningShards = List.of();

    public KinesisRelay() {
    }

    /** A relay for {@code load}: bounded unless {@code follow}. */
    public KinesisRelay(String source, String target, boolean follow) {
        setSource(source);
        setTarget(target);
        setFollow(follow);
    }

    // ---- configuration (bean properties) ----

    /**
     * The source URL: {@code kinesis:?...} (JSON records), {@code kinesis+dms://...} (AWS DMS change events) or
     * {@code kinesis+dynamodb+cdc://...} (DynamoDB Streams records). Blank means "not configured" (a relay bean
     * that application.properties declares but does not use).
     */
    public void setSource(String source) {
        if (source == null || source.isBlank()) {
            this.source = null;
            this.sourceSettings = null;
            return;
        }
        this.source = source;
        this.sourceSettings = KinesisSourceSettings.parse(source);
        sourceSettings.warnings().forEach(LOG::warn);
    }

    /** The target URL, e.g. {@code crate://crate@localhost:4200/testdrive/kinesis}. Blank: not configured. */
    public void setTarget(String target) {
        if (target == null || target.isBlank()) {
            this.target = null;
            return;
        }
        TargetSettings.parse(target, false); // fail fast on a bad URL; the table is checked with the source
        this.target = target;
    }

    /**
     * A transformation file: tikray for {@code kinesis:} sources, a DMS recipe for {@code kinesis+dms://}. Blank:
     * none.
     */
    public void setTransformation(String transformation) {
        this.transformation = transformation == null || transformation.isBlank() ? null : Path.of(transformation);
    }

    /**
     * Checks that source, target and transformation fit together and loads the transformation file, so that a
     * mistake is reported before anything starts.
     *
     * @throws SettingsException naming what is wrong
     */
    public void validate() {
        if (sourceSettings == null || target == null) {
            throw new SettingsException(name + " needs both a 'source' and a 'target' URL");
        }
        TargetSettings targetSettings = TargetSettings.parse(target, false);
        switch (sourceSettings.format()) {
            case JSON -> {
                String table = targetSettings.table().orElseThrow(() -> new SettingsException(
                        "TARGET: a kinesis: source loads one table; give it as crate://host/<schema>/<table>"));
                transformationFor = transformation == null ? Optional.empty()
                        : Transformation.load(transformation).forTable(targetSettings.schema(), table);
            }
            case DMS -> {
                if (targetSettings.table().isPresent()) {
                    throw new SettingsException("TARGET: a kinesis+dms:// source writes one table per source table "
                            + "into the target schema; give crate://host/<schema> without a table");
                }
                dmsRecipe = transformation == null ? DmsRecipe.empty() : DmsRecipe.load(transformation);
            }
            case DYNAMODB_CDC -> {
                targetSettings.table().orElseThrow(() -> new SettingsException(
                        "TARGET: a kinesis+dynamodb+cdc:// source loads one table; give crate://host/<schema>/<table>"));
                if (transformation != null) {
                    throw new SettingsException("--transformation: kinesis+dynamodb+cdc:// sources take no "
                            + "transformation file");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Keep reading forever (true, the default for routes) or stop once every shard is caught up (load). */
    public void setFollow(boolean follow) {
        this.follow = follow;
    }

    /** The bean name the shard routes use to reach this relay. */
    public void setName(String name) {
        this.name = name;
    }

    /** How long a record may wait for its batch to fill before the batch is written anyway (default 200 ms). */
    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /**
     * The bytes at which a batch is written even if it has fewer records than the batch size (default 4 MB): its
     * payloads plus 1 KB per record for what a record costs in memory besides its payload. Lower with many shards.
     */
    public void setMaxBatchBytes(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    /** Pause between GetRecords calls of a shard that returned nothing (default 250 ms; Kinesis allows 5/s). */
    public void setPollDelayMillis(long pollDelayMillis) {
        this.pollDelayMillis = pollDelayMillis;
    }

    public KinesisSourceSettings sourceSettings() {
        return sourceSettings;
    }

    /** Completes with the summary when a bounded load is done, or exceptionally when it cannot go on. */
    public CompletableFuture<RelaySummary> finished() {
        return finished;
    }

    // ---- the supervisor route ----

    /** One supervision step, called by the supervisor route's timer. Starts the relay on first use. */
    public void supervise(Exchange exchange) throws Exception {
        lastStepNanos = System.nanoTime();
        if (finished.isDone() || finishing) {
            return;
        }
        try {
            if (!started) {
                setCamelContext(exchange.getContext());
                startRelay();
                started = true;
                // Stops with the context. A context service, not a route service: stopping a shard route (whose
                // processor this bean is) must not stop the relay.
                camelContext.addService(lifecycle, true, true);
            }
            boolean caughtUp = supervisor.tick();
            runningShards = supervisor.running();
            if (metrics != null) {
                metrics.refresh(status());
            }
            lastGoodTickNanos = System.nanoTime();
            lastTickError = null;
            if (caughtUp && !follow) {
                finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExpiredCheckpointException e) {
            LOG.error(e.getMessage());
            supervisor.stopAll();
            finished.completeExceptionally(e);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof org.apache.camel.RuntimeCamelException && e.getCause() != null
                    ? e.getCause() : e;
            if (!follow && (supervisor == null || supervisor.running().isEmpty()) && !retryable(cause)) {
                // Nothing was read yet and nobody waits for a stream that is not there: fail the load.
                finished.completeExceptionally(new IllegalStateException(describe(cause), cause));
                return;
            }
            lastTickError = describe(cause);
            long now = System.nanoTime();
            if (now - lastTickWarningNanos > TimeUnit.SECONDS.toNanos(30)) {
                LOG.warn("Cannot supervise the shards of stream {}: {}; retrying", sourceSettings.streamName(),
                        describe(cause));
                lastTickWarningNanos = now;
            }
        }
    }

    /**
     * Throttling, a 5xx answer or a network error may pass: a bounded load retries them for up to
     * {@link TargetDatabase#BOUNDED_WAIT} before it gives up; anything else (a missing stream, bad credentials)
     * ends it at once.
     */
    private boolean retryable(Throwable e) {
        boolean transientError = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                ? aws.isThrottlingException() || aws.statusCode() >= 500
                : e instanceof software.amazon.awssdk.core.exception.SdkClientException
                        && e.getCause() instanceof java.io.IOException
                        && Causes.find(e, SSLException.class).isEmpty(); // a refused certificate stays refused
        if (!transientError) {
            return false;
        }
        long now = System.nanoTime();
        if (firstTransientFailureNanos == 0) {
            firstTransientFailureNanos = now;
        }
        return now - firstTransientFailureNanos < TargetDatabase.BOUNDED_WAIT.toNanos();
    }

    /**
     * One line for the user. The AWS SDK's own texts for missing credentials (its whole provider chain, about 1,500
     * characters) and TLS failures (a certificate path exception) say what went wrong but not what to do.
     */
    private String describe(Throwable e) {
        if (e instanceof software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException) {
            return "Stream '" + sourceSettings.streamName() + "' not found in region " + sourceSettings.region()
                    + sourceSettings.endpoint().map(uri -> " at " + uri).orElse("");
        }
        String message = e.getMessage();
        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException && message != null
                && message.startsWith("Unable to load credentials from any of the providers")) {
            String env = System.getenv("AWS_PROFILE");
            Optional<String> profile = env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
            if (message.contains("Unable to load SSO token")) {
                return "The AWS SSO (IAM Identity Center) profile" + profile.map(p -> " '" + p + "'").orElse("")
                        + " has no valid login: run 'aws sso login" + profile.map(p -> " --profile " + p).orElse("")
                        + "' and try again";
            }
            return "No AWS credentials found: give aws_access_key_id and aws_secret_access_key in the source URL, "
                    + "or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE"
                    + profile.map(p -> ", now '" + p + "'").orElse("")
                    + ") in ~/.aws/credentials, a web identity token, or run with an ECS task or EC2 instance role";
        }
        Optional<SSLException> tls = Causes.find(e, SSLException.class);
        if (tls.isPresent()) {
            return "TLS handshake with " + kinesisEndpoint() + " failed: " + innermostMessage(tls.get())
                    + "; for an emulator with a self-signed certificate add tls_verify=false to the source URL "
                    + "(turns certificate checks off)";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** The most specific reason: the message of the deepest cause that has one (e.g. the certificate path's). */
    private static String innermostMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    /** The Kinesis endpoint as scheme://host:port (never user info or a path), or AWS's for the region. */
    private String kinesisEndpoint() {
        return sourceSettings.endpoint()
                .map(uri -> uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                .orElse("the AWS Kinesis endpoint of region " + sourceSettings.region());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext == null) {
            this.camelContext = camelContext;
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Stops the relay with the Camel context (it starts with the first supervisor tick). */
    private final ServiceSupport lifecycle = new ServiceSupport() {
        @Override
        protected void doStop() throws Exception {
            stopRelay();
        }
    };

    /**
     * Connects everything. When a step fails (Kinesis or the database not there yet), what was opened is closed
     * again, so that the next supervisor tick can start over cleanly.
     */
    private void startRelay() throws Exception {
        validate();
        startNanos = System.nanoTime();
        TargetSettings targetSettings = TargetSettings.parse(target, false);
        ObservingKinesisClient kinesis = new ObservingKinesisClient(KinesisClients.create(sourceSettings));
        try {
            // Fail before creating any table when the stream is not there (a typo in the URL, the wrong region).
            new StreamCreator(kinesis.delegate(), sourceSettings).ensureStream();
            LOG.info("Relaying {} to {}", sourceSettings, targetSettings);
            // A bounded load gives up on a database that does not answer; a relay that follows waits for it.
            database = follow ? TargetDatabase.connect(targetSettings, name, MAX_POOL_SIZE)
                    : TargetDatabase.connect(targetSettings, name, MAX_POOL_SIZE, TargetDatabase.BOUNDED_WAIT);
            sink = createSink(targetSettings);
            sink.open();
            CheckpointSettings checkpoints = sourceSettings.checkpoint();
            checkpointer = new Checkpointer(checkpointStore(checkpoints),
                    checkpoints.namespaceFor(sourceSettings.streamNameOrArn()));
            Map<String, String> resume = checkpointer.open();
            checkpointPolicy = new CheckpointRoutePolicy(checkpointer, checkpoints.interval(), this::flushShard);
            supervisor = new ShardSupervisor(sourceSettings.streamName(), kinesis, sourceSettings.startPosition(),
                    resume, checkpoints.onExpired() == CheckpointSettings.OnExpired.FAIL,
                    new CamelShardReaders(), new BatchHandling());
        } catch (Exception | Error e) {
            kinesis.close();
            if (sink != null) {
                sink.close();
                sink = null;
            }
            if (database != null) {
                database.close();
                database = null;
            }
            throw e;
        }
        client = kinesis;
        // Camel's registry is not made for concurrent binds: two relays may start in the same instant.
        synchronized (camelContext.getRegistry()) {
            camelContext.getRegistry().bind(clientBeanName(), client);
            camelContext.getRegistry().bind(checkpointPolicyBeanName(), checkpointPolicy);
            // The route template finds it by name: {{relay}}ShardErrors.
            camelContext.getRegistry().bind(name + "ShardErrors", new ShardPollErrors(sourceSettings.streamName(),
                    this::describe));
        }
        metrics = RelayMetrics.bindIfPresent(camelContext, name, sourceSettings.streamName(), this::summary,
                () -> checkpointer.checkpointAge());
        RelayHealthChecks.register(camelContext, name, this::status, this::databaseReachable,
                () -> Duration.ofNanos(System.nanoTime() - lastStepNanos));
        lingerExecutor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-linger");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, lingerMillis / 4);
        lingerExecutor.scheduleWithFixedDelay(this::flushLingering, period, period, TimeUnit.MILLISECONDS);
        if (!stopListenerAdded) {
            camelContext.getManagementStrategy().addEventNotifier(new StopListener());
            stopListenerAdded = true;
        }
    }

    /**
     * Hears that the Camel context starts stopping. Camel fires this event at the start of its stop, before the
     * routes are shut down, so a reader that waits for a database that is down learns about the stop in time to give
     * up before Camel's shutdown timeout (the routes' own onStop comes only after their readers return).
     */
    private final class StopListener extends EventNotifierSupport {
        StopListener() {
            setIgnoreCamelContextInitEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeEvents(true); // keeps Camel from creating an event per exchange
            setIgnoreStepEvents(true);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof CamelEvent.CamelContextStoppingEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            beginStop();
        }
    }

    /** Sets the stop deadline, once; every shard's batcher shares it. */
    private void beginStop() {
        if (stopDeadline.begin(System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_FLUSH_SECONDS))) {
            LOG.debug("Stopping: the shards' last batches get {} s", STOP_FLUSH_SECONDS);
        }
    }

    private RecordSink createSink(TargetSettings targetSettings) {
        return switch (sourceSettings.format()) {
            case JSON -> new JsonTableSink(database, targetSettings.table().orElseThrow(), transformationFor);
            case DMS -> new DmsSink(database, dmsRecipe);
            case DYNAMODB_CDC -> new DynamoDbSink(database, targetSettings.table().orElseThrow());
        };
    }

    private Optional<CheckpointStore> checkpointStore(CheckpointSettings checkpoints) {
        return switch (checkpoints.kind()) {
            case NONE -> Optional.empty();
            case MEMORY -> Optional.of(new MemoryCheckpointStore());
            case CRATEDB -> Optional.of(new JdbcCheckpointStore(database.dataSource(), database.dialect(),
                    checkpoints.schema()));
        };
    }

    private void stopRelay() {
        beginStop(); // normally done already, when the context started stopping
        if (lingerExecutor != null) {
            lingerExecutor.shutdownNow();
        }
        for (ShardBatcher batcher : batchers.values()) {
            if (!flushBeforeStop(batcher) && !reportedUnwritten.contains(batcher.shardId())) {
                LOG.warn("The last batch of shard {} was not written within {} s; it will be read again after a "
                        + "restart", batcher.shardId(), STOP_FLUSH_SECONDS);
            }
        }
        closeBeforeStop();
        if (!finished.isDone()) {
            LOG.info("Stopped reading stream {}: {}", sourceSettings.streamName(), summary());
            if (unwrittenAtStop) {
                finished.completeExceptionally(new IllegalStateException("Stopped with records read but not "
                        + "written (the database did not answer within " + STOP_FLUSH_SECONDS + " s): "
                        + summary() + "; they will be read again after a restart"));
            } else {
                finished.complete(summary());
            }
        }
    }

    private void finish() throws InterruptedException {
        finishing = true;
        supervisor.stopAll();
        flushAll();
        RelaySummary summary = summary();
        LOG.info("Every shard of stream {} is caught up: {}", sourceSettings.streamName(), summary);
        finished.complete(summary);
    }

    /**
     * Writes what one shard has buffered (before its checkpoint is saved for the last time).
     *
     * @throws UnwrittenAtStopException when the batch was not written in time: the route policy then logs it and
     *                                  does not touch the checkpoint table (the database does not answer); the
     *                                  relay's own stop saves what can be saved, in bounded time
     */
    private void flushShard(String shardId) throws InterruptedException {
        ShardBatcher batcher = batchers.get(shardId);
        if (batcher != null && !flushBeforeStop(batcher)) {
            reportedUnwritten.add(shardId);
            throw new UnwrittenAtStopException("the database did not answer within " + STOP_FLUSH_SECONDS + " s");
        }
    }

    /** A shard's last batch was not written when its route stopped; reads as its message alone in the log. */
    private static final class UnwrittenAtStopException extends IllegalStateException {
        UnwrittenAtStopException(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * A stop waits for the last batches a bounded time, {@link #STOP_FLUSH_SECONDS} for all shards together while
     * Camel stops: with the database down they are read again after a restart, and the stop says so.
     *
     * @return whether everything of the shard is written
     */
    private boolean flushBeforeStop(ShardBatcher batcher) {
        long timeoutNanos = TimeUnit.SECONDS.toNanos(STOP_FLUSH_SECONDS);
        if (camelContext != null && (camelContext.isStopping() || camelContext.isStopped())) {
            beginStop();
            timeoutNanos = Math.max(0, stopDeadline.remainingNanos());
        }
        try {
            if (batcher.flush(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unwrittenAtStop = true;
        return false;
    }

    /**
     * Saves the checkpoints a last time (and marks the shards inactive), then closes the sink, the writers and the
     * database, on a thread of its own that the stop waits for at most {@link #STOP_CLOSE_SECONDS} past the stop
     * deadline: with the database down, a save would wait for its connection or socket timeout, and closing the pool
     * for connections being made. When batches were left unwritten the database did not answer, so the rows are not
     * marked inactive (they stay active until resumed or pruned). Cutting this short loses nothing: a checkpoint
     * covers only written records, so a restart reads again what the last saved checkpoint does not cover.
     */
    private void closeBeforeStop() {
        boolean release = !unwrittenAtStop;
        CountDownLatch checkpointsSaved = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                if (checkpointPolicy != null) {
                    checkpointPolicy.close();
                    if (release) {
                        checkpointer.release(checkpointer.shards());
                    }
                }
                checkpointsSaved.countDown();
                if (sink != null) {
                    sink.close(); // ends the writers' retries
                }
                batchers.values().forEach(ShardBatcher::shutdown);
                if (database != null) {
                    database.close(); // also ends a statement a writer still waits for
                }
            } catch (RuntimeException e) {
                LOG.warn("Closing the relay of stream {} failed: {}", sourceSettings.streamName(), e.toString());
            }
        }, name + "-stop");
        closer.setDaemon(true);
        closer.start();
        long until = Math.max(stopDeadline.nanos(), System.nanoTime())
                + TimeUnit.SECONDS.toNanos(STOP_CLOSE_SECONDS);
        try {
            closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointsSaved.getCount() > 0) {
            LOG.warn("The database did not answer the last checkpoint save of stream {} within {} s; a restart reads "
                    + "again what was written since the last saved checkpoint", sourceSettings.streamName(),
                    STOP_CLOSE_SECONDS);
        } else if (closer.isAlive()) {
            LOG.debug("The connections to the database of stream {} are still closing", sourceSettings.streamName());
        }
    }

    private void flushAll() throws InterruptedException {
        for (ShardBatcher batcher : batchers.values()) {
            batcher.flush();
        }
    }

    private void flushLingering() {
        long now = System.nanoTime();
        for (ShardBatcher batcher : batchers.values()) {
            batcher.flushIfLingering(now);
        }
    }

    /** How the relay is doing now; cheap, callable from any thread. */
    public RelayStatus status() {
        Map<String, Long> lags = new java.util.TreeMap<>();
        if (client != null) {
            for (String shardId : runningShards) {
                lags.put(shardId, client.progress(sourceSettings.streamName(), shardId).millisBehindLatest());
            }
        }
        return new RelayStatus(sourceSettings == null ? "" : sourceSettings.streamName(), summary(), lags,
                Duration.ofNanos(System.nanoTime() - lastGoodTickNanos), lastTickError,
                checkpointer == null ? Duration.ZERO : checkpointer.checkpointAge());
    }

    /** Whether the target database answers a validity check now (may wait for a connection up to 10 s). */
    public boolean databaseReachable() {
        if (database == null) {
            return false;
        }
        try (java.sql.Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    public RelaySummary summary() {
        long end = lastWriteNanos == 0 ? System.nanoTime() : lastWriteNanos;
        return new RelaySummary(records.get(), rowsWritten.get(), deadLettered.get(), filtered.get(),
                Duration.ofNanos(Math.max(0, end - startNanos)));
    }

    private String checkpointPolicyBeanName() {
        return name + "Checkpoints";
    }

    private String clientBeanName() {
        return name + "KinesisClient";
    }

    // ---- the shard routes ----

    /** Takes one record from a shard route into its shard's batch. */
    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String shardId = message.getHeader(Kinesis2Constants.SHARD_ID, String.class);
        KinesisRecord record = new KinesisRecord(sourceSettings.streamName(), shardId,
                message.getHeader(Kinesis2Constants.SEQUENCE_NUMBER, String.class),
                message.getHeader(Kinesis2Constants.PARTITION_KEY, String.class),
                message.getHeader(Kinesis2Constants.APPROX_ARRIVAL_TIME, Instant.class),
                message.getBody(byte[].class));
        records.incrementAndGet();
        checkpointer.received(shardId, record.sequenceNumber());
        batcher(shardId).add(record);
    }

    private ShardBatcher batcher(String shardId) {
        return batchers.computeIfAbsent(shardId, id -> new ShardBatcher(id, sourceSettings.batchSize(),
                batchBytes(), TimeUnit.MILLISECONDS.toNanos(lingerMillis), sink, this::batchHandled, stopDeadline));
    }

    /**
     * The bytes of one batch (payloads plus {@link ShardBatcher#RECORD_OVERHEAD_BYTES} per record): at most
     * {@code maxBatchBytes}, and with many shards less, so that every shard's two batches (one filling, one being
     * written) fit a quarter of the heap, as the reads fit another quarter ({@code ReadBudget}). Fixed when a shard's
     * batcher is made, from the shards read then.
     */
    private long batchBytes() {
        long shards = Math.max(1, Math.max(runningShards.size(), batchers.size() + 1));
        long share = Runtime.getRuntime().maxMemory() / 4 / shards / 2;
        return Math.max(MIN_BATCH_BYTES, Math.min(maxBatchBytes, share));
    }

    private void batchHandled(String shardId, List<KinesisRecord> batch, RecordSink.SinkResult result, long nanos) {
        List<String> sequences = new java.util.ArrayList<>(batch.size());
        for (KinesisRecord record : batch) {
            sequences.add(record.sequenceNumber());
        }
        checkpointer.handled(shardId, sequences);
        rowsWritten.addAndGet(result.rowsWritten());
        deadLettered.addAndGet(result.deadLettered());
        filtered.addAndGet(result.filtered());
        lastWriteNanos = System.nanoTime();
        if (metrics != null) {
            metrics.batchWritten(nanos);
        }
    }

    /** CDC sources say how long to sleep when idle in their URL ({@code idle-sleep}). */
    private long pollDelay() {
        return sourceSettings.format() == KinesisSourceSettings.Format.JSON ? pollDelayMillis
                : sourceSettings.idleSleep().toMillis();
    }

    private String routeId(String shardId) {
        return name + "-" + sourceSettings.streamName() + "-" + shardId;
    }

    /** Starts and stops one route per shard from the {@value #SHARD_TEMPLATE} route template. */
    private final class CamelShardReaders implements ShardSupervisor.ShardReaders {
        @Override
        public void start(String shardId, StartPosition position) {
            TemplatedRouteBuilder.builder(camelContext, SHARD_TEMPLATE)
                    .routeId(routeId(shardId))
                    .parameter("relay", name)
                    .parameter("client", clientBeanName())
                    .parameter("checkpointPolicy", checkpointPolicyBeanName())
                    .parameter("stream", sourceSettings.streamName())
                    .parameter("shardId", shardId)
                    .parameter("iteratorType", position.iteratorType())
                    .parameter("sequenceNumber", position.sequenceNumber().orElse(""))
                    .parameter("messageTimestamp",
                            position.timestamp().map(t -> String.valueOf(t.toEpochMilli())).orElse(""))
                    .parameter("maxResultsPerRequest", "10000")
                    .parameter("pollDelay", String.valueOf(pollDelay()))
                    .add();
        }

        @Override
        public void stop(String shardId) {
            try {
                camelContext.getRouteController().stopRoute(routeId(shardId), 30, TimeUnit.SECONDS);
                camelContext.removeRoute(routeId(shardId));
            } catch (Exception e) {
                LOG.warn("Could not stop the route of shard {}: {}", shardId, e.toString());
            }
        }
    }

    /** How the supervisor sees our batches. */
    private final class BatchHandling implements ShardSupervisor.Handling {
        @Override
        public boolean handled(String shardId, String lastFetchedSequence) {
            ShardBatcher batcher = batchers.get(shardId);
            return batcher == null ? lastFetchedSequence == null : batcher.handledUpTo(lastFetchedSequence);
        }

        @Override
        public void shardFinished(String shardId) {
            ShardBatcher batcher = batchers.remove(shardId);
            if (batcher != null) {
                batcher.close();
            }
        }
    }
}
