package org.kinesiscratedb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A small sampling profiler for the measured JVM ({@code ./bench --profile}): every {@value #PERIOD_MILLIS} ms it
 * looks at the stack of every thread that reads a shard (and writes its batches), and counts where it is: waiting for
 * Kinesis, waiting for the database, waiting for a lock or a queue, or running (by component). Runnable samples on a
 * busy machine include time waiting for a CPU. Cheaper than external thread dumps, whose own JVM start-up competes
 * for the same cores.
 */
final class StackSampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 20;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<Long, Map.Entry<String, Long>> javaThreadCpu = new ConcurrentHashMap<>();
    private final Map<Long, Map.Entry<String, Long>> jvmThreadCpu = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private StackSampler() {
        sampler = new Thread(this::run, "bench-stack-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static StackSampler start() {
        return new StackSampler();
    }

    private void run() {
        for (long sample = 0; running; sample++) {
            ThreadInfo[] all = threads.dumpAllThreads(false, false);
            for (ThreadInfo info : all) {
                if (isRelayThread(info.getThreadName())) {
                    counts.computeIfAbsent(classify(info), k -> new AtomicLong()).incrementAndGet();
                }
            }
            if (sample % 25 == 0) {
                recordCpu(all);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Remembers each thread's CPU time so far: Java threads by id (their threads may end before the measurement
     * does), the JVM's own threads (JIT compilers, GC) from {@code /proc/self/task}, where Java cannot see them.
     */
    private void recordCpu(ThreadInfo[] all) {
        for (ThreadInfo info : all) {
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                javaThreadCpu.put(info.getThreadId(), Map.entry(javaThreadGroup(info.getThreadName()), nanos));
            }
        }
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String group = jvmThreadGroup(comm);
                    if (group != null) {
                        long tid = Long.parseLong(task.getFileName().toString());
                        double seconds = taskSeconds(task);
                        jvmThreadCpu.put(tid, Map.entry(group, (long) (seconds * 1e9)));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            });
        } catch (IOException notLinux) {
            // no per-thread figures for the JVM's own threads
        }
    }

    private static double taskSeconds(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String javaThreadGroup(String name) {
        if (name.contains("aws2-kinesis")) {
            return "shard threads";
        }
        if (name.contains("-linger")) {
            return "linger thread";
        }
        if (name.startsWith("pool-")) {
            return "benchmark workers";
        }
        return name.startsWith("bench-") ? "benchmark monitors" : "other Java threads";
    }

    private static String jvmThreadGroup(String comm) {
        if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
            return "JIT compiler";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return "GC and VM";
        }
        return null;
    }

    /** CPU seconds per thread group, largest first. */
    Map<String, Double> cpuByThreadGroup() {
        recordCpu(threads.dumpAllThreads(false, false));
        Map<String, Double> groups = new java.util.TreeMap<>();
        for (var entry : javaThreadCpu.values()) {
            groups.merge(entry.getKey(), entry.getValue() / 1e9, Double::sum);
        }
        for (var entry : jvmThreadCpu.values()) {
            groups.merge(entry.getKey(), entry.getValue() / 1e9, Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0));
        return sorted;
    }

    /**
     * Shard readers (Camel's consumer threads, which also write full batches) and the benchmark's own workers. The
     * linger flusher, idle most of the time, would only dilute the shares; its CPU time is in
     * {@link #cpuByThreadGroup()}.
     */
    private static boolean isRelayThread(String name) {
        return name.contains("aws2-kinesis") || name.startsWith("pool-");
    }

    /**
     * Where a thread is: waiting for a socket (Kinesis or the database), waiting otherwise (by its innermost frame
     * of ours or Camel's), or running, charged to the innermost frame of ours (so Jackson parsing called by the
     * record decoder counts as the decoder), of the PostgreSQL driver or of the AWS SDK, else to Camel.
     */
    static String classify(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        String all = Arrays.stream(stack).map(StackTraceElement::getClassName).collect(Collectors.joining(" "));
        boolean socketRead = Arrays.stream(stack).limit(12)
                .anyMatch(f -> f.getClassName().contains("NioSocketImpl") || f.getMethodName().equals("read0"));
        if (socketRead) {
            return all.contains("org.postgresql") ? "waiting: database answer" : "waiting: Kinesis answer";
        }
        if (info.getThreadState() != Thread.State.RUNNABLE) {
            String owner = Arrays.stream(stack).map(f -> simpleName(f) + "." + f.getMethodName())
                    .filter(f -> !f.startsWith("java") && !f.startsWith("jdk") && !f.startsWith("Unsafe")
                            && !f.startsWith("LockSupport") && !f.startsWith("Thread."))
                    .findFirst().orElse("idle");
            return "waiting: " + owner;
        }
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("org.kinesiscratedb")) {
                return "running: " + simpleName(frame);
            }
            if (name.startsWith("org.postgresql")) {
                return "running: PostgreSQL driver";
            }
            if (name.startsWith("software.amazon")) {
                return "running: AWS SDK";
            }
        }
        return all.contains("org.apache.camel") ? "running: Camel" : "running: other";
    }

    private static String simpleName(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.substring(name.lastIndexOf('.') + 1).replaceAll("\\$\\$Lambda.*", "");
    }

    /** The share of samples per state, largest first, e.g. {@code waiting: Kinesis answer=41.2 %}. */
    Map<String, String> shares() {
        long total = counts.values().stream().mapToLong(AtomicLong::get).sum();
        List<Map.Entry<String, AtomicLong>> sorted = counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).toList();
        Map<String, String> shares = new LinkedHashMap<>();
        for (Map.Entry<String, AtomicLong> entry : sorted) {
            shares.put(entry.getKey(), String.format(java.util.Locale.ROOT, "%.1f %%",
                    100.0 * entry.getValue().get() / Math.max(1, total)));
        }
        return shares;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
