package org.kinesiscratedb.source;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the AWS SDK Kinesis client for a source: region, endpoint, credentials and TLS as the URL says. */
public final class KinesisClients {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisClients.class);

    /** How long a call may wait for the next byte of Kinesis' answer (the time between bytes, not in total). */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(20);

    private KinesisClients() {
    }

    public static KinesisClient create(KinesisSourceSettings settings) {
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .httpClient(httpClient(settings));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(KinesisSourceSettings settings) {
        if (settings.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String keyId = settings.accessKeyId().get();
        String secret = settings.secretAccessKey().orElse("");
        return StaticCredentialsProvider.create(settings.sessionToken()
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                        token -> AwsSessionCredentials.create(keyId, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(keyId, secret)));
    }

    private static SdkHttpClient httpClient(KinesisSourceSettings settings) {
        // A pool as large as a busy relay needs: one connection per shard reader plus the supervisor.
        // Kinesis answers every call at once (GetRecords does not wait for records), so a connection that stays
        // silent for SOCKET_TIMEOUT lost its peer (a network partition): give it up and retry on a new one.
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(128)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(SOCKET_TIMEOUT);
        if (settings.tlsVerify()) {
            return http.build();
        }
        LOG.warn("TLS certificate checks for the Kinesis endpoint are OFF (tls_verify=false): use this only with "
                + "emulators and self-signed certificates");
        return http.buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
    }
}
