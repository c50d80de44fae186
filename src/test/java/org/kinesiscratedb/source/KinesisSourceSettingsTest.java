package org.kinesiscratedb.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.checkpoint.CheckpointSettings;
import org.kinesiscratedb.source.KinesisSourceSettings.Format;

class KinesisSourceSettingsTest {

    private static final String SECRET = "SeCrEtVaLuE42";
    private static final String TOKEN = "ToKeNvAlUe77";
    private static final String BASE = "kinesis:?region_name=us-east-1&table=demo";

    private static KinesisSourceSettings parse(String url) {
        return KinesisSourceSettings.parse(url, Map.of());
    }

    private static SettingsException failure(String url) {
        return failure(url, Map.of());
    }

    private static SettingsException failure(String url, Map<String, String> env) {
        SettingsException e = catchThrowableOfType(SettingsException.class,
                () -> KinesisSourceSettings.parse(url, env));
        assertThat(e).as("expected a SettingsException for %s", url).isNotNull();
        return e;
    }

    @Nested
    class JsonUrl {

        @Test
        void readsTheTutorialUrl() {
            var s = parse("kinesis:?aws_access_key_id=AKIDEXAMPLE&aws_secret_access_key=" + SECRET
                    + "&region_name=us-east-1&table=demo");

            assertThat(s.format()).isEqualTo(Format.JSON);
            assertThat(s.streamName()).isEqualTo("demo");
            assertThat(s.streamNameOrArn()).isEqualTo("demo");
            assertThat(s.region()).isEqualTo("us-east-1");
            assertThat(s.accessKeyId()).contains("AKIDEXAMPLE");
            assertThat(s.secretAccessKey()).contains(SECRET);
            assertThat(s.sessionToken()).isEmpty();
            assertThat(s.endpoint()).isEmpty();
            assertThat(s.tlsVerify()).isTrue();
            assertThat(s.startPosition()).isEqualTo(StartPosition.trimHorizon());
            assertThat(s.batchSize()).isEqualTo(1000);
            assertThat(s.checkpoint().kind()).isEqualTo(CheckpointSettings.Kind.NONE);
            assertThat(s.once()).isTrue();
            assertThat(s.replayFile()).isEmpty();
            assertThat(s.create()).isFalse();
            assertThat(s.createShards()).isEqualTo(1);
            assertThat(s.idleSleep()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.describeTimeout()).isEqualTo(Duration.ofSeconds(10));
        }

        @ParameterizedTest
        @ValueSource(strings = {"kinesis://?region_name=us-east-1&table=demo",
            "kinesis:///?region_name=us-east-1&table=demo", "KINESIS:?region_name=us-east-1&table=demo"})
        void acceptsSlashFormsAndUpperCaseScheme(String url) {
            assertThat(parse(url).streamName()).isEqualTo("demo");
        }

        @Test
        void rejectsAHostInAKinesisUrl() {
            assertThat(failure("kinesis://localhost:4566?region_name=us-east-1&table=demo"))
                    .hasMessageContaining("takes no host").hasMessageContaining("endpoint_url");
        }

        @Test
        void withoutCredentialsUsesTheDefaultChain() {
            var s = parse(BASE);

            assertThat(s.accessKeyId()).isEmpty();
            assertThat(s.secretAccessKey()).isEmpty();
        }

        @Test
        void acceptsASessionToken() {
            var s = parse(BASE + "&aws_access_key_id=AKID&aws_secret_access_key=" + SECRET
                    + "&aws_session_token=" + TOKEN);

            assertThat(s.sessionToken()).contains(TOKEN);
        }

        @Test
        void rejectsAKeyIdWithoutSecret() {
            assertThat(failure(BASE + "&aws_access_key_id=AKID"))
                    .hasMessageContaining("aws_access_key_id").hasMessageContaining("both");
        }

        @Test
        void rejectsASecretWithoutKeyId() {
            SettingsException e = failure(BASE + "&aws_secret_access_key=" + SECRET);

            assertThat(e).hasMessageContaining("aws_secret_access_key");
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }

        @Test
        void rejectsASessionTokenWithoutKeys() {
            SettingsException e = failure(BASE + "&aws_session_token=" + TOKEN);

            assertThat(e).hasMessageContaining("aws_session_token");
            assertThat(e.getMessage()).doesNotContain(TOKEN);
        }

