package org.kinesiscratedb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time on this machine during a measurement, split by who used it: the emulator, the PostgreSQL server
 * processes (with their ended backends), the benchmark's own JVM (the producer), and the whole machine. With the measured JVM's own CPU time
 * ({@code cpuSeconds} of its figures) the rest is other work on the machine. On a machine where the emulator, the
 * database and the relay share a few cores, this shows whether a rate is limited by CPU, and by whose.
 *
 * <p>Reads {@code /proc}; elsewhere every figure is 0. Clock ticks are taken as 100 per second (Linux's USER_HZ).
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100;

    /** CPU seconds used so far. */
    record Sample(double machineBusy, double emulator, double postgres, double benchmark) {

        Sample minus(Sample earlier) {
            return new Sample(machineBusy - earlier.machineBusy, emulator - earlier.emulator,
                    postgres - earlier.postgres, benchmark - earlier.benchmark);
        }
    }

    private CpuMeter() {
    }

    static Sample sample() {
        return new Sample(machineBusySeconds(), emulatorSeconds(), postgresSeconds(), ownSeconds());
    }

    /** All CPUs' busy time (everything but idle and iowait) from the first line of /proc/stat. */
    private static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The emulator: the node processes this JVM started. */
    private static double emulatorSeconds() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false))
                .mapToDouble(p -> processSeconds(p.pid())).sum();
    }

    /** Every process named postgres (the server and its backends), whoever they work for. */
    private static double postgresSeconds() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).trim().equals("postgres");
                        } catch (IOException gone) {
                            return false;
                        }
                    })
                    .mapToDouble(p -> processAndReapedChildrenSeconds(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double ownSeconds() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() / 1e9;
    }

    /** utime + stime of a process, from /proc/PID/stat (fields 14 and 15). */
    static double processSeconds(long pid) {
        return statTicks(pid, false) / TICKS_PER_SECOND;
    }

    /**
     * As {@link #processSeconds}, plus the time of its children that ended (cutime + cstime): a PostgreSQL backend
     * lives as long as its connection, and when it ends its CPU time moves to the postmaster's reaped-children time.
     */
    static double processAndReapedChildrenSeconds(long pid) {
        return statTicks(pid, true) / TICKS_PER_SECOND;
    }

    private static long statTicks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command (which may contain spaces) in parentheses: state is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
