package org.kinesiscratedb.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;
import org.kinesiscratedb.testing.KinesisEmulator;

/**
 * The benchmark of issue 5: {@code ./bench [--shards S] [--records N] [--jdbc-url URL] [--batch-size B] ...}.
 *
 * <p>Starts kinesalite on a free port, puts N records of the tutorial's shape over S shards, then measures in the
 * same run, each in a fresh JVM ({@link PhaseRunner}) so that its heap and RSS are its own:
 * <ol>
 *   <li>the emulator's raw drain rate ({@link RawDrain});</li>
 *   <li>the database's raw ingest ceiling ({@link RawIngest});</li>
 *   <li>{@code load} end to end ({@link PipelineLoad});</li>
 *   <li>a naive stock Camel route ({@link NaiveRoute});</li>
 * </ol>
 * and then the steady state: {@code load --follow} while a producer puts records at a fixed rate, for the latency
 * from a record's arrival in Kinesis to its row ({@link BenchDatabase}). Prints {@link BenchReport#format()}.
 */
public final class Benchmark {

    static final String STREAM = "bench";
    static final String STEADY_STREAM = "bench-steady";

    private final BenchOptions options;
    private final PrintStream log;

    private Benchmark(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchReport report = run(options, System.err);
        System.out.println(report.format());
        System.exit(0);
    }

    /** Runs every measurement; progress goes to {@code log}. */
    public static BenchReport run(BenchOptions options, PrintStream log) throws Exception {
        // kinesalite speaks no CBOR: off for this JVM's producer client too.
        System.setProperty("aws.cborEnabled", "false");
        return new Benchmark(options, log).run();
    }

    private BenchReport run() throws Exception {
        BenchDatabase db = BenchDatabase.open(options.jdbcUrl());
        String schema = "bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Path logs = Files.createTempDirectory("kinesis-cratedb-bench");
        progress("database %s, schema %s; logs of the measured JVMs in %s", db, schema, logs);
        KinesisEmulator kinesis = KinesisEmulator.kinesalite();
        kinesis.start();
        try {
            db.createSchema(schema);
            for (String table : new String[] {"raw_ingest", "pipeline", "naive", "steady"}) {
                db.createTable(schema, table);
            }
            kinesis.createStream(STREAM, options.shards());
            progress("putting %,d records over %d shards", options.records(), options.shards());
            long start = System.nanoTime();
            new Producer(kinesis.client(), STREAM).preload(options.records(), 2);
            double preloadSeconds = (System.nanoTime() - start) / 1e9;
            String source = kinesis.sourceUrl(STREAM, "batch_size=" + options.batchSize());

            Measurement drain = measure("1 raw drain (GetRecords of up to 10,000, shards in parallel)", logs, "drain",
                    "source=" + source);
            db.settle();
            Measurement ingest = measure("2 raw ingest (JDBC batch upserts, a connection per shard)", logs, "ingest",
                    "jdbc=" + db.jdbcUrl(), "schema=" + schema, "table=raw_ingest",
                    "records=" + options.records(), "writers=" + options.shards(),
                    "batchSize=" + options.batchSize());
            db.settle();
            Measurement load = measure("3 load, end to end", logs, "load", "source=" + source,
                    "target=" + db.targetUrl(schema, "pipeline"));
            long loadRows = db.count(schema, "pipeline");
            long loadRecords = db.recordIndices(schema, "pipeline")[0];
            Latencies backlog = Latencies.of(db.latenciesMillis(schema, "pipeline", 0));
            db.settle();
            Measurement naive = measure("4 naive Camel route (one INSERT per record)", logs, "naive",
                    "source=" + source, "jdbc=" + db.jdbcUrl(), "schema=" + schema, "table=naive",
                    "records=" + options.naiveRecords());
            long naiveRows = db.count(schema, "naive");
            db.settle();
            SteadyResult steady = steadyState(kinesis, db, schema, logs);
            BenchReport report = new BenchReport(options, Machine.describe(), db.shortVersion(), preloadSeconds,
                    Machine.emulatorPeakRssMb(), drain, ingest, load, naive, steady.measurement, backlog,
                    steady.latencies, loadRows, loadRecords, naiveRows, steady.rows, steady.produced);
            if (!options.keepTables()) {
                db.dropSchema(schema);
            }
            return report;
        } finally {
            kinesis.stop();
        }
    }

