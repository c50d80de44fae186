package org.kinesiscratedb.source;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Makes sure the source stream is there before anything else starts: a missing stream is an error, unless the URL
 * says {@code create=true}, which creates it with {@code create-shards} shards and waits (up to
 * {@code describe-timeout}) until it can be read.
 */
public final class StreamCreator {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCreator.class);

    private final KinesisClient client;
    private final KinesisSourceSettings settings;

    public StreamCreator(KinesisClient client, KinesisSourceSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * @throws ResourceNotFoundException when the stream does not exist and may not be created
     * @throws IllegalStateException     when the stream does not become readable within the describe timeout
     */
    public void ensureStream() throws InterruptedException {
        String stream = settings.streamName();
        StreamStatus status;
        try {
            status = status(stream);
        } catch (ResourceNotFoundException missing) {
            if (!settings.create()) {
                throw missing;
            }
            LOG.info("Creating stream {} with {} shard(s) (create=true)", stream, settings.createShards());
            try {
                client.createStream(b -> b.streamName(stream).shardCount(settings.createShards()));
            } catch (ResourceInUseException createdMeanwhile) {
                LOG.debug("Stream {} was created by someone else meanwhile", stream);
            }
            status = StreamStatus.CREATING;
        }
        Duration timeout = settings.describeTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Stream '" + stream + "' is " + status + ", not readable after "
                        + timeout.toSeconds() + " s (describe-timeout)");
            }
            Thread.sleep(200);
            status = status(stream);
        }
    }

    private StreamStatus status(String stream) {
        return client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus();
    }
}
