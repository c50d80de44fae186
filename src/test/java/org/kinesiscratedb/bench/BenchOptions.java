package org.kinesiscratedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's parameters, from {@code ./bench --shards 4 --records 200000 ...}.
 *
 * @param shards          shards of the pre-loaded stream (S)
 * @param records         records pre-loaded and loaded (N)
 * @param jdbcUrl         the database: PostgreSQL by default, CrateDB when its JDBC URL is given
 * @param batchSize       rows per database batch, for the raw ingest and for {@code load} ({@code batch_size})
 * @param naiveRecords    how many records the naive route must load (it is slow: at most N)
 * @param steadyRate      records per second put by the producer of the steady-state phase
 * @param steadySeconds   how long the producer of the steady-state phase runs
 * @param heap            {@code -Xmx} of the measured JVMs ({@link #LAUNCHER_HEAP}, as the command runs), or null for
 *                        the JVM's own default
 * @param keepTables      keep the benchmark's schema and tables afterwards (to look at them)
 * @param profile         sample the stacks of the measured JVMs' shard threads and report where they spent the time
 */
public record BenchOptions(int shards, long records, String jdbcUrl, int batchSize, long naiveRecords,
                           int steadyRate, int steadySeconds, String heap, boolean keepTables,
                           boolean profile) {

    /** The heap the {@code kinesis-cratedb} launcher script gives the JVM unless KCR_HEAP says otherwise. */
    public static final String LAUNCHER_HEAP = "256m";

    /** The PostgreSQL server that these machines start (trust authentication). */
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    public static final String USAGE = String.join("\n",
            "Usage: ./bench [options]",
            "  --shards S           shards of the stream (default 4)",
            "  --records N          records pre-loaded into the stream (default 200000)",
            "  --jdbc-url URL       database (default " + DEFAULT_JDBC_URL + ";",
            "                       a CrateDB URL such as jdbc:postgresql://localhost:5432/doc?user=crate)",
            "  --batch-size B       rows per batch for the raw ingest and load (default 1000)",
            "  --naive-records M    records the naive route loads (default N)",
            "  --steady-rate R      records/s of the steady-state producer (default 1000)",
            "  --steady-seconds T   duration of the steady-state producer (default 20)",
            "  --heap SIZE          -Xmx of the measured JVMs (default " + LAUNCHER_HEAP + ", as the kinesis-cratedb",
            "                       launcher runs the relay; 'jvm' for the JVM's own default, a quarter of the RAM)",
            "  --keep-tables        keep the benchmark schema afterwards",
            "  --profile            sample the shard threads' stacks and show where the time went");

    public BenchOptions {
        if (shards < 1 || records < 1 || batchSize < 1 || naiveRecords < 1 || steadyRate < 1 || steadySeconds < 1) {
            throw new IllegalArgumentException("shards, records, batch size, naive records, steady rate and steady "
                    + "seconds must be positive");
        }
        naiveRecords = Math.min(naiveRecords, records);
    }

    /** The defaults of issue 5: 4 shards, 200,000 records, the local PostgreSQL. */
    public static BenchOptions defaults() {
        return new BenchOptions(4, 200_000, defaultJdbcUrl(), 1000, 200_000, 1000, 20, LAUNCHER_HEAP, false, false);
    }

    /** {@code KCR_TEST_JDBC_URL} (as for the tests) when set, else the local PostgreSQL. */
    static String defaultJdbcUrl() {
        String configured = System.getenv("KCR_TEST_JDBC_URL");
        return configured == null || configured.isBlank() ? DEFAULT_JDBC_URL : configured;
    }

    /** Parses {@code --name value} options over the defaults; {@code --naive-records} defaults to N. */
    public static BenchOptions parse(String... args) {
        BenchOptions defaults = defaults();
        int shards = defaults.shards;
        long records = defaults.records;
        String jdbcUrl = defaults.jdbcUrl;
        int batchSize = defaults.batchSize;
        Long naive = null;
        int rate = defaults.steadyRate;
        int seconds = defaults.steadySeconds;
        String heap = defaults.heap;
        boolean keep = false;
        boolean profile = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            if (option.equals("--keep-tables")) {
                keep = true;
                continue;
            }
            if (option.equals("--profile")) {
                profile = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("unknown option or missing value: " + option + "\n" + USAGE);
            }
            String value = rest.remove(0);
            switch (option) {
                case "--shards" -> shards = Integer.parseInt(value);
                case "--records" -> records = parseCount(value);
                case "--jdbc-url" -> jdbcUrl = value;
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--naive-records" -> naive = parseCount(value);
                case "--steady-rate" -> rate = Integer.parseInt(value);
                case "--steady-seconds" -> seconds = Integer.parseInt(value);
                case "--heap" -> heap = value.equals("jvm") ? null : value;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new BenchOptions(shards, records, jdbcUrl, batchSize, naive == null ? records : naive, rate, seconds,
                heap, keep, profile);
    }

    /** Accepts {@code 200000}, {@code 200_000}, {@code 200k} and {@code 1m}. */
    private static long parseCount(String value) {
        String v = value.replace("_", "").replace(",", "").toLowerCase(Locale.ROOT);
        if (v.endsWith("k")) {
            return Long.parseLong(v.substring(0, v.length() - 1)) * 1_000;
        }
        if (v.endsWith("m")) {
            return Long.parseLong(v.substring(0, v.length() - 1)) * 1_000_000;
        }
        return Long.parseLong(v);
    }
}
