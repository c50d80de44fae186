package org.kinesiscratedb.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Watches the memory of the JVM it runs in, for one measurement: the peak of heap in use (sampled every
 * {@value #SAMPLE_MILLIS} ms, so garbage not yet collected counts too), the peak of heap still in use right after a
 * garbage collection (what the program really holds: the number that shows whether memory stays flat), GC time,
 * and the process's peak resident set ({@code VmHWM} in {@code /proc/self/status}).
 */
final class ResourceMonitor implements AutoCloseable {

    static final long SAMPLE_MILLIS = 10;

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHeapUsed;
    private volatile long peakHeapAfterGc;
    private final long gcMillisAtStart;
    private final double cpuSecondsAtStart = cpuSeconds();

    private ResourceMonitor() {
        gcMillisAtStart = gcMillis();
        listenToCollections();
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching now. */
    static ResourceMonitor start() {
        return new ResourceMonitor();
    }

    private void sample() {
        while (running) {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used > peakHeapUsed) {
                peakHeapUsed = used;
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Heap in use after each collection, summed over the heap's pools, from the collectors' notifications. */
    private void listenToCollections() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData());
                    long after = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (isHeapPool(pool.getKey())) {
                            after += pool.getValue().getUsed();
                        }
                    }
                    synchronized (this) {
                        peakHeapAfterGc = Math.max(peakHeapAfterGc, after);
                    }
                }, null, null);
            }
        }
    }

    private static boolean isHeapPool(String name) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(pool -> pool.getName().equals(name) && pool.getType() == java.lang.management.MemoryType.HEAP);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    private static double cpuSeconds() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() / 1e9;
    }

    /** The figures so far, in MB (heap and RSS) and ms (GC). */
    Map<String, Object> snapshot() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("heapPeakMb", mb(Math.max(peakHeapUsed,
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())));
        figures.put("heapAfterGcPeakMb", mb(peakHeapAfterGc));
        figures.put("heapMaxMb", mb(Runtime.getRuntime().maxMemory()));
        figures.put("gcMillis", gcMillis() - gcMillisAtStart);
        figures.put("cpuSeconds", cpuSeconds() - cpuSecondsAtStart);
        figures.put("rssPeakMb", procStatusMb("VmHWM"));
        figures.put("rssMb", procStatusMb("VmRSS"));
        return figures;
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    /** A {@code kB} line of {@code /proc/self/status} in MB, or -1 where there is no /proc. */
    static double procStatusMb(String field) {
        return procStatusMb(Path.of("/proc/self/status"), field);
    }

    static double procStatusMb(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field + ":")) {
                    long kb = Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                    return Math.round(kb / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
