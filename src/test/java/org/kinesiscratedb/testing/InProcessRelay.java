package org.kinesiscratedb.testing;

import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import org.kinesiscratedb.relay.KinesisRelay;

/**
 * The relay running in this JVM as {@code run} / {@code load --follow} runs it (Camel Main with the packaged routes),
 * in a thread of its own, until {@link #close()}.
 */
public final class InProcessRelay implements AutoCloseable {

    private final KinesisRelay relay;
    private final Main main = new Main();
    private final Thread runner;
    private volatile Throwable failure;

    private InProcessRelay(KinesisRelay relay) {
        this.relay = relay;
        main.setDefaultPropertyPlaceholderLocation("false");
        main.bind("kinesisRelay", relay);
        main.configure().withRoutesIncludePattern(KinesisRelay.ROUTES);
        runner = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure = e;
            }
        }, "relay-under-test");
        runner.setDaemon(true);
    }

    /** Starts a relay that keeps reading ({@code follow}) until closed. */
    public static InProcessRelay follow(String source, String target) {
        InProcessRelay running = new InProcessRelay(new KinesisRelay(source, target, true));
        running.runner.start();
        return running;
    }

    public KinesisRelay relay() {
        return relay;
    }

    /** True while Camel Main runs and the relay has not given up. */
    public boolean isRunning() {
        return runner.isAlive() && !relay.finished().isCompletedExceptionally();
    }

    /** Why Camel Main ended abnormally, if it did. */
    public Throwable failure() {
        return failure;
    }

    /** Stops the relay cleanly (as SIGTERM does) and waits for it, at most 60 s. */
    @Override
    public void close() throws InterruptedException {
        main.completed();
        runner.join(TimeUnit.SECONDS.toMillis(60));
    }
}
