package org.kinesiscratedb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine the benchmark ran on, for the report: figures only mean something next to it. */
final class Machine {

    private Machine() {
    }

    /** e.g. {@code 2 cores (AMD EPYC ...), 23.6 GiB RAM, Linux 6.1, OpenJDK 17.0.15, Node v20.19.2, kinesalite 3.3.3}. */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + String.format(Locale.ROOT, "%.1f GiB RAM", memTotalKb() / 1024.0 / 1024.0) + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", Node "
                + command("node", "--version") + ", kinesalite " + kinesaliteVersion();
    }

    private static String cpuModel() {
        return firstMatch(Path.of("/proc/cpuinfo"), Pattern.compile("model name\\s*:\\s*(.+)"), "unknown CPU");
    }

    private static long memTotalKb() {
        String kb = firstMatch(Path.of("/proc/meminfo"), Pattern.compile("MemTotal:\\s*(\\d+) kB"), "0");
        return Long.parseLong(kb);
    }

    /** The version in node_modules/kinesalite/package.json, found from the working directory up. */
    static String kinesaliteVersion() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path json = dir.resolve("node_modules/kinesalite/package.json");
            if (Files.exists(json)) {
                return firstMatch(json, Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\""), "?");
            }
        }
        return "?";
    }

    private static String firstMatch(Path file, Pattern pattern, String otherwise) {
        try {
            Matcher matcher = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1).trim() : otherwise;
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    private static String command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
                process.waitFor(10, TimeUnit.SECONDS);
                return text;
            }
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** Peak RSS in MB of the emulator (a node child process of this JVM), or -1. */
    static double emulatorPeakRssMb() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false))
                .mapToDouble(p -> ResourceMonitor.procStatusMb(Path.of("/proc", String.valueOf(p.pid()), "status"),
                        "VmHWM"))
                .max().orElse(-1);
    }
}
