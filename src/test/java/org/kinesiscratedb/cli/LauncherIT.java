package org.kinesiscratedb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code kinesis-cratedb} launcher script, run against the jar that {@code mvn package} just built (failsafe runs
 * after the package phase).
 */
class LauncherIT {

    private static final Path JAR = Path.of(System.getProperty("build.dir", "target"), "kinesis-cratedb.jar");

    private record Run(int exitCode, String output) {
    }

    private static Run launch(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("./kinesis-cratedb"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KCR_HEAP");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheJarWithA256MegabyteHeapUnlessToldOtherwise() throws Exception {
        assertThat(JAR).exists();
        // -XshowSettings:vm prints the heap limit the JVM was started with before the command runs.
        Run standard = launch(Map.of("KCR_JAR", JAR.toString(), "JAVA_OPTS", "-XshowSettings:vm"), "--help");
        assertThat(standard.exitCode()).as(standard.output()).isZero();
        assertThat(standard.output()).contains("Max. Heap Size: 256.00M").contains("load");

        Run larger = launch(Map.of("KCR_JAR", JAR.toString(), "KCR_HEAP", "1g", "JAVA_OPTS", "-XshowSettings:vm"),
                "--help");
        assertThat(larger.output()).contains("Max. Heap Size: 1.00G");
    }

    @Test
    void saysWhichJarIsMissing() throws Exception {
        Run missing = launch(Map.of("KCR_JAR", "/nonexistent/kinesis-cratedb.jar"), "--help");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output().strip()).isEqualTo("Error: KCR_JAR=/nonexistent/kinesis-cratedb.jar is not a file");
    }

    @Test
    void passesArgumentsAndTheExitCodeThrough() throws Exception {
        Run bad = launch(Map.of("KCR_JAR", JAR.toString()), "load", "kinesis:?nonsense=1", "crate://localhost/t");
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.isExecutable(Path.of("kinesis-cratedb"))).isTrue();
    }
}
