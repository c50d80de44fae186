package org.kinesiscratedb.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A Kinesis emulator from {@code node_modules} (installed by {@code npm ci} during the build), started on a free
 * port before the test class and killed after it. Also a producer for tests: create streams, put records, reshard.
 *
 * <p>{@link #kinesisLocal()} (kinesis-mock's Node build) is the faithful one: CBOR, resharding. {@link #kinesalite()}
 * is faster for volume but needs CBOR off ({@code aws.cborEnabled=false}).
 */
public final class KinesisEmulator implements BeforeAllCallback, AfterAllCallback {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test-secret-key";

    private final boolean kinesalite;
    private Process process;
    private int port;
    private KinesisClient client;
    private Path logFile;
    private Path persistDir;
    private int tlsPort;

    private KinesisEmulator(boolean kinesalite) {
        this.kinesalite = kinesalite;
    }

    public static KinesisEmulator kinesisLocal() {
        return new KinesisEmulator(false);
    }

    public static KinesisEmulator kinesalite() {
        return new KinesisEmulator(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException, InterruptedException {
        startOn(freePort());
    }

    /**
     * kinesis-local only: keep the streams in {@code dir} (written every 500 ms, loaded at start), so that
     * {@link #restart()} finds them again. Call before the emulator starts.
     */
    public KinesisEmulator persistent(Path dir) {
        if (kinesalite) {
            throw new UnsupportedOperationException("persistence is set up for kinesis-local only");
        }
        this.persistDir = dir.toAbsolutePath();
        return this;
    }

    /** Stops the emulator and starts it again on the same ports (with {@link #persistent}, with its data). */
    public void restart() throws IOException, InterruptedException {
        int samePort = port;
        stop();
        startOn(samePort);
    }

    /** kinesis-local's HTTPS port (self-signed certificate from its server.json). */
    public int tlsPort() {
        return tlsPort;
    }

    /** The HTTPS endpoint of kinesis-local, whose certificate no JVM trusts by default. */
    public URI tlsEndpoint() {
        return URI.create("https://127.0.0.1:" + tlsPort);
    }

    private void startOn(int plainPort) throws IOException, InterruptedException {
        Path modules = findNodeModules();
        port = plainPort;
        if (tlsPort == 0) {
            tlsPort = freePort();
        }
        logFile = Files.createTempFile("kinesis-emulator", ".log");
        ProcessBuilder builder;
        if (kinesalite) {
            builder = new ProcessBuilder("node", modules.resolve("kinesalite/cli.js").toString(),
                    "--port", String.valueOf(port), "--createStreamMs", "0", "--deleteStreamMs", "0",
                    "--updateStreamMs", "0", "--shardLimit", "100");
        } else {
            builder = new ProcessBuilder("node", modules.resolve("kinesis-local/main.js").toString());
            builder.environment().put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(port));
            builder.environment().put("KINESIS_MOCK_TLS_PORT", String.valueOf(tlsPort));
            // It dies at once unless this is an absolute path.
            builder.environment().put("KINESIS_MOCK_CERT_PATH",
                    modules.resolve("kinesis-local/server.json").toAbsolutePath().toString());
            builder.environment().put("CREATE_STREAM_DURATION", "0ms");
            builder.environment().put("SPLIT_SHARD_DURATION", "0ms");
            builder.environment().put("MERGE_SHARDS_DURATION", "0ms");
            builder.environment().put("UPDATE_SHARD_COUNT_DURATION", "0ms");
            builder.environment().put("LOG_LEVEL", "WARN");
            if (persistDir != null) {
                builder.environment().put("SHOULD_PERSIST_DATA", "true");
                builder.environment().put("LOAD_DATA_IF_EXISTS", "true");
                builder.environment().put("PERSIST_PATH", persistDir.toString());
                builder.environment().put("PERSIST_INTERVAL", "500ms");
            }
        }
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
        process = builder.start();
        client = newClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.listStreams();
                return;
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(logFile, StandardCharsets.UTF_8);
                    stop();
                    throw new IllegalStateException("Kinesis emulator did not start: " + log, notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Kills the emulator; kinesis-local ignores SIGTERM when busy, so this escalates to SIGKILL. */
    public void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** A producer-side client (the relay builds its own from the source URL). */
    public KinesisClient client() {
        return client;
    }

    /** {@code kinesis:?...} source URL for a stream on this emulator, with extra query parameters appended. */
    public String sourceUrl(String stream, String... extraParameters) {
        StringBuilder url = new StringBuilder("kinesis:?aws_access_key_id=" + ACCESS_KEY
                + "&aws_secret_access_key=" + SECRET_KEY + "&region_name=" + REGION
                + "&endpoint_url=" + endpoint() + "&table=" + stream);
        for (String parameter : extraParameters) {
            url.append('&').append(parameter);
        }
        return url.toString();
    }

    public void createStream(String name, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(name).shardCount(shards));
        awaitActive(name);
    }

    public void awaitActive(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " did not become ACTIVE");
            }
            Thread.sleep(50);
        }
    }

    public List<Shard> shards(String stream) {
        return client.listShards(b -> b.streamName(stream)).shards();
    }

    /** Puts the payloads with partition keys {@code key-<i % keys>}, in PutRecords calls of up to 500, in order. */
    public void put(String stream, List<byte[]> payloads, int keys) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("key-" + (i % keys))
                    .data(SdkBytes.fromByteArray(payloads.get(i))).build());
            if (entries.size() == 500 || i == payloads.size() - 1) {
                putAll(stream, entries);
                entries = new ArrayList<>();
            }
        }
    }

    public void putJson(String stream, String... json) {
        List<byte[]> payloads = new ArrayList<>();
        for (String each : json) {
            payloads.add(each.getBytes(StandardCharsets.UTF_8));
        }
        put(stream, payloads, 1);
    }

    private void putAll(String stream, List<PutRecordsRequestEntry> entries) {
        List<PutRecordsRequestEntry> pending = entries;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new IllegalStateException("PutRecords kept failing for " + pending.size() + " records");
            }
            List<PutRecordsRequestEntry> sent = pending;
            PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(sent));
            List<PutRecordsRequestEntry> retry = new ArrayList<>();
            for (int i = 0; i < response.records().size(); i++) {
                if (response.records().get(i).errorCode() != null) {
                    retry.add(sent.get(i));
                }
            }
            pending = retry;
        }
    }

    /** Doubles the shard count (each open shard splits), as UpdateShardCount does. */
    public void reshard(String stream, int targetShards) throws InterruptedException {
        client.updateShardCount(b -> b.streamName(stream).targetShardCount(targetShards)
                .scalingType(ScalingType.UNIFORM_SCALING));
        awaitActive(stream);
    }

    private KinesisClient newClient() {
        return KinesisClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** node_modules of the project (installed by npm ci in the Maven build), found from the working directory up. */
    static Path findNodeModules() {
        for (File dir = new File("").getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            Path candidate = dir.toPath().resolve("node_modules");
            if (Files.isDirectory(candidate.resolve("kinesis-local"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("node_modules/kinesis-local not found: run 'npm ci' in the project folder "
                + "(the Maven build does this in generate-test-resources)");
    }
}
