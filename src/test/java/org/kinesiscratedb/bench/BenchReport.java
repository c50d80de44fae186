package org.kinesiscratedb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one benchmark run measured, and its printed form: a Markdown table for the README, the ratios, the
 * latencies, and each target of issue 5 as met or missed.
 *
 * @param options        what ran
 * @param machine        where it ran ({@link Machine#describe()})
 * @param database       the database's name and version
 * @param preloadSeconds how long putting the backlog took
 * @param emulatorRssMb  the emulator's peak RSS
 * @param drain          measurement 1
 * @param ingest         measurement 2
 * @param load           measurement 3
 * @param naive          measurement 4
 * @param steady         the steady-state phase ({@code load --follow} while a producer puts records)
 * @param backlogLatency arrival to row in the load of the backlog (the backlog's age, since it was put before)
 * @param steadyLatency  arrival to row in the steady state
 * @param loadRows       rows in the table of measurement 3
 * @param loadRecords    distinct records ({@code meta.n}) in that table
 * @param naiveRows      rows in the table of measurement 4
 * @param steadyRows     rows of the steady phase's producer found in its table
 * @param steadyProduced records the steady phase's producer put
 */
public record BenchReport(BenchOptions options, String machine, String database, double preloadSeconds,
                          double emulatorRssMb, Measurement drain, Measurement ingest, Measurement load,
                          Measurement naive, Measurement steady, Latencies backlogLatency, Latencies steadyLatency,
                          long loadRows, long loadRecords, long naiveRows, long steadyRows, long steadyProduced) {

    static final double CEILING_TARGET = 0.7;
    static final double NAIVE_TARGET = 5;
    static final double HEAP_TARGET_MB = 256;
    static final double P99_TARGET_MS = 2000;

    /** load ÷ min(raw drain, raw ingest). */
    public double ceilingRatio() {
        return load.rate() / Math.min(drain.rate(), ingest.rate());
    }

    /** load ÷ naive route. */
    public double naiveRatio() {
        return load.rate() / naive.rate();
    }

    /**
     * The rate at which this machine's cores could read and write the records if they did nothing else: the CPU
     * time per record of the raw drain plus that of the raw ingest, spread over every core. Kinesalite, PostgreSQL
     * and the relay share these cores in {@code load}, while measurements 1 and 2 each had them to themselves.
     */
    public double colocatedCeiling() {
        return cores() * 1e6 / (drain.cpuMicrosPerRecord() + ingest.cpuMicrosPerRecord());
    }

    /** True when every record of the load run is a row of its table, once. */
    public boolean loadComplete() {
        return loadRows == options.records() && loadRecords == options.records()
                && load.records() == options.records();
    }

    public long loadRows() {
        return loadRows;
    }

    public List<Measurement> measurements() {
        return List.of(drain, ingest, load, naive, steady);
    }

    /** The report as printed. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d shards, %,d records of the tutorial's shape plus a small object "
                        + "column, batch size %d, %s; measured JVMs with %s%n", options.shards(), options.records(),
                options.batchSize(), database, options.heap() == null ? "the JVM's default heap"
                        : "-Xmx" + options.heap() + (options.heap().equals(BenchOptions.LAUNCHER_HEAP)
                                ? " (the kinesis-cratedb launcher's default)" : "")));
        out.append("Machine: ").append(machine).append('\n');
        out.append(String.format(Locale.ROOT, "Pre-load: %,d records put in %.1f s (%,.0f records/s); emulator peak "
                + "RSS %.0f MB%n%n", options.records(), preloadSeconds, options.records() / preloadSeconds,
                emulatorRssMb));
        out.append("| measurement | records | s | records/s | peak heap MB | heap after GC MB | GC s | peak RSS MB |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Measurement m : measurements()) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.0f | %.0f | %.1f | %.0f |%n",
                    m.label(), m.records(), m.seconds(), m.rate(), m.heapPeakMb(), m.heapAfterGcPeakMb(),
                    m.number("gcMillis") / 1000, m.rssPeakMb()));
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "CPU seconds while each measured JVM ran (%d cores: %.0f CPU-s per s):%n%n",
                cores(), (double) cores()));
        out.append("| measurement | JVM wall s | measured JVM | kinesalite | PostgreSQL | rest of machine | machine busy |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (Measurement m : measurements()) {
            double wall = m.number("jvmWallSeconds");
            double busy = m.number("machineBusyCpuSeconds");
            double rest = busy - m.number("cpuSeconds") - m.number("emulatorCpuSeconds")
                    - m.number("postgresCpuSeconds");
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f %% |%n",
                    m.label().replaceFirst(" \\(.*", ""), wall, m.number("cpuSeconds"),
                    m.number("emulatorCpuSeconds"), m.number("postgresCpuSeconds"), Math.max(0, rest),
                    100 * busy / (wall * cores())));
        }
        out.append("\n(PostgreSQL: every postgres process, whoever it works for; rest of machine: the benchmark's own producer "
                + "and everything else that ran meanwhile)\n\n");
        out.append(String.format(Locale.ROOT, "CPU per record (measured JVM + kinesalite + PostgreSQL): raw drain %.0f "
                        + "us, raw ingest %.0f us, load %.0f us, naive %.0f us. Were the %d cores doing only the raw "
                        + "drain and the raw ingest at once, they would reach %,.0f records/s%n%n",
                drain.cpuMicrosPerRecord(), ingest.cpuMicrosPerRecord(), load.cpuMicrosPerRecord(),
                naive.cpuMicrosPerRecord(), cores(), colocatedCeiling()));
        out.append(String.format(Locale.ROOT, "Ratios: load / min(raw drain, raw ingest) = %.2f; load / naive = "
                + "%.1f%n", ceilingRatio(), naiveRatio()));
        out.append(String.format(Locale.ROOT, "Latency arrival -> row, steady state at %,d records/s: p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms (%,d records)%n", options.steadyRate(), steadyLatency.p50(),
                steadyLatency.p99(), steadyLatency.max(), steadyLatency.count()));
        out.append(String.format(Locale.ROOT, "Latency arrival -> row, backlog load: p50 %.1f s, p99 %.1f s (the "
                        + "backlog's age: its records were put before the load started)%n",
                backlogLatency.p50() / 1000, backlogLatency.p99() / 1000));
        out.append(String.format(Locale.ROOT, "Load: %s (wall clock with start-up %.1f s); table holds %,d rows = "
                        + "%,d distinct records; naive table %,d rows; steady table %,d of %,d records%n",
                load.figures().get("summary"), load.number("wallSeconds"), loadRows, loadRecords, naiveRows,
                steadyRows, steadyProduced));
        out.append(String.format(Locale.ROOT, "Raw drain: %.0f GetRecords calls; naive route: first record "
                        + "written %.1f s after its start%n", drain.number("getRecordsCalls"),
                naive.number("firstRecordSeconds")));
        for (Measurement m : List.of(load, naive)) {
            if (m.figures().get("profile") instanceof java.util.Map<?, ?> profile) {
                out.append("Where the shard threads of \"").append(m.label()).append("\" spent their time: ")
                        .append(profile).append('\n');
                out.append("CPU seconds of its JVM by threads: ").append(m.figures().get("cpuByThreads"))
                        .append('\n');
            }
        }
        out.append('\n').append("Targets (issue 5):\n");
        for (String target : targets()) {
            out.append("- ").append(target).append('\n');
        }
        return out.toString();
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Each target of issue 5 with its figure and verdict. */
    public List<String> targets() {
        List<String> targets = new ArrayList<>();
        targets.add(verdict(ceilingRatio() >= CEILING_TARGET, String.format(Locale.ROOT,
                "load >= 0.7 x min(raw drain, raw ingest): %.2f (on these %d cores, drain and ingest alone at once "
                        + "would reach %.2f; load reached %.0f %% of that)", ceilingRatio(), cores(),
                colocatedCeiling() / Math.min(drain.rate(), ingest.rate()), 100 * load.rate() / colocatedCeiling())));
        targets.add(verdict(naiveRatio() >= NAIVE_TARGET, String.format(Locale.ROOT,
                "load >= 5 x naive route: %.1f x", naiveRatio())));
        targets.add(verdict(load.heapPeakMb() < HEAP_TARGET_MB, String.format(Locale.ROOT,
                "load peak heap < 256 MB at N = %,d: %.0f MB used at peak (%.0f MB after GC; max heap %.0f MB)",
                options.records(), load.heapPeakMb(), load.heapAfterGcPeakMb(), load.number("heapMaxMb"))));
        targets.add(verdict(steadyLatency.p99() < P99_TARGET_MS, String.format(Locale.ROOT,
                "steady state at %,d records/s: p99 arrival -> row < 2 s: %.0f ms", options.steadyRate(),
                steadyLatency.p99())));
        targets.add(verdict(loadComplete(), "every record of the load run is in its table, once"));
        return targets;
    }

    private static String verdict(boolean met, String text) {
        return (met ? "met:    " : "MISSED: ") + text;
    }
}