        @Test
        void percentDecodesValuesButKeepsPlusSigns() {
            var s = parse(BASE + "&aws_access_key_id=AKID&aws_secret_access_key=ab%2Fcd+ef%3D");

            assertThat(s.secretAccessKey()).contains("ab/cd+ef=");
        }

        @Test
        void acceptsRegionAsAliasOfRegionName() {
            assertThat(parse("kinesis:?region=eu-central-1&table=demo").region()).isEqualTo("eu-central-1");
        }

        @Test
        void rejectsRegionAndRegionNameTogether() {
            assertThat(failure("kinesis:?region=eu-central-1&region_name=us-east-1&table=demo"))
                    .hasMessageContaining("'region'").hasMessageContaining("'region_name'");
        }

        @Test
        void fallsBackToAwsRegionThenAwsDefaultRegion() {
            String url = "kinesis:?table=demo";

            assertThat(KinesisSourceSettings.parse(url, Map.of("AWS_REGION", "eu-west-1",
                    "AWS_DEFAULT_REGION", "eu-west-2")).region()).isEqualTo("eu-west-1");
            assertThat(KinesisSourceSettings.parse(url, Map.of("AWS_DEFAULT_REGION", "eu-west-2")).region())
                    .isEqualTo("eu-west-2");
        }

        @Test
        void urlRegionBeatsTheEnvironment() {
            assertThat(KinesisSourceSettings.parse(BASE, Map.of("AWS_REGION", "eu-west-1")).region())
                    .isEqualTo("us-east-1");
        }

        @Test
        void rejectsAMissingRegion() {
            assertThat(failure("kinesis:?table=demo")).hasMessage(
                    "region: missing; give region_name=... in the URL or set AWS_REGION / AWS_DEFAULT_REGION");
        }

        @Test
        void rejectsAnInvalidRegion() {
            assertThat(failure("kinesis:?region_name=US%20EAST&table=demo"))
                    .hasMessageContaining("region_name").hasMessageContaining("US EAST");
            assertThat(failure("kinesis:?table=demo", Map.of("AWS_REGION", "bad region")))
                    .hasMessageContaining("AWS_REGION");
        }

        @Test
        void acceptsStreamArnInTable() {
            String arn = "arn:aws:kinesis:eu-north-1:123456789012:stream/orders.v2";
            var s = parse("kinesis:?table=" + arn);

            assertThat(s.streamName()).isEqualTo("orders.v2");
            assertThat(s.streamNameOrArn()).isEqualTo(arn);
            assertThat(s.region()).isEqualTo("eu-north-1");
        }

        @Test
        void acceptsArnsOfOtherPartitions() {
            var s = parse("kinesis:?table=arn:aws-cn:kinesis:cn-north-1:123456789012:stream/demo");

            assertThat(s.region()).isEqualTo("cn-north-1");
            assertThat(s.streamName()).isEqualTo("demo");
        }

        @Test
        void arnRegionBeatsTheEnvironmentRegion() {
            var s = KinesisSourceSettings.parse("kinesis:?table=arn:aws:kinesis:us-west-2:123456789012:stream/demo",
                    Map.of("AWS_REGION", "eu-west-1"));

            assertThat(s.region()).isEqualTo("us-west-2");
        }

        @Test
        void rejectsARegionThatContradictsTheArn() {
            assertThat(failure("kinesis:?region_name=eu-west-1&table=arn:aws:kinesis:us-west-2:123456789012:stream/x"))
                    .hasMessageContaining("region_name").hasMessageContaining("us-west-2");
        }

