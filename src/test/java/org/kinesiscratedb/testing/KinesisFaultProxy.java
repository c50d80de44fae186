package org.kinesiscratedb.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on 127.0.0.1 in front of a Kinesis emulator that answers chosen requests with the errors AWS sends
 * (throttling, 5xx, an expired iterator, bad credentials) and passes every other request through unchanged.
 *
 * <p>The operation is read from the {@code X-Amz-Target} header ({@code Kinesis_20131202.GetRecords}), so the proxy
 * does not care whether bodies are JSON or CBOR (the Java SDK's default with kinesis-mock). An injected error is
 * written the way the SDK parses errors of both protocols: the {@code x-amzn-ErrorType} header, and a body with
 * {@code __type} and {@code message} in the request's own encoding (CBOR for {@code application/x-amz-cbor-1.1},
 * else JSON with {@code application/x-amz-json-1.1}).
 */
public final class KinesisFaultProxy implements AutoCloseable {

    /** Errors as AWS answers them. */
    public enum Fault {
        THROTTLED(400, "ProvisionedThroughputExceededException",
                "Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000."),
        INTERNAL_ERROR(500, "InternalFailure", "Internal service failure."),
        UNAVAILABLE(503, "ServiceUnavailable", "Service Unavailable"),
        EXPIRED_ITERATOR(400, "ExpiredIteratorException",
                "Iterator expired. The iterator was created at time Mon Jan 01 00:00:00 UTC 2024 while right now "
                        + "it is Mon Jan 01 00:05:01 UTC 2024 which is further in the future than the tolerated "
                        + "delay of 300000 milliseconds."),
        BAD_CREDENTIALS(400, "UnrecognizedClientException", "The security token included in the request is invalid.");

        final int status;
        final String type;
        final String message;

        Fault(int status, String type, String message) {
            this.status = status;
            this.type = type;
            this.message = message;
        }
    }

    private record Rule(Set<String> operations, double fraction, List<Fault> faults, AtomicInteger remaining) {
    }

    private final int targetPort;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kinesis-fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Rule> rules = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Random random;
    private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> injected = new ConcurrentHashMap<>();

    public KinesisFaultProxy(int targetPort, long seed) throws IOException {
        this.targetPort = targetPort;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * From now on, answers this fraction of the requests for these operations (e.g. {@code GetRecords}) with one of
     * the faults, chosen at random; every other request passes.
     */
    public void failFraction(double fraction, Set<String> operations, List<Fault> faults) {
        rules.add(new Rule(Set.copyOf(operations), fraction, List.copyOf(faults), null));
    }

    /** Answers every request, whatever its operation, with the fault (e.g. credentials that AWS would refuse). */
    public void failEverything(Fault fault) {
        rules.add(0, new Rule(null, 1.0, List.of(fault), null));
    }

    /** Answers the next {@code count} requests for the operation with the fault (before any fraction rule). */
    public void failNext(String operation, int count, Fault fault) {
        rules.add(0, new Rule(Set.of(operation), 1.0, List.of(fault), new AtomicInteger(count)));
    }

    /** Passes every request from now on. */
    public void heal() {
        rules.clear();
    }

    /** How many requests of an operation were passed through. */
    public long forwarded(String operation) {
        AtomicLong count = forwarded.get(operation);
        return count == null ? 0 : count.get();
    }

    /** The operations (X-Amz-Target without the API version) passed through so far. */
    public Set<String> forwardedOperations() {
        return Set.copyOf(forwarded.keySet());
    }

    /** How many times a fault was injected. */
    public long injected(Fault fault) {
        AtomicLong count = injected.get(fault);
        return count == null ? 0 : count.get();
    }

    public long injectedTotal() {
        return injected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private Fault chooseFault(String operation) {
        for (Rule rule : rules) {
            if (rule.operations() != null && !rule.operations().contains(operation)) {
                continue;
            }
            if (rule.remaining() != null) {
                if (rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return rule.faults().get(0);
                }
                continue;
            }
            synchronized (random) {
                if (random.nextDouble() < rule.fraction()) {
                    return rule.faults().get(random.nextInt(rule.faults().size()));
                }
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Fault fault = chooseFault(operation);
            if (fault != null) {
                injected.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                boolean cbor = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("cbor");
                byte[] error = cbor ? cborError(fault) : jsonError(fault);
                exchange.getResponseHeaders().set("Content-Type",
                        cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1");
                exchange.getResponseHeaders().set("x-amzn-ErrorType", fault.type);
                exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
                exchange.sendResponseHeaders(fault.status, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            forwarded.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
            forward(exchange, body);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        URL url = URI.create("http://127.0.0.1:" + targetPort + exchange.getRequestURI()).toURL();
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestMethod(exchange.getRequestMethod());
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!Set.of("host", "content-length", "connection", "transfer-encoding", "expect").contains(lower)) {
                for (String value : values) {
                    connection.addRequestProperty(name, value);
                }
            }
        });
        if (body.length > 0 || "POST".equals(exchange.getRequestMethod())) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status;
        byte[] response;
        try {
            status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            response = in == null ? new byte[0] : readAll(in);
        } catch (IOException upstreamDown) {
            // The emulator itself is gone: look like a connection reset to the client.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null && !Set.of("content-length", "transfer-encoding", "connection", "keep-alive")
                    .contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
        if (response.length > 0) {
            exchange.getResponseBody().write(response);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] jsonError(Fault fault) {
        return ("{\"__type\":\"" + fault.type + "\",\"message\":\"" + fault.message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"__type": type, "message": message}} in CBOR (RFC 8949): a map of two text pairs. */
    static byte[] cborError(Fault fault) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA2);
        cborText(out, "__type");
        cborText(out, fault.type);
        cborText(out, "message");
        cborText(out, fault.message);
        return out.toByteArray();
    }

    private static void cborText(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 24) {
            out.write(0x60 | bytes.length);
        } else if (bytes.length < 256) {
            out.write(0x78);
            out.write(bytes.length);
        } else {
            out.write(0x79);
            out.write(bytes.length >> 8);
            out.write(bytes.length & 0xFF);
        }
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
