package org.kinesiscratedb.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own, as a user runs it: {@code java -cp ... org.kinesiscratedb.cli.Main ARGS}.
 * Its stdout and stderr (where the log goes) are kept in files, so a test can read everything the process printed,
 * and kill it (SIGKILL) or stop it (SIGTERM).
 */
public final class CliProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code Main ARGS} with this JVM's class path and environment. */
    public static CliProcess start(String... args) throws IOException {
        return start(Map.of(), List.of(), args);
    }

    /**
     * Starts {@code Main ARGS} with this JVM's class path, and this JVM's environment changed: {@code set} added,
     * {@code unset} removed.
     */
    public static CliProcess start(Map<String, String> set, List<String> unset, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire's class path ends with an empty entry (the working directory): leave that out.
        String classPath = System.getProperty("java.class.path").replaceAll(File.pathSeparator + "+$", "");
        // Short-lived JVMs on two cores: C1 only and the serial collector start fastest.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, "org.kinesiscratedb.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cli-stdout", ".log");
        Path err = Files.createTempFile("cli-stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        unset.forEach(builder.environment()::remove);
        builder.environment().putAll(set);
        return new CliProcess(builder.start(), out, err);
    }

    /** Runs {@code Main ARGS} to its end, at most {@code timeout} (then kills it and fails). */
    public static CliProcess run(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, Map.of(), List.of(), args);
    }

    public static CliProcess run(Duration timeout, Map<String, String> set, List<String> unset, String... args)
            throws IOException, InterruptedException {
        CliProcess cli = start(set, unset, args);
        if (!cli.waitFor(timeout)) {
            cli.kill();
            throw new AssertionError("kinesis-cratedb " + String.join(" ", args) + " did not end within " + timeout
                    + "; it printed:\n" + cli.output());
        }
        return cli;
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no last write. Waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: a clean stop. */
    public void terminate() {
        process.destroy();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** stdout, then stderr. */
    public String output() {
        return stdout() + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
