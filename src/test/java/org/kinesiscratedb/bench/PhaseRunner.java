package org.kinesiscratedb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JVM of one measurement, started by {@link Benchmark} for each of them so that heap and RSS are that
 * measurement's alone. Arguments: the phase, then {@code key=value} pairs. Prints its figures as one line
 * {@value #RESULT_PREFIX}{@code {json}} on stdout ({@code follow}, which runs until it is stopped, prints one every
 * second).
 */
public final class PhaseRunner {

    static final String RESULT_PREFIX = "BENCH-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PhaseRunner() {
    }

    public static void main(String[] args) throws Exception {
        // kinesalite speaks no CBOR, and the relay builds its own client: off for the whole JVM, before any client.
        System.setProperty("aws.cborEnabled", "false");
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            params.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ResourceMonitor monitor = ResourceMonitor.start();
        StackSampler profiler = Boolean.getBoolean("bench.profile") ? StackSampler.start() : null;
        Map<String, Object> figures = switch (args[0]) {
            case "drain" -> RawDrain.run(params.get("source"));
            case "ingest" -> RawIngest.run(params.get("jdbc"), params.get("schema"), params.get("table"),
                    Long.parseLong(params.get("records")), Integer.parseInt(params.get("writers")),
                    Integer.parseInt(params.get("batchSize")));
            case "load" -> PipelineLoad.run(params.get("source"), params.get("target"));
            case "naive" -> NaiveRoute.run(params.get("source"), params.get("jdbc"), params.get("schema"),
                    params.get("table"), Long.parseLong(params.get("records")));
            case "follow" -> follow(params.get("source"), params.get("target"), monitor);
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        };
        monitor.close();
        if (profiler != null) {
            figures = new LinkedHashMap<>(figures);
            figures.put("profile", profiler.shares());
            figures.put("cpuByThreads", profiler.cpuByThreadGroup());
            profiler.close();
        }
        report(figures, monitor);
        System.exit(0);
    }

    /** {@code load --follow} until the benchmark stops this JVM (SIGTERM, a clean stop); figures every second. */
    private static Map<String, Object> follow(String source, String target, ResourceMonitor monitor) {
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-reporter");
            thread.setDaemon(true);
            return thread;
        });
        reporter.scheduleAtFixedRate(() -> report(Map.of(), monitor), 1, 1, TimeUnit.SECONDS);
        org.kinesiscratedb.cli.Main.main(new String[] {"load", "--follow", "--quiet", source, target});
        return Map.of(); // not reached: main exits
    }

    private static void report(Map<String, Object> figures, ResourceMonitor monitor) {
        Map<String, Object> line = new LinkedHashMap<>(figures);
        line.putAll(monitor.snapshot());
        try {
            System.out.println(RESULT_PREFIX + JSON.writeValueAsString(line));
            System.out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
