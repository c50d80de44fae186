package org.kinesiscratedb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP proxy on 127.0.0.1 that adds latency: while {@link #slow(Duration)} is on, every chunk the server sends is
 * delivered to the client that much later (the client's own bytes pass at once). A database behind it answers each
 * round trip {@code delay} late, as an overloaded server does; nothing is dropped and the order is kept.
 *
 * <p>{@link #partition()} is a network partition in which packets are dropped rather than refused: every connection
 * open then goes silent for good (no byte arrives, none is closed: like a connection whose firewall or NAT state is
 * gone), and new connections are accepted but go silent too. After {@link #heal()} new connections work again; the
 * silent ones stay silent, as in real networks, until the client gives up on them.
 */
public final class SlowTcpProxy extends LoopbackProxy {

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    private volatile long delayNanos;
    private volatile boolean partitioned;

    public SlowTcpProxy(int targetPort) throws IOException {
        super(targetPort, "slow-proxy");
    }

    /** Delays every chunk from the server by {@code delay} from now on ({@link Duration#ZERO}: no delay). */
    public void slow(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** From now on every byte is dropped, on open connections and new ones, without closing anything. */
    public void partition() {
        partitioned = true;
    }

    /** New connections work again; connections that went silent stay silent. */
    public void heal() {
        partitioned = false;
    }

    @Override
    protected void forward(Socket client, Socket upstream) {
        pump(client, upstream, false);
        pump(upstream, client, true);
    }

    /** A reader thread stamps each chunk with its due time; a writer thread delivers it then, in order. */
    private void pump(Socket from, Socket to, boolean delayed) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long due = System.nanoTime() + (delayed ? delayNanos : 0);
                    queue.add(new Chunk(due, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException ignored) {
                // closed
            } finally {
                queue.add(END);
            }
        }, "slow-proxy-read");
        Thread writer = new Thread(() -> {
            boolean silent = false;
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == END) {
                        break;
                    }
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    }
                    silent |= partitioned;
                    if (silent) {
                        continue; // lost in the partition, and so is everything after it on this connection
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // closed
            } finally {
                release(from, to);
            }
        }, "slow-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }
}