        @ParameterizedTest
        @ValueSource(strings = {"arn:aws:kinesis:us-east-1:123:stream/demo", "arn:aws:sqs:us-east-1:123456789012:demo",
            "arn:aws:kinesis:us-east-1:123456789012:stream/", "arn:aws:kinesis:us-east-1:123456789012:demo"})
        void rejectsMalformedArns(String arn) {
            assertThat(failure("kinesis:?table=" + arn)).hasMessageContaining("table")
                    .hasMessageContaining("not a Kinesis stream ARN");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my%20stream", "a/b", "caf%C3%A9"})
        void rejectsInvalidStreamNames(String name) {
            assertThat(failure("kinesis:?region_name=us-east-1&table=" + name))
                    .hasMessageContaining("table").hasMessageContaining("1 to 128 characters");
        }

        @Test
        void rejectsAStreamNameLongerThan128Characters() {
            assertThat(parse("kinesis:?region_name=us-east-1&table=" + "x".repeat(128)).streamName()).hasSize(128);
            assertThat(failure("kinesis:?region_name=us-east-1&table=" + "x".repeat(129)))
                    .hasMessageContaining("table");
        }

        @Test
        void rejectsAMissingTable() {
            assertThat(failure("kinesis:?region_name=us-east-1")).hasMessageStartingWith("table: missing");
        }

        @ParameterizedTest
        @CsvSource({
            "2024-03-05,                          2024-03-05T00:00:00Z",
            "2024-03-05T10:11:12,                 2024-03-05T10:11:12Z",
            "2024-03-05T10:11:12%2B0200,          2024-03-05T08:11:12Z",
            "2024-03-05T10:11:12+0200,            2024-03-05T08:11:12Z",
            "2024-03-05T10:11:12+02:00,           2024-03-05T08:11:12Z",
            "2024-03-05T10:11:12-0130,            2024-03-05T11:41:12Z",
            "2024-03-05T10:11:12Z,                2024-03-05T10:11:12Z",
            "2024-03-05T10:11:12.123456,          2024-03-05T10:11:12.123456Z",
            "2024-03-05T10:11:12.5,               2024-03-05T10:11:12.500Z",
            "2024-03-05T10:11:12.123456789,       2024-03-05T10:11:12.123456789Z",
            "2024-03-05T10:11:12.123456+0200,     2024-03-05T08:11:12.123456Z",
            "2024-03-05T10:11:12.25Z,             2024-03-05T10:11:12.250Z",
            "2024-03-05 10:11:12,                 2024-03-05T10:11:12Z",
            "2024-03-05%2010:11:12,               2024-03-05T10:11:12Z",
        })
        void readsEachStartDateFormatAsUtcUnlessAnOffsetIsGiven(String value, String expected) {
            var s = parse(BASE + "&start_date=" + value);

            assertThat(s.startPosition().iteratorType()).isEqualTo("AT_TIMESTAMP");
            assertThat(s.startPosition().timestamp()).contains(Instant.parse(expected));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2024-13-01", "2024-02-30", "05.03.2024", "2024-03-05T10:11", "yesterday",
            "2024-03-05T10:11:12.1234567890", "2024-03-05T25:00:00", "1709633472", "2024-03-05Z"})
        void rejectsOtherStartDatesListingTheFormats(String value) {
            assertThat(failure(BASE + "&start_date=" + value))
                    .hasMessageContaining("start_date: '" + value + "'")
                    .hasMessageContaining("yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss")
                    .hasMessageContaining("yyyy-MM-dd HH:mm:ss")
                    .hasMessageContaining("UTC");
        }

        @Test
        void readsBatchSize() {
            assertThat(parse(BASE + "&batch_size=250").batchSize()).isEqualTo(250);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "x", "1.5", "99999999999"})
        void rejectsBadBatchSizes(String value) {
            assertThat(failure(BASE + "&batch_size=" + value))
                    .hasMessageContaining("batch_size: '" + value + "'").hasMessageContaining(">= 1");
        }

        @Test
        void suggestsTheOtherSpellingOfAParameter() {
            assertThat(failure(BASE + "&batch-size=5")).hasMessageContaining("did you mean 'batch_size'");
        }

        @Test
        void readsEndpointUrl() {
            var s = parse(BASE + "&endpoint_url=http%3A%2F%2Flocalhost%3A4566");

            assertThat(s.endpoint()).contains(URI.create("http://localhost:4566"));
        }

