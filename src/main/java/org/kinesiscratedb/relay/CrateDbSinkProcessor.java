package org.kinesiscratedb.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.kinesis.Kinesis2Constants;
import org.apache.camel.support.service.ServiceSupport;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.source.KinesisRecord;
import org.kinesiscratedb.target.TargetDatabase;
import org.kinesiscratedb.target.TargetSettings;
import org.kinesiscratedb.transform.CollectionTransformation;
import org.kinesiscratedb.transform.Transformation;

/**
 * Writes the body of every exchange, a JSON object, as one row of a CrateDB (or PostgreSQL) table: the processor of
 * the {@code cratedb-sink} kamelet, and a bean for any route. As a YAML bean:
 * <pre>{@code
 * - beans:
 *     - name: cratedbSink
 *       type: "#class:org.kinesiscratedb.relay.CrateDbSinkProcessor"
 *       properties:
 *         target: crate://crate@localhost:4200/testdrive/kinesis
 *         transformation: transformation.yaml   # optional
 * }</pre>
 * then {@code - process: {ref: cratedbSink}} in a route.
 *
 * <p>The row is what {@code load} writes for a Kinesis record, through the same writer: the payload's keys as
 * columns (typed, checked, added as needed), the {@code kinesis} metadata column, the same dead-letter table
 * ({@code <table>_errors}) for what cannot be loaded (not UTF-8, not JSON, not an object, a value that does not fit
 * its column, a row the database refuses), and the same transformation files.
 *
 * <p>The row id ({@code kinesis_msg_id}) comes from the exchange's Kinesis headers when it has them (set by Camel's
 * {@code aws2-kinesis} consumer and so by the {@code aws-kinesis-source} kamelet): the same record read twice updates
 * its row, and gets the id {@code load} would give it. Without them the shard is the id of the route the exchange
 * came from (through the kamelet: the kamelet's route, e.g. {@code cratedb-sink-1}) and the sequence number is the
 * exchange id, which is unique: a message that arrives twice (as a new exchange) then becomes two rows. Only Camel's
 * redelivery of the same exchange stays one row.
 *
 * <p>{@link #process} returns once the row, or its dead letter, is in the database; while the database is unreachable
 * it waits and retries, so nothing is skipped. The header {@value #OUTCOME_HEADER} then says {@code written},
 * {@code dead-lettered} or {@code filtered} (dropped by a transformation rule). The pool is opened at the first
 * exchange, not when the route starts, so that a database that is down does not hold up Camel's start.
 */
public class CrateDbSinkProcessor extends ServiceSupport implements Processor {

    /** What became of the exchange's body: {@code written}, {@code dead-lettered} or {@code filtered}. */
    public static final String OUTCOME_HEADER = "KinesisCrateDbOutcome";

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String NO_ROUTE = "camel";
    private static final int MAX_POOL_SIZE = 4;

    private String target;
    private TargetSettings targetSettings;
    private String transformation;
    private Optional<CollectionTransformation> transformationFor = Optional.empty();
    private String stream;
    private int maxPoolSize = MAX_POOL_SIZE;

    private TargetDatabase database;
    private volatile JsonTableSink sink;

    /**
     * The target URL: {@code crate://[user[:password]@]host[:port]/<schema>/<table>} or {@code postgresql://...}.
     *
     * <p>A URL that arrives URL-encoded as a whole ({@code crate%3A%2F%2F...}) is decoded: Camel 4.18 passes the
     * properties of a Pipe's kamelets so (CAMEL-23594), and a real target URL always has a plain {@code ://}. The same
     * goes for a transformation path whose slashes arrive as {@code %2F}.
     */
    public void setTarget(String target) {
        String url = target != null && !target.contains("://") && target.toLowerCase(Locale.ROOT).contains("%3a%2f%2f")
                ? URLDecoder.decode(target, StandardCharsets.UTF_8) : target;
        this.targetSettings = TargetSettings.parse(url, TargetSettings.TableRequirement.REQUIRED);
        this.target = url;
    }

    public String getTarget() {
        return target;
    }

