package org.kinesiscratedb.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.kinesis.Kinesis2Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.kinesiscratedb.source.KinesisSourceSettings;
import org.kinesiscratedb.target.Dialect;

/**
 * Measurement 4, a naive stock Camel route: one {@code aws2-kinesis} consumer with the component's defaults (one
 * endpoint for every shard, 500 ms between polls) except {@code maxResultsPerRequest=10000}, and one INSERT per record
 * on one connection, the way {@code camel-jdbc} runs a statement per exchange. The statement is the relay's upsert,
 * so that only reading and batching differ from {@code load}.
 *
 * <p>camel-jdbc itself is not a dependency of the project; this processor does what its producer does for one
 * exchange (bind, {@code executeUpdate}, autocommit), without building SQL text per record.
 */
final class NaiveRoute {

    private NaiveRoute() {
    }

    /** Runs the route until {@code records} rows are written; the clock runs from the context start. */
    static Map<String, Object> run(String sourceUrl, String jdbcUrl, String schema, String table, long records)
            throws Exception {
        KinesisSourceSettings source = KinesisSourceSettings.parse(sourceUrl);
        String stream = source.streamName();
        AtomicLong written = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long[] firstNanos = new long[1];
        long[] endNanos = new long[1];
        try (Connection connection = BenchDatabase.connect(jdbcUrl);
             PreparedStatement insert = connection.prepareStatement(
                     BenchRow.upsertSql(Dialect.detect(connection), schema, table))) {
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(consumerUri(source)).routeId("naive").process(exchange -> {
                        if (written.get() >= records) {
                            return; // measured; the rest of the polled batch only delays the stop
                        }
                        // The consumer reads shards with a parallel stream: one connection, one statement at a time.
                        synchronized (insert) {
                            row(exchange, stream).bind(insert);
                            insert.executeUpdate();
                        }
                        long count = written.incrementAndGet();
                        if (count == 1) {
                            firstNanos[0] = System.nanoTime();
                        }
                        if (count == records) {
                            endNanos[0] = System.nanoTime();
                            done.countDown();
                        }
                    });
                }
            });
            long start = System.nanoTime();
            camel.start();
            try {
                if (!done.await(2, TimeUnit.HOURS)) {
                    throw new IllegalStateException("the naive route wrote only " + written.get() + " rows");
                }
            } finally {
                camel.stop();
            }
            // The first record's time shows how much of the run was start-up (client, shard list, first poll).
            return Map.of("records", records, "seconds", (endNanos[0] - start) / 1e9,
                    "firstRecordSeconds", (firstNanos[0] - start) / 1e9);
        }
    }

    private static BenchRow row(Exchange exchange, String stream) throws Exception {
        Message message = exchange.getMessage();
        return BenchRow.parsed(message.getBody(byte[].class), stream,
                message.getHeader(Kinesis2Constants.SHARD_ID, String.class),
                message.getHeader(Kinesis2Constants.SEQUENCE_NUMBER, String.class),
                message.getHeader(Kinesis2Constants.PARTITION_KEY, String.class),
                message.getHeader(Kinesis2Constants.APPROX_ARRIVAL_TIME, Instant.class));
    }

    /** The stock endpoint: its own client from static credentials and the emulator's endpoint, CBOR off. */
    static String consumerUri(KinesisSourceSettings source) {
        URI endpoint = source.endpoint().orElseThrow(() -> new IllegalArgumentException("the benchmark needs an "
                + "endpoint_url"));
        return "aws2-kinesis:" + source.streamName()
                + "?accessKey=RAW(" + source.accessKeyId().orElse("") + ")"
                + "&secretKey=RAW(" + source.secretAccessKey().orElse("") + ")"
                + "&region=" + source.region()
                + "&overrideEndpoint=true&uriEndpointOverride=" + endpoint
                + "&cborEnabled=false"
                + "&maxResultsPerRequest=10000";
    }
}