        @Test
        void endpointFallsBackToKinesisSpecificThenGeneralEnvironmentVariable() {
            assertThat(KinesisSourceSettings.parse(BASE, Map.of(
                    "AWS_ENDPOINT_URL_KINESIS", "https://kinesis.local:4567",
                    "AWS_ENDPOINT_URL", "http://localhost:4566")).endpoint())
                    .contains(URI.create("https://kinesis.local:4567"));
            assertThat(KinesisSourceSettings.parse(BASE, Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"))
                    .endpoint())
                    .contains(URI.create("http://localhost:4566"));
        }

        @Test
        void endpointUrlParameterBeatsTheEnvironment() {
            var s = KinesisSourceSettings.parse(BASE + "&endpoint_url=http://emulator:4566",
                    Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"));

            assertThat(s.endpoint()).contains(URI.create("http://emulator:4566"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://localhost:21", "localhost:4566", "http://", "not a url"})
        void rejectsEndpointsThatAreNotHttpUrlsWithAHost(String value) {
            assertThat(failure(BASE + "&endpoint_url=" + value.replace(" ", "%20")))
                    .hasMessageContaining("endpoint_url").hasMessageContaining("http or https");
        }

        @Test
        void rejectsABadEndpointFromTheEnvironmentNamingTheVariable() {
            assertThat(failure(BASE, Map.of("AWS_ENDPOINT_URL", "localhost:4566")))
                    .hasMessageContaining("AWS_ENDPOINT_URL");
        }

        @Test
        void tlsVerifyCanBeSwitchedOffWithAWarning() {
            var s = parse(BASE + "&endpoint_url=https://localhost:4567&tls_verify=false");

            assertThat(s.tlsVerify()).isFalse();
            assertThat(s.warnings()).anyMatch(w -> w.contains("tls_verify=false"));
        }

        @Test
        void acceptsVerifyAsAliasOfTlsVerify() {
            assertThat(parse(BASE + "&verify=no").tlsVerify()).isFalse();
            assertThat(parse(BASE + "&verify=TRUE").tlsVerify()).isTrue();
        }

        @Test
        void rejectsANonBooleanTlsVerify() {
            assertThat(failure(BASE + "&tls_verify=maybe"))
                    .hasMessageContaining("tls_verify: 'maybe' is not a boolean");
        }

        @Test
        void readsTheMangledRegionNameOfTheTutorialPageWithAWarning() {
            var s = parse("kinesis:?aws_access_key_id=test&aws_secret_access_key=" + SECRET
                    + "®ion_name=us-east-1&table=demo");

            assertThat(s.region()).isEqualTo("us-east-1");
            assertThat(s.secretAccessKey()).contains(SECRET);
            assertThat(s.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("®ion_name").contains("&region_name").doesNotContain(SECRET));
        }

        @Test
        void noWarningAboutTheMangledSpellingForACleanUrl() {
            assertThat(parse(BASE).warnings()).noneMatch(w -> w.contains("®"));
        }

        @Test
        void rejectsAnUnknownParameterListingTheAllowedOnes() {
            assertThat(failure(BASE + "&foo=1")).hasMessageStartingWith(
                    "Unknown parameter 'foo' in kinesis: URL; allowed: aws_access_key_id, aws_secret_access_key, ")
                    .hasMessageContaining("checkpointer-interval");
        }

        @Test
        void rejectsAParameterGivenTwice() {
            assertThat(failure(BASE + "&table=other")).hasMessageContaining("'table' is given twice");
        }

        @Test
        void rejectsAnEmptyValue() {
            assertThat(failure("kinesis:?region_name=us-east-1&table=")).hasMessageContaining("'table'")
                    .hasMessageContaining("empty value");
            assertThat(failure(BASE + "&batch_size")).hasMessageContaining("'batch_size'");
        }

        @Test
        void rejectsMalformedPercentEncoding() {
            assertThat(failure(BASE + "&batch_size=%zz")).hasMessageContaining("percent-encoding");
        }
    }

    @Nested
    class Checkpointing {

        @Test
        void withoutCheckpointerKeepsNoCheckpointsAndWarnsAboutRestarts() {
            var s = parse(BASE);

            assertThat(s.checkpoint()).isEqualTo(CheckpointSettings.none());
            assertThat(s.warnings()).anyMatch(w -> w.contains("No checkpointer"));
        }

        @Test
        void readsAllCheckpointerParameters() {
            var s = parse(BASE + "&checkpointer=cratedb&checkpointer-name=relay-2&checkpointer-schema=meta_data"
                    + "&checkpointer-interval=10");

            assertThat(s.checkpoint()).isEqualTo(new CheckpointSettings(CheckpointSettings.Kind.CRATEDB,
                    Optional.of("relay-2"), "meta_data", Duration.ofSeconds(10)));
            assertThat(s.warnings()).noneMatch(w -> w.contains("checkpointer"));
        }

        @Test
        void appliesCheckpointerDefaults() {
            var s = parse(BASE + "&checkpointer=MEMORY");

            assertThat(s.checkpoint().kind()).isEqualTo(CheckpointSettings.Kind.MEMORY);
            assertThat(s.checkpoint().name()).isEmpty();
            assertThat(s.checkpoint().schema()).isEqualTo("ext");
            assertThat(s.checkpoint().interval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.checkpoint().namespaceFor(s.streamNameOrArn())).isEqualTo("demo");
        }

        @Test
        void acceptsADecimalInterval() {
            assertThat(parse(BASE + "&checkpointer=memory&checkpointer-interval=0.25").checkpoint().interval())
                    .isEqualTo(Duration.ofMillis(250));
        }

        @Test
        void rejectsAnUnsupportedCheckpointer() {
            assertThat(failure(BASE + "&checkpointer=redis"))
                    .hasMessageContaining("checkpointer: 'redis' is not supported")
                    .hasMessageContaining("cratedb").hasMessageContaining("memory");
        }

        @Test
        void rejectsABadSchema() {
            assertThat(failure(BASE + "&checkpointer=cratedb&checkpointer-schema=1bad"))
                    .hasMessageContaining("checkpointer-schema: '1bad'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.0", "-1", "x", "0.0000000001"})
        void rejectsAnIntervalThatIsNotPositive(String value) {
            assertThat(failure(BASE + "&checkpointer=cratedb&checkpointer-interval=" + value))
                    .hasMessageContaining("checkpointer-interval");
        }

        @Test
        void warnsWhenCheckpointerOptionsHaveNoEffect() {
            assertThat(parse(BASE + "&checkpointer-name=x").warnings()).anyMatch(w -> w.contains("no effect"));
        }
    }

    @Nested
    class DmsUrl {

        @Test
        void readsTheTutorialUrl() {
            var s = parse("kinesis+dms://localhost:4566/demo?region=us-east-1&create=true&checkpointer=cratedb"
                    + "&checkpointer-interval=10");

            assertThat(s.format()).isEqualTo(Format.DMS);
            assertThat(s.streamName()).isEqualTo("demo");
            assertThat(s.region()).isEqualTo("us-east-1");
            assertThat(s.endpoint()).contains(URI.create("http://localhost:4566"));
            assertThat(s.create()).isTrue();
            assertThat(s.createShards()).isEqualTo(1);
            assertThat(s.checkpoint().kind()).isEqualTo(CheckpointSettings.Kind.CRATEDB);
            assertThat(s.checkpoint().interval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.startPosition()).isEqualTo(StartPosition.trimHorizon());
            assertThat(s.once()).isFalse();
            assertThat(s.batchSize()).isEqualTo(1000);
            assertThat(s.idleSleep()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.describeTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.accessKeyId()).isEmpty();
            assertThat(s.replayFile()).isEmpty();
        }

        @Test
        void usesPort4566WhenAHostHasNoPort() {
            assertThat(parse("kinesis+dms://kinesis-mock/demo?region=us-east-1").endpoint())
                    .contains(URI.create("http://kinesis-mock:4566"));
        }

        @Test
        void usesHttpsWhenTlsIsAsked() {
            var s = parse("kinesis+dms://localhost:4567/demo?region=us-east-1&tls=true&tls_verify=false");

            assertThat(s.endpoint()).contains(URI.create("https://localhost:4567"));
            assertThat(s.tlsVerify()).isFalse();
        }

        @Test
        void acceptsAnIpv6Host() {
            assertThat(parse("kinesis+dms://[::1]:4566/demo?region=us-east-1").endpoint())
                    .contains(URI.create("http://[::1]:4566"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"kinesis+dms://aws/demo?region=us-east-1", "kinesis+dms://AWS/demo?region=us-east-1",
            "kinesis+dms:///demo?region=us-east-1"})
        void hostAwsOrNoHostMeansTheRealAwsEndpoint(String url) {
            var s = KinesisSourceSettings.parse(url, Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"));

            assertThat(s.endpoint()).isEmpty();
            assertThat(s.streamName()).isEqualTo("demo");
        }

        @Test
        void readsCredentialsFromUserInfo() {
            var s = parse("kinesis+dms://AKIDEXAMPLE:se%2Fcr+et%40x@localhost:4566/demo?region=us-east-1");

            assertThat(s.accessKeyId()).contains("AKIDEXAMPLE");
            assertThat(s.secretAccessKey()).contains("se/cr+et@x");
            assertThat(s.endpoint()).contains(URI.create("http://localhost:4566"));
        }

        @Test
        void acceptsARawSlashInTheSecret() {
            var s = parse("kinesis+dms://AKID:ab/cd@aws/demo?region=us-east-1");

            assertThat(s.secretAccessKey()).contains("ab/cd");
            assertThat(s.endpoint()).isEmpty();
        }

        @Test
        void rejectsUserInfoWithoutSecret() {
            assertThat(failure("kinesis+dms://AKID@localhost/demo?region=us-east-1"))
                    .hasMessageContaining("KEY:SECRET");
        }

        @Test
        void acceptsAStreamArn() {
            var s = parse("kinesis+dms://localhost:4566/arn:aws:kinesis:us-east-1:000000000000:stream/demo");

            assertThat(s.streamName()).isEqualTo("demo");
            assertThat(s.streamNameOrArn()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/demo");
            assertThat(s.region()).isEqualTo("us-east-1");
        }

        @Test
        void fallsBackToTheEnvironmentRegion() {
            assertThat(KinesisSourceSettings.parse("kinesis+dms://localhost/demo", Map.of("AWS_REGION", "eu-west-3"))
                    .region()).isEqualTo("eu-west-3");
            assertThat(failure("kinesis+dms://localhost/demo")).hasMessageContaining("give region=...");
        }

        @Test
        void acceptsRegionNameAsAlias() {
            assertThat(parse("kinesis+dms://localhost/demo?region_name=ap-south-1").region()).isEqualTo("ap-south-1");
        }

        @Test
        void replaysAnExistingFile(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("events.ndjson"), "{}\n");

            var s = parse("kinesis+dms://" + file.toAbsolutePath());

            assertThat(s.replayFile()).contains(file.toAbsolutePath());
            assertThat(s.streamName()).isEqualTo("events.ndjson");
            assertThat(s.region()).isEmpty();
            assertThat(s.endpoint()).isEmpty();
            assertThat(s.checkpoint().kind()).isEqualTo(CheckpointSettings.Kind.NONE);
        }

        @Test
        void aReplayKeepsNoCheckpointsAndSaysSo(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("events.ndjson"), "{}\n");

            var s = parse("kinesis+dms://" + file.toAbsolutePath() + "?checkpointer=cratedb&region=us-east-1");

            assertThat(s.checkpoint().kind()).isEqualTo(CheckpointSettings.Kind.NONE);
            assertThat(s.warnings()).anyMatch(w -> w.contains("replaying a file"));
        }

        @Test
        void rejectsAPathThatIsNoFile(@TempDir Path dir) {
            assertThat(failure("kinesis+dms://" + dir.resolve("missing.ndjson").toAbsolutePath() + "?region=us-east-1"))
                    .hasMessageContaining("neither an existing file");
        }

        @Test
        void rejectsAMissingStream() {
            assertThat(failure("kinesis+dms://localhost:4566?region=us-east-1")).hasMessageContaining("needs a stream");
            assertThat(failure("kinesis+dms://localhost:4566/?region=us-east-1"))
                    .hasMessageContaining("needs a stream");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "65536", "x"})
        void rejectsABadPort(String port) {
            assertThat(failure("kinesis+dms://localhost:" + port + "/demo?region=us-east-1"))
                    .hasMessageContaining("port '" + port + "'");
        }

        @Test
        void readsEveryParameter() {
            var s = parse("kinesis+dms://localhost/demo?region=us-east-1&create=yes&create-shards=4&once=1"
                    + "&batch-size=200&idle-sleep=0.25&describe-timeout=30&checkpointer=memory"
                    + "&checkpointer-name=n1&checkpointer-schema=cp&checkpointer-interval=2.5");

            assertThat(s.create()).isTrue();
            assertThat(s.createShards()).isEqualTo(4);
            assertThat(s.once()).isTrue();
            assertThat(s.batchSize()).isEqualTo(200);
            assertThat(s.idleSleep()).isEqualTo(Duration.ofMillis(250));
            assertThat(s.describeTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.checkpoint()).isEqualTo(new CheckpointSettings(CheckpointSettings.Kind.MEMORY,
                    Optional.of("n1"), "cp", Duration.ofMillis(2500)));
        }

        @ParameterizedTest
        @CsvSource({"TRUE, true", "Yes, true", "1, true", "false, false", "NO, false", "0, false"})
        void acceptsBooleanSpellingsCaseInsensitively(String value, boolean expected) {
            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&once=" + value).once()).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"create", "once", "tls", "tls_verify"})
        void rejectsANonBooleanNamingTheParameter(String param) {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&" + param + "=sure"))
                    .hasMessageContaining(param + ": 'sure' is not a boolean");
        }

        @ParameterizedTest
        @CsvSource({"create-shards, 0", "batch-size, -5", "idle-sleep, 0", "describe-timeout, x"})
        void rejectsBadNumbersNamingTheParameter(String param, String value) {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&" + param + "=" + value))
                    .hasMessageContaining(param);
        }

        @Test
        void startsAtTheLatestRecord() {
            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&start=latest").startPosition())
                    .isEqualTo(StartPosition.latest());
        }

        @Test
        void startsAtOrAfterASequenceNumber() {
            String seq = "49590338271490256608559692538361571095921575989136588898";

            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&start=seqno-at&seqno=" + seq)
                    .startPosition()).isEqualTo(StartPosition.atSequence(seq));
            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&start=seqno-after&seqno=" + seq)
                    .startPosition()).isEqualTo(StartPosition.afterSequence(seq));
        }

        @Test
        void startsAtATimestamp() {
            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&start_date=2024-01-02").startPosition())
                    .isEqualTo(StartPosition.atTimestamp(Instant.parse("2024-01-02T00:00:00Z")));
            assertThat(parse("kinesis+dms://localhost/demo?region=us-east-1&start=earliest&start_date=2024-01-02")
                    .startPosition().iteratorType()).isEqualTo("AT_TIMESTAMP");
        }

        @Test
        void rejectsStartDateWithAnotherStart() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&start=latest&start_date=2024-01-02"))
                    .hasMessageContaining("start_date").hasMessageContaining("start=latest");
        }

        @Test
        void rejectsSeqnoAtWithoutSeqno() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&start=seqno-at"))
                    .hasMessageContaining("seqno: missing").hasMessageContaining("start=seqno-at");
        }

        @Test
        void rejectsSeqnoWithoutASeqnoStart() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&seqno=123"))
                    .hasMessageContaining("seqno: only used with start=seqno-at or start=seqno-after");
        }

        @Test
        void rejectsANonNumericSeqno() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&start=seqno-after&seqno=12a"))
                    .hasMessageContaining("seqno: '12a'");
        }

