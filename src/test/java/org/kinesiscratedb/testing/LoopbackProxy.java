package org.kinesiscratedb.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the fault tests' TCP proxies share: a server socket on 127.0.0.1 whose accept thread connects each client to
 * the target port and hands the pair to {@link #forward}, and the bookkeeping of open sockets. Subclasses decide how
 * bytes travel (at once, late, or not at all).
 */
abstract class LoopbackProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    /** Every socket of every forwarded connection, clients and upstreams, until the connection ends. */
    protected final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    LoopbackProxy(int targetPort, String threadName) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, threadName + "-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Whether a new client is accepted and closed at once (a refused connection) instead of forwarded. */
    protected boolean refusesNewConnections() {
        return false;
    }

    /** Starts moving bytes between a new client and its upstream connection, both in {@link #open}. */
    protected abstract void forward(Socket client, Socket upstream);

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusesNewConnections()) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                open.add(client);
                open.add(upstream);
                forward(client, upstream);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Ends one direction's connection: both sockets closed and forgotten. */
    protected void release(Socket from, Socket to) {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
    }

    /** Closes every open socket (the client sees its connection dropped). */
    protected void dropAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    protected static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        dropAll();
        server.close();
    }
}
