package org.kinesiscratedb.camel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Camel JBang's {@code camel} command in a JVM of its own, as JBang starts it: the classpath of
 * {@code src/test/jbang/pom.xml} (camel-jbang-core and Camel) and {@code src/test/jbang/CamelJBang.java}, nothing of
 * this project. The classpath is resolved once per build folder by running Maven on that pom.
 *
 * <p>The command runs in {@code <build dir>/camel-jbang/work}: {@code camel run} empties and fills
 * {@code .camel-jbang/} in its working folder, which must not be the project's.
 */
final class CamelJBang implements AutoCloseable {

    private static final Path LAUNCHER = Path.of("src/test/jbang");

    private final Process process;
    private final Path log;

    private CamelJBang(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code camel <args>}; its output goes to {@code <build dir>/camel-jbang/<logName>}. */
    static CamelJBang start(String logName, List<String> args) throws IOException, InterruptedException {
        Path home = buildDir().resolve("camel-jbang");
        Path work = Files.createDirectories(home.resolve("work"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classpath(home));
        localRepository().ifPresent(repo -> command.add("-Dmaven.repo.local=" + repo));
        command.add(LAUNCHER.resolve("CamelJBang.java").toAbsolutePath().toString());
        command.addAll(args);
        Path log = home.resolve(logName);
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new CamelJBang(process, log);
    }

    /** What the command printed so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the command as Ctrl-C would (SIGTERM: Camel shuts down gracefully) and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** The classpath of src/test/jbang/pom.xml, resolved with the Maven that runs the build when there is one. */
    private static String classpath(Path home) throws IOException, InterruptedException {
        Path pom = LAUNCHER.resolve("pom.xml").toAbsolutePath();
        String camelVersion = System.getProperty("camel.version", "");
        Path file = home.resolve("classpath" + (camelVersion.isBlank() ? "" : "-" + camelVersion) + ".txt");
        if (Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(pom)) > 0) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", pom.toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + file.toAbsolutePath()));
        if (!camelVersion.isBlank()) {
            command.add("-Dcamel.version=" + camelVersion);
        }
        localRepository().ifPresent(repo -> command.add("-Dmaven.repo.local=" + repo));
        Path output = home.resolve("classpath-resolution.log");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!maven.waitFor(10, TimeUnit.MINUTES) || maven.exitValue() != 0 || !Files.exists(file)) {
            maven.destroyForcibly();
            throw new IllegalStateException("Could not resolve the Camel JBang classpath with " + command + ":\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isBlank()) {
            File mvn = new File(home, "bin/mvn");
            if (mvn.canExecute()) {
                return mvn.getAbsolutePath();
            }
        }
        return "mvn";
    }

    /** The build's local repository (failsafe passes it), where pre-integration-test installed our jar. */
    private static Optional<String> localRepository() {
        String repo = System.getProperty("maven.repo.local");
        return repo == null || repo.isBlank() ? Optional.empty() : Optional.of(repo);
    }

    static Path buildDir() {
        String dir = System.getProperty("build.dir");
        return Path.of(dir == null || dir.isBlank() ? "target" : dir).toAbsolutePath();
    }
}
