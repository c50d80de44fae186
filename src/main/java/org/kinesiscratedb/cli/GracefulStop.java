package org.kinesiscratedb.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;

/**
 * Ctrl-C / SIGTERM: stop Camel cleanly (routes drain, the last batches are written, checkpoints saved), let the
 * command print its summary, and exit with the command's own exit code instead of the JVM's 143 for a signal.
 *
 * <p>The JVM runs shutdown hooks on a signal and exits when they end, so the hook waits until {@link Main#main} has
 * the command's exit code (and the command has printed its summary or error), at most
 * {@link #STOP_TIMEOUT_SECONDS}, then ends the process with that code.
 */
final class GracefulStop implements AutoCloseable {

    /** Camel gets this long to drain the routes; the process ends at the latest a few seconds later. */
    static final int CAMEL_SHUTDOWN_TIMEOUT_SECONDS = 30;
    static final int STOP_TIMEOUT_SECONDS = CAMEL_SHUTDOWN_TIMEOUT_SECONDS + 15;

    private static volatile GracefulStop signalledStop;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;
    private volatile int exitCode = ExitCodes.FAILURE;

    /** Takes over Camel Main's own signal handling for {@code main}. */
    GracefulStop(Main main) {
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy camelHook) {
            camelHook.disableHangupSupport();
        }
        main.configure().setShutdownTimeout(CAMEL_SHUTDOWN_TIMEOUT_SECONDS);
        hook = new Thread(() -> {
            signalled = true;
            signalledStop = this;
            main.completed();
            try {
                finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(exitCode);
        }, "kinesis-cratedb-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command returned; outside a signal the hook is no longer needed. */
    @Override
    public void close() {
        if (!signalled) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** Called by {@code main} with the final exit code: ends a stop that a signal started. */
    static void commandFinished(int code) {
        GracefulStop stop = signalledStop;
        if (stop != null) {
            stop.exitCode = code;
            stop.finished.countDown();
        }
    }
}
