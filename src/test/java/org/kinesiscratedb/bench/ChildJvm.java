package org.kinesiscratedb.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM running {@link PhaseRunner} for one measurement, on this JVM's classpath. Its log goes to a file; its
 * figures come back as {@link PhaseRunner#RESULT_PREFIX} lines on stdout.
 */
final class ChildJvm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String phase;
    private final Process process;
    private final Path log;
    private final Thread reader;
    private volatile Map<String, Object> lastResult;

    private ChildJvm(String phase, Process process, Path log) {
        this.phase = phase;
        this.process = process;
        this.log = log;
        this.reader = new Thread(this::readResults, "bench-" + phase + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code PhaseRunner phase key=value...}; {@code heap} is its -Xmx, or null for the default; with
     * {@code profile} it samples its shard threads ({@link StackSampler}).
     */
    static ChildJvm start(String phase, String heap, boolean profile, Path logDir, String... params)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        // Extra options for the measured JVMs, e.g. BENCH_JVM_OPTS="-XX:TieredStopAtLevel=1" to compare JIT set-ups.
        String extra = System.getenv("BENCH_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-Daws.cborEnabled=false");
        if (profile) {
            command.add("-Dbench.profile=true");
        }
        command.add("-Dlog4j2.configurationFile=classpath:kinesis-cratedb-log4j2.xml");
        command.add("-cp");
        command.add(classpath());
        command.add(PhaseRunner.class.getName());
        command.add(phase);
        command.addAll(List.of(params));
        Path log = logDir.resolve(phase + ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new ChildJvm(phase, process, log);
    }

    /** Under Maven Surefire the JVM's own classpath is a manifest-only jar; Surefire names the real one here. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void readResults() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(PhaseRunner.RESULT_PREFIX)) {
                    lastResult = JSON.readValue(line.substring(PhaseRunner.RESULT_PREFIX.length()),
                            new TypeReference<Map<String, Object>>() { });
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits for the measurement to end and returns its figures; fails with the tail of its log otherwise. */
    Map<String, Object> await(long timeoutMinutes) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            close();
            throw new IllegalStateException(phase + " did not finish within " + timeoutMinutes + " minutes; log: "
                    + log + "\n" + tail());
        }
        reader.join(5_000);
        if (process.exitValue() != 0 || lastResult == null) {
            throw new IllegalStateException(phase + " failed (exit code " + process.exitValue() + "); log: " + log
                    + "\n" + tail());
        }
        return lastResult;
    }

    /** The latest figures of a running phase ({@code follow}), or null before its first report. */
    Map<String, Object> latest() {
        return lastResult;
    }

    long pid() {
        return process.pid();
    }

    /** Stops the JVM as Ctrl-C would (SIGTERM: the relay stops cleanly), then for good after 60 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The last lines of the log, to explain a failure. */
    String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
