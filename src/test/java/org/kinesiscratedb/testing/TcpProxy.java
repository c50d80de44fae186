package org.kinesiscratedb.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A TCP proxy on 127.0.0.1 for outage tests: forwards to a target port until {@link #cut()}, which drops every open
 * connection and refuses new ones (accept, then close at once) until {@link #restore()}.
 */
public final class TcpProxy extends LoopbackProxy {

    private volatile boolean cut;

    public TcpProxy(int targetPort) throws IOException {
        super(targetPort, "tcp-proxy");
    }

    /** Drops every connection and refuses new ones. */
    public void cut() {
        cut = true;
        dropAll();
    }

    public void restore() {
        cut = false;
    }

    @Override
    protected boolean refusesNewConnections() {
        return cut;
    }

    @Override
    protected void forward(Socket client, Socket upstream) {
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // a cut or a normal close
            } finally {
                release(from, to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        cut = true;
        super.close();
    }
}