        @Test
        void rejectsABadStartValue() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&start=oldest"))
                    .hasMessageContaining("start: 'oldest' is not allowed")
                    .hasMessageContaining("earliest, latest, seqno-at or seqno-after");
        }

        @Test
        void rejectsAnUnknownParameterNamingTheScheme() {
            assertThat(failure("kinesis+dms://localhost/demo?region=us-east-1&table=x"))
                    .hasMessageStartingWith("Unknown parameter 'table' in kinesis+dms:// URL; allowed: region, ");
        }

        @Test
        void readsDynamoDbCdcUrlsWithTheSameGrammar() {
            var s = parse("kinesis+dynamodb+cdc://localhost:4566/ddb-stream?region=us-east-1&start=latest");

            assertThat(s.format()).isEqualTo(Format.DYNAMODB_CDC);
            assertThat(s.streamName()).isEqualTo("ddb-stream");
            assertThat(s.endpoint()).contains(URI.create("http://localhost:4566"));
            assertThat(s.startPosition()).isEqualTo(StartPosition.latest());
        }
    }

    @Nested
    class Secrets {

        @Test
        void toStringMasksSecretAndToken() {
            var s = parse(BASE + "&aws_access_key_id=AKIDEXAMPLE&aws_secret_access_key=" + SECRET
                    + "&aws_session_token=" + TOKEN);

            assertThat(s.toString()).contains("AKIDEXAMPLE").contains("****").contains("demo").contains("us-east-1")
                    .doesNotContain(SECRET).doesNotContain(TOKEN);
        }

        @Test
        void toStringShowsTheChangeDataCaptureParametersOnlyForChangeDataCaptureUrls() {
            assertThat(parse(BASE).toString()).doesNotContain("once=").doesNotContain("idleSleep=")
                    .contains("batchSize=");
            assertThat(parse("kinesis+dms://localhost:4566/demo?region=us-east-1&once=true").toString())
                    .contains("once=true").contains("idleSleep=");
        }

        @Test
        void toStringOfAUserInfoUrlMasksTheSecret() {
            var s = parse("kinesis+dms://AKID:" + SECRET + "@localhost:4566/demo?region=us-east-1");

            assertThat(s.toString()).contains("http://localhost:4566").doesNotContain(SECRET);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "kinesis:?aws_secret_access_key=" + SECRET + "&region_name=us-east-1&table=demo",
            "kinesis:?aws_access_key_id=A&aws_secret_access_key=" + SECRET + "&aws_session_token=" + TOKEN
                    + "&table=demo",
            "kinesis:?aws_access_key_id=A&aws_secret_access_key=" + SECRET + "&region_name=us-east-1&table=demo&x=1",
            "kinesis:?aws_access_key_id=A&aws_secret_access_key=" + SECRET + "&aws_secret_access_key=" + SECRET
                    + "&table=demo",
            "kinesis:?aws_access_key_id=A&aws_secret_access_key=" + SECRET + "&aws_session_token=" + TOKEN
                    + "&region_name=us-east-1&table=a/b",
            "kinesis:?aws_access_key_id=A&aws_secret_access_key=" + SECRET + "&aws_session_token=" + TOKEN
                    + "&region_name=us-east-1&table=demo&endpoint_url=ftp://x&start_date=x",
            "kinesis://A:" + SECRET + "@localhost?table=demo",
            "kinesis+dms://A:" + SECRET + "@localhost:99999/demo",
            "kinesis+dms://A:" + SECRET + "@localhost/demo?region=us-east-1&start=bad",
            "kinesis+dms://A:" + SECRET + "@localhost/demo",
            "kinesis+dms://A:" + SECRET + "%zz@localhost/demo",
            "kafka://A:" + SECRET + "@localhost/demo?aws_secret_access_key=" + SECRET + "&aws_session_token=" + TOKEN,
        })
        void errorMessagesNeverContainSecrets(String url) {
            SettingsException e = failure(url);

            assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(TOKEN);
        }

        @Test
        void anUnsupportedSchemeIsEchoedWithoutCredentials() {
            assertThat(failure("foo://user:" + SECRET + "@bar/x?aws_secret_access_key=" + SECRET + "&table=t"))
                    .hasMessage("Unsupported source 'foo://****@bar/x?aws_secret_access_key=****&table=t'; use "
                            + "kinesis:?..., kinesis+dms://... or kinesis+dynamodb+cdc://...");
        }

        @Test
        void rejectsAMissingUrl() {
            assertThat(failure("  ")).hasMessageContaining("missing");
        }
    }

    @Nested
    class StartPositions {

        @Test
        void namesTheKinesisIteratorTypes() {
            assertThat(StartPosition.trimHorizon().iteratorType()).isEqualTo("TRIM_HORIZON");
            assertThat(StartPosition.latest().iteratorType()).isEqualTo("LATEST");
            assertThat(StartPosition.atTimestamp(Instant.EPOCH).iteratorType()).isEqualTo("AT_TIMESTAMP");
            assertThat(StartPosition.atSequence("1").iteratorType()).isEqualTo("AT_SEQUENCE_NUMBER");
            assertThat(StartPosition.afterSequence("1").iteratorType()).isEqualTo("AFTER_SEQUENCE_NUMBER");
        }

        @Test
        void carriesTimestampOrSequenceNumberOnlyWhereTheyBelong() {
            assertThat(StartPosition.trimHorizon().timestamp()).isEmpty();
            assertThat(StartPosition.trimHorizon().sequenceNumber()).isEmpty();
            assertThat(StartPosition.atTimestamp(Instant.EPOCH).timestamp()).contains(Instant.EPOCH);
            assertThat(StartPosition.atTimestamp(Instant.EPOCH).sequenceNumber()).isEmpty();
            assertThat(StartPosition.afterSequence("42").sequenceNumber()).contains("42");
            assertThat(StartPosition.afterSequence("42").timestamp()).isEmpty();
        }

        @Test
        void comparesByValue() {
            assertThat(StartPosition.atSequence("42")).isEqualTo(StartPosition.atSequence("42"))
                    .hasSameHashCodeAs(StartPosition.atSequence("42"))
                    .isNotEqualTo(StartPosition.afterSequence("42"));
            assertThat(StartPosition.afterSequence("42")).hasToString("AFTER_SEQUENCE_NUMBER(42)");
            assertThat(StartPosition.atTimestamp(Instant.EPOCH)).hasToString("AT_TIMESTAMP(1970-01-01T00:00:00Z)");
        }

        @Test
        void acceptsSequenceNumbersOfUpTo129Digits() {
            assertThat(StartPosition.atSequence("9".repeat(129)).sequenceNumber()).contains("9".repeat(129));
            assertThatThrownBy(() -> StartPosition.atSequence("9".repeat(130)))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("seqno");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-1", "12.5", "abc", " 1"})
        void rejectsSequenceNumbersThatAreNotDecimalDigits(String seq) {
            assertThatThrownBy(() -> StartPosition.afterSequence(seq))
                    .isInstanceOf(SettingsException.class).hasMessageStartingWith("seqno");
        }
    }
}