    /** A tikray transformation file applied to every body before it is written (as for {@code load}). Blank: none. */
    public void setTransformation(String transformation) {
        String path = transformation != null && !transformation.contains("/")
                && transformation.toLowerCase(Locale.ROOT).contains("%2f")
                ? URLDecoder.decode(transformation, StandardCharsets.UTF_8) : transformation;
        this.transformation = path == null || path.isBlank() ? null : path;
    }

    public String getTransformation() {
        return transformation;
    }

    /** The stream name recorded in {@code kinesis['stream_name']}; the exchange's headers do not carry it. */
    public void setStream(String stream) {
        this.stream = stream == null || stream.isBlank() ? null : stream;
    }

    public String getStream() {
        return stream;
    }

    /** Connections to the database at most (default 4): concurrent exchanges beyond this wait for one. */
    public void setMaxPoolSize(int maxPoolSize) {
        if (maxPoolSize < 1) {
            throw new SettingsException("maxPoolSize: " + maxPoolSize + " is not allowed; give at least 1");
        }
        this.maxPoolSize = maxPoolSize;
    }

    /** Checks the settings and loads the transformation file, so that a mistake stops the route from starting. */
    @Override
    protected void doStart() {
        if (targetSettings == null) {
            throw new SettingsException("CrateDbSinkProcessor: set the property 'target' to a target URL, e.g. "
                    + "crate://crate@localhost:4200/testdrive/kinesis");
        }
        transformationFor = transformation == null ? Optional.empty()
                : Transformation.load(Path.of(transformation))
                        .forTable(targetSettings.schema(), targetSettings.table().orElseThrow());
    }

    @Override
    protected synchronized void doStop() {
        if (sink != null) {
            sink.close();
            sink = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RecordSink.SinkResult result = sink().write(List.of(record(exchange)));
        exchange.getMessage().setHeader(OUTCOME_HEADER, result.rowsWritten() > 0 ? "written"
                : result.deadLettered() > 0 ? "dead-lettered" : "filtered");
    }

    private JsonTableSink sink() throws InterruptedException {
        JsonTableSink current = sink;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (sink == null) {
                if (!isStarted() && !isStarting()) {
                    start(); // used outside a route, e.g. called directly
                }
                database = TargetDatabase.connect(targetSettings, "cratedb-sink-" + targetSettings.table().orElseThrow(),
                        maxPoolSize);
                JsonTableSink opened = new JsonTableSink(database, targetSettings.table().orElseThrow(),
                        transformationFor);
                opened.open();
                sink = opened;
            }
            return sink;
        }
    }

    /** The exchange as the record {@code load} would have read: Kinesis headers if present, else surrogates. */
    private KinesisRecord record(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String shardId = message.getHeader(Kinesis2Constants.SHARD_ID, String.class);
        String sequenceNumber = message.getHeader(Kinesis2Constants.SEQUENCE_NUMBER, String.class);
        if (shardId == null || sequenceNumber == null) {
            shardId = exchange.getFromRouteId() == null ? NO_ROUTE : exchange.getFromRouteId();
            sequenceNumber = exchange.getExchangeId();
        }
        return new KinesisRecord(stream, shardId, sequenceNumber,
                message.getHeader(Kinesis2Constants.PARTITION_KEY, String.class), arrival(exchange), bytes(message));
    }

    private static Instant arrival(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(Kinesis2Constants.APPROX_ARRIVAL_TIME);
        if (header instanceof Instant instant) {
            return instant;
        }
        if (header instanceof Date date) {
            return date.toInstant();
        }
        if (header instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return Instant.ofEpochMilli(exchange.getClock().getCreated());
    }

    /** The body as bytes; objects, maps and lists as their JSON (the decoder then judges them as for Kinesis). */
    private static byte[] bytes(Message message) throws JsonProcessingException {
        Object body = message.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof JsonNode || body instanceof Map<?, ?> || body instanceof Collection<?>) {
            return MAPPER.writeValueAsBytes(body);
        }
        byte[] converted = message.getBody(byte[].class);
        return converted != null ? converted : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CrateDbSinkProcessor[" + (targetSettings == null ? "no target" : targetSettings)
                + (transformation == null ? "" : ", transformation=" + transformation) + "]";
    }
}