    private Measurement measure(String label, Path logs, String phase, String... params) throws Exception {
        progress("measuring: %s", label);
        CpuMeter.Sample before = CpuMeter.sample();
        long start = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(phase, options.heap(), options.profile(), logs, params)) {
            Map<String, Object> figures = new LinkedHashMap<>(child.await(120));
            addCpu(figures, before, start);
            Measurement measurement = Measurement.of(label, figures);
            progress("  %,d records in %.1f s: %,.0f records/s", measurement.records(), measurement.seconds(),
                    measurement.rate());
            return measurement;
        }
    }

    /** CPU use of the emulator, PostgreSQL and the rest of the machine while the measurement's JVM ran. */
    private static void addCpu(Map<String, Object> figures, CpuMeter.Sample before, long startNanos) {
        CpuMeter.Sample used = CpuMeter.sample().minus(before);
        figures.put("jvmWallSeconds", (System.nanoTime() - startNanos) / 1e9);
        figures.put("emulatorCpuSeconds", used.emulator());
        figures.put("postgresCpuSeconds", used.postgres());
        figures.put("benchmarkCpuSeconds", used.benchmark());
        figures.put("machineBusyCpuSeconds", used.machineBusy());
    }

    private record SteadyResult(Measurement measurement, Latencies latencies, long rows, long produced) {
    }

    /**
     * {@code load --follow} on a fresh stream; once a first record has arrived in the table (the relay is up), a
     * producer puts records at the steady rate. When all of them are rows, each row's arrival-to-insert time is read
     * from the table.
     */
    private SteadyResult steadyState(KinesisEmulator kinesis, BenchDatabase db, String schema, Path logs)
            throws Exception {
        String label = String.format(Locale.ROOT, "steady state: load --follow, %,d records/s for %d s",
                options.steadyRate(), options.steadySeconds());
        progress("measuring: %s", label);
        kinesis.createStream(STEADY_STREAM, options.shards());
        Producer producer = new Producer(kinesis.client(), STEADY_STREAM);
        CpuMeter.Sample before = CpuMeter.sample();
        long jvmStart = System.nanoTime();
        try (ChildJvm child = ChildJvm.start("follow", options.heap(), options.profile(), logs,
                "source=" + kinesis.sourceUrl(STEADY_STREAM, "batch_size=" + options.batchSize()),
                "target=" + db.targetUrl(schema, "steady"))) {
            producer.putOne(-1); // meta.n = -1: the warm-up record, not timed
            awaitCount(db, schema, "steady", n -> n >= 1, 120, child);
            long start = System.nanoTime();
            long produced = producer.steady(0, options.steadyRate(), options.steadySeconds());
            double seconds = (System.nanoTime() - start) / 1e9;
            long rows = awaitCount(db, schema, "steady", n -> n >= produced + 1, 120, child) - 1;
            Latencies latencies = Latencies.of(db.latenciesMillis(schema, "steady", 0));
            Map<String, Object> figures = new LinkedHashMap<>(child.latest() == null ? Map.of()
                    : child.latest());
            child.stop();
            addCpu(figures, before, jvmStart);
            figures.put("records", produced);
            figures.put("seconds", seconds);
            progress("  p50 %.0f ms, p99 %.0f ms over %,d records", latencies.p50(), latencies.p99(),
                    latencies.count());
            return new SteadyResult(Measurement.of(label, figures), latencies, rows, produced);
        }
    }

    private long awaitCount(BenchDatabase db, String schema, String table, LongPredicate done, int timeoutSeconds,
                            ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long count = db.count(schema, table);
        while (!done.test(count)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + count + " rows in " + table + " after " + timeoutSeconds
                        + " s; log of the relay:\n" + child.tail());
            }
            Thread.sleep(100);
            count = db.count(schema, table);
        }
        return count;
    }

    private void progress(String format, Object... args) {
        log.println("[bench] " + String.format(Locale.ROOT, format, args));
        log.flush();
    }
}
