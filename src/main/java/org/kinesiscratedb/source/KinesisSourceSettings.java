package org.kinesiscratedb.source;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kinesiscratedb.SettingsException;
import org.kinesiscratedb.checkpoint.CheckpointSettings;

/**
 * The settings of a Kinesis source, parsed from its URL. Immutable.
 *
 * <p>Three URL forms:
 * <ul>
 *   <li>{@code kinesis:?table=<stream or ARN>&region_name=...&...}: JSON records into one table
 *       ({@link Format#JSON}), a bounded load;</li>
 *   <li>{@code kinesis+dms://[KEY:SECRET@]host[:port]/<stream or ARN>?...}: AWS DMS change events
 *       ({@link Format#DMS}); host {@code aws} or no host means the real AWS endpoint;
 *       {@code kinesis+dms:///absolute/file.ndjson} replays a file of events instead;</li>
 *   <li>{@code kinesis+dynamodb+cdc://...}: DynamoDB Streams records ({@link Format#DYNAMODB_CDC}),
 *       same grammar as DMS.</li>
 * </ul>
 * Every error is a {@link SettingsException} naming the parameter; secrets never appear in messages, warnings or
 * {@link #toString()}.
 */
public final class KinesisSourceSettings {

    /** What the records of the stream contain, chosen by the URL scheme. */
    public enum Format {
        /** {@code kinesis:}: one JSON object per record, loaded into one table. */
        JSON,
        /** {@code kinesis+dms://}: AWS DMS change events. */
        DMS,
        /** {@code kinesis+dynamodb+cdc://}: DynamoDB Streams records. */
        DYNAMODB_CDC
    }

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_EMULATOR_PORT = 4566;
    public static final int DEFAULT_CREATE_SHARDS = 1;
    public static final Duration DEFAULT_IDLE_SLEEP = Duration.ofMillis(500);
    public static final Duration DEFAULT_DESCRIBE_TIMEOUT = Duration.ofSeconds(10);

    private static final String JSON_SCHEME = "kinesis:";
    private static final String DMS_SCHEME = "kinesis+dms://";
    private static final String DYNAMODB_SCHEME = "kinesis+dynamodb+cdc://";

    private static final List<String> CHECKPOINT_PARAMS =
            List.of("checkpointer", "checkpointer-name", "checkpointer-schema", "checkpointer-interval",
                    "checkpointer-expired");
    private static final List<String> JSON_PARAMS = concat(List.of(
            "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region_name", "region", "table",
            "start_date", "batch_size", "endpoint_url", "tls_verify", "verify"), CHECKPOINT_PARAMS);
    private static final List<String> STREAM_PARAMS = concat(List.of(
            "region", "region_name", "create", "create-shards", "start", "seqno", "start_date", "once", "batch-size",
            "idle-sleep", "describe-timeout", "tls", "tls_verify", "verify"), CHECKPOINT_PARAMS);

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
    private static final Pattern STREAM_ARN = Pattern.compile(
            "arn:aws(?:-[a-z]+)*:kinesis:([a-z0-9]+(?:-[a-z0-9]+)*):([0-9]{12}):stream/([a-zA-Z0-9_.-]{1,128})");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern START_DATE = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})?)?");
    private static final Pattern DECIMAL = Pattern.compile("\\d+(?:\\.\\d*)?|\\.\\d+");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password|passwd|credential).*");

    private final Format format;
    private final String streamName;
    private final String streamNameOrArn;
    private final String region;
    private final URI endpoint;
    private final boolean tlsVerify;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final StartPosition startPosition;
    private final int batchSize;
    private final CheckpointSettings checkpoint;
    private final boolean once;
    private final Path replayFile;
    private final boolean create;
    private final int createShards;
    private final Duration idleSleep;
    private final Duration describeTimeout;
    private final List<String> warnings;

    private KinesisSourceSettings(Builder b) {
        this.format = b.format;
        this.streamName = b.streamName;
        this.streamNameOrArn = b.streamNameOrArn;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.tlsVerify = b.tlsVerify;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.sessionToken = b.sessionToken;
        this.startPosition = b.startPosition;
        this.batchSize = b.batchSize;
        this.checkpoint = b.checkpoint;
        this.once = b.once;
        this.replayFile = b.replayFile;
        this.create = b.create;
        this.createShards = b.createShards;
        this.idleSleep = b.idleSleep;
        this.describeTimeout = b.describeTimeout;
        this.warnings = List.copyOf(b.warnings);
    }

    /**
     * Parses a source URL, taking region and endpoint fallbacks from the process environment.
     *
     * @throws SettingsException if the URL cannot be used
     */
    public static KinesisSourceSettings parse(String url) {
        return parse(url, System.getenv());
    }

    /**
     * Parses a source URL with the given environment ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
     * {@code AWS_ENDPOINT_URL_KINESIS}, {@code AWS_ENDPOINT_URL}).
     *
     * @throws SettingsException if the URL cannot be used
     */
    public static KinesisSourceSettings parse(String url, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        if (url == null || url.isBlank()) {
            throw new SettingsException("Source URL: missing; use kinesis:?..., kinesis+dms://... or "
                    + "kinesis+dynamodb+cdc://...");
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith(DMS_SCHEME)) {
            return parseStreamUrl(Format.DMS, DMS_SCHEME, trimmed.substring(DMS_SCHEME.length()), env);
        }
        if (lower.startsWith(DYNAMODB_SCHEME)) {
            return parseStreamUrl(Format.DYNAMODB_CDC, DYNAMODB_SCHEME,
                    trimmed.substring(DYNAMODB_SCHEME.length()), env);
        }
        if (lower.startsWith(JSON_SCHEME)) {
            return parseJsonUrl(trimmed.substring(JSON_SCHEME.length()), env);
        }
        throw new SettingsException("Unsupported source '" + redactUrl(trimmed)
                + "'; use kinesis:?..., kinesis+dms://... or kinesis+dynamodb+cdc://...");
    }

    private static KinesisSourceSettings parseJsonUrl(String rest, Map<String, String> env) {
        int question = rest.indexOf('?');
        String beforeQuery = question < 0 ? rest : rest.substring(0, question);
        // Lenient about "kinesis://?" and "kinesis:///?", but a host or path has no meaning here.
        if (!beforeQuery.isEmpty() && !beforeQuery.equals("//") && !beforeQuery.equals("///")) {
            throw new SettingsException("kinesis: URL: takes no host or path; write kinesis:?table=<stream>&"
                    + "region_name=<region>&... (an emulator goes into endpoint_url=...)");
        }
        Builder b = new Builder(Format.JSON);
        Params p = Params.parse(question < 0 ? "" : rest.substring(question + 1), JSON_SCHEME, JSON_PARAMS,
                b.warnings);

        b.accessKeyId = p.get("aws_access_key_id").orElse(null);
        b.secretAccessKey = p.get("aws_secret_access_key").orElse(null);
        b.sessionToken = p.get("aws_session_token").orElse(null);
        checkCredentials(b, "aws_access_key_id", "aws_secret_access_key");

        String table = p.get("table").orElseThrow(() -> new SettingsException(
                "table: missing; give the Kinesis stream name or ARN, e.g. kinesis:?table=demo&region_name=us-east-1"));
        StreamRef stream = streamRef("table", table);
        b.streamName = stream.name();
        b.streamNameOrArn = stream.nameOrArn();
        b.region = resolveRegion(p.get("region_name", "region"), "region_name", stream.arnRegion(), env, true);

        b.startPosition = p.get("start_date").map(v -> StartPosition.atTimestamp(parseStartDate("start_date", v)))
                .orElse(StartPosition.trimHorizon());
        b.batchSize = p.get("batch_size").map(v -> positiveInt("batch_size", v)).orElse(DEFAULT_BATCH_SIZE);
        b.endpoint = p.get("endpoint_url").map(v -> endpoint("endpoint_url", v)).orElseGet(() -> envEndpoint(env));
        b.tlsVerify = p.get("tls_verify", "verify").map(v -> bool("tls_verify", v)).orElse(true);
        b.checkpoint = checkpoint(p, b.warnings);
        // The JSON load is bounded: it stops once every shard is caught up (the caller may choose to follow).
        b.once = true;
        warnAboutTls(b);
        return new KinesisSourceSettings(b);
    }

    private static KinesisSourceSettings parseStreamUrl(Format format, String scheme, String rest,
            Map<String, String> env) {
        int question = rest.indexOf('?');
        String hier = question < 0 ? rest : rest.substring(0, question);
        Builder b = new Builder(format);
        Params p = Params.parse(question < 0 ? "" : rest.substring(question + 1), scheme, STREAM_PARAMS, b.warnings);

        String hostPort;
        String rawPath;
        if (hier.startsWith("/")) {
            hostPort = "";
            rawPath = hier;
        } else {
            // The last '@' ends the credentials, so a secret may contain a raw '/' or '@'.
            int at = hier.lastIndexOf('@');
            if (at >= 0) {
                userInfoCredentials(b, scheme, hier.substring(0, at));
                hier = hier.substring(at + 1);
            }
            int slash = hier.indexOf('/');
            hostPort = slash < 0 ? hier : hier.substring(0, slash);
            rawPath = slash < 0 ? "" : hier.substring(slash);
        }
        String[] host = hostAndPort(scheme, hostPort);
        boolean realAws = host[0].isEmpty() || host[0].equalsIgnoreCase("aws");
        String path = decode(scheme + " URL path", rawPath);

        Optional<String> region = p.get("region", "region_name");
        b.replayFile = host[0].isEmpty() ? existingFile(path) : null;
        Optional<String> arnRegion = Optional.empty();
        if (b.replayFile != null) {
            b.streamName = b.replayFile.getFileName().toString();
            b.streamNameOrArn = b.replayFile.toString();
        } else {
            String stream = path.startsWith("/") ? path.substring(1) : path;
            if (stream.isEmpty()) {
                throw new SettingsException(scheme + " URL needs a stream: " + scheme
                        + "[KEY:SECRET@]host[:port]/<stream name or ARN>?... (or " + scheme
                        + "/absolute/path/file.ndjson to replay a file)");
            }
            if (host[0].isEmpty() && stream.contains("/") && !stream.startsWith("arn:")) {
                throw new SettingsException(scheme + " URL: '" + path + "' is neither an existing file to replay "
                        + "nor a stream name");
            }
            StreamRef ref = streamRef("stream", stream);
            b.streamName = ref.name();
            b.streamNameOrArn = ref.nameOrArn();
            arnRegion = ref.arnRegion();
        }
        // A file replay talks to no AWS service, so it needs no region.
        b.region = resolveRegion(region, "region", arnRegion, env, b.replayFile == null);

        boolean tls = p.get("tls").map(v -> bool("tls", v)).orElse(false);
        if (!realAws) {
            int port = host[1].isEmpty() ? DEFAULT_EMULATOR_PORT : Integer.parseInt(host[1]);
            try {
                b.endpoint = new URI(tls ? "https" : "http", null, host[0], port, null, null, null);
            } catch (URISyntaxException e) {
                throw new SettingsException(scheme + " URL: host '" + host[0] + "' is not a valid host name");
            }
        }
        b.tlsVerify = p.get("tls_verify", "verify").map(v -> bool("tls_verify", v)).orElse(true);
        b.create = p.get("create").map(v -> bool("create", v)).orElse(false);
        b.createShards = p.get("create-shards").map(v -> positiveInt("create-shards", v))
                .orElse(DEFAULT_CREATE_SHARDS);
        b.startPosition = dmsStartPosition(p);
        b.once = p.get("once").map(v -> bool("once", v)).orElse(false);
        b.batchSize = p.get("batch-size").map(v -> positiveInt("batch-size", v)).orElse(DEFAULT_BATCH_SIZE);
        b.idleSleep = p.get("idle-sleep").map(v -> seconds("idle-sleep", v)).orElse(DEFAULT_IDLE_SLEEP);
        b.describeTimeout = p.get("describe-timeout").map(v -> seconds("describe-timeout", v))
                .orElse(DEFAULT_DESCRIBE_TIMEOUT);
        if (b.replayFile != null) {
            b.checkpoint = CheckpointSettings.none();
            if (p.get("checkpointer").isPresent()) {
                b.warnings.add("checkpointer is ignored when replaying a file: a replay keeps no checkpoints");
            }
        } else {
            b.checkpoint = checkpoint(p, b.warnings);
        }
        warnAboutTls(b);
        return new KinesisSourceSettings(b);
    }

    private static void userInfoCredentials(Builder b, String scheme, String userInfo) {
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            throw new SettingsException(scheme + " URL: the part before '@' must be KEY:SECRET "
                    + "(AWS access key id and secret access key, percent-encoded where needed)");
        }
        b.accessKeyId = decode(scheme + " URL access key id", userInfo.substring(0, colon));
        b.secretAccessKey = decode(scheme + " URL secret access key", userInfo.substring(colon + 1));
        if (b.accessKeyId.isEmpty() || b.secretAccessKey.isEmpty()) {
            throw new SettingsException(scheme + " URL: the part before '@' must be KEY:SECRET with both parts "
                    + "non-empty");
        }
    }

    /** Splits {@code host[:port]} (host may be {@code [ipv6]}) into host and port text; port may be empty. */
    private static String[] hostAndPort(String scheme, String hostPort) {
        String host = hostPort;
        String port = "";
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new SettingsException(scheme + " URL: port '" + port + "' is not a port number (1-65535)");
            }
        }
        if (!host.isEmpty() && !host.matches("[a-zA-Z0-9._-]+|\\[[0-9a-fA-F:.]+\\]")) {
            throw new SettingsException(scheme + " URL: host '" + host + "' is not a host name or IP address");
        }
        return new String[] {host, port};
    }

    private static Path existingFile(String path) {
        try {
            Path file = Path.of(path);
            return file.isAbsolute() && Files.isRegularFile(file) ? file : null;
        } catch (InvalidPathException notAPath) {
            return null;
        }
    }

    private static StartPosition dmsStartPosition(Params p) {
        Optional<String> startValue = p.get("start");
        String start = startValue.map(v -> v.toLowerCase(Locale.ROOT)).orElse("earliest");
        Optional<String> seqno = p.get("seqno");
        Optional<String> startDate = p.get("start_date");
        if (startDate.isPresent() && !start.equals("earliest")) {
            throw new SettingsException("start_date: conflicts with start=" + start
                    + "; give either start_date or start");
        }
        if (seqno.isPresent() && !start.startsWith("seqno-")) {
            throw new SettingsException("seqno: only used with start=seqno-at or start=seqno-after");
        }
        switch (start) {
            case "earliest":
                return startDate.map(v -> StartPosition.atTimestamp(parseStartDate("start_date", v)))
                        .orElse(StartPosition.trimHorizon());
            case "latest":
                return StartPosition.latest();
            case "seqno-at":
                return StartPosition.atSequence(seqno.orElseThrow(() -> missingSeqno(start)));
            case "seqno-after":
                return StartPosition.afterSequence(seqno.orElseThrow(() -> missingSeqno(start)));
            default:
                throw new SettingsException("start: '" + startValue.orElse(start)
                        + "' is not allowed; use earliest, latest, seqno-at or seqno-after");
        }
    }

    private static SettingsException missingSeqno(String start) {
        return new SettingsException("seqno: missing; start=" + start + " needs seqno=<sequence number>");
    }

    private static void checkCredentials(Builder b, String keyParam, String secretParam) {
        if ((b.accessKeyId == null) != (b.secretAccessKey == null)) {
            throw new SettingsException(keyParam + " and " + secretParam + ": give both or neither "
                    + "(without them the AWS default credential chain applies)");
        }
        if (b.sessionToken != null && b.accessKeyId == null) {
            throw new SettingsException("aws_session_token: needs aws_access_key_id and aws_secret_access_key");
        }
    }

    private record StreamRef(String name, String nameOrArn, Optional<String> arnRegion) {
    }

    private static StreamRef streamRef(String param, String value) {
        if (value.regionMatches(true, 0, "arn:", 0, 4)) {
            Matcher arn = STREAM_ARN.matcher(value);
            if (!arn.matches()) {
                throw new SettingsException(param + ": '" + value + "' is not a Kinesis stream ARN; expected "
                        + "arn:aws:kinesis:<region>:<12-digit account id>:stream/<name>");
            }
            return new StreamRef(arn.group(3), value, Optional.of(arn.group(1)));
        }
        if (!STREAM_NAME.matcher(value).matches()) {
            throw new SettingsException(param + ": '" + value + "' is not a Kinesis stream name; use 1 to 128 "
                    + "characters of a-z, A-Z, 0-9, '_', '.' and '-', or a stream ARN");
        }
        return new StreamRef(value, value, Optional.empty());
    }

    /** URL value first, then the region of the stream ARN, then the environment. */
    private static String resolveRegion(Optional<String> given, String param, Optional<String> arnRegion,
            Map<String, String> env, boolean required) {
        if (given.isPresent()) {
            String region = validRegion(param, given.get());
            if (arnRegion.isPresent() && !arnRegion.get().equals(region)) {
                throw new SettingsException(param + ": '" + region + "' differs from the region of the stream ARN ('"
                        + arnRegion.get() + "'); leave " + param + " out or make them match");
            }
            return region;
        }
        // The stream lives in its ARN's region, whatever the environment's default region says.
        if (arnRegion.isPresent()) {
            return arnRegion.get();
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return validRegion(variable, value.strip());
            }
        }
        if (!required) {
            return "";
        }
        throw new SettingsException("region: missing; give " + param
                + "=... in the URL or set AWS_REGION / AWS_DEFAULT_REGION");
    }

    private static String validRegion(String source, String value) {
        if (value.length() > 64 || !REGION.matcher(value).matches()) {
            throw new SettingsException(source + ": '" + value + "' is not an AWS region; use lower-case letters, "
                    + "digits and '-', e.g. us-east-1");
        }
        return value;
    }

    /** Parses the {@code start_date} formats of the original tool; a value without offset is UTC. */
    static Instant parseStartDate(String param, String value) {
        Matcher m = START_DATE.matcher(value);
        if (m.matches()) {
            try {
                LocalDate date = LocalDate.parse(m.group(1));
                LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
                int nanos = m.group(3) == null ? 0 : Integer.parseInt((m.group(3) + "00000000").substring(0, 9));
                ZoneOffset offset = m.group(4) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(4));
                return LocalDateTime.of(date, time.withNano(nanos)).toInstant(offset);
            } catch (DateTimeException invalid) {
                // falls through to the error listing the formats
            }
        }
        throw new SettingsException(param + ": '" + value + "' is not a valid date; accepted formats: yyyy-MM-dd, "
                + "yyyy-MM-ddTHH:mm:ss, yyyy-MM-ddTHH:mm:ss.ffffff (1 to 9 fraction digits), each time form "
                + "optionally followed by an offset (Z, +0200 or +02:00), and yyyy-MM-dd HH:mm:ss; "
                + "a value without offset is UTC");
    }

    private static int positiveInt(String param, String value) {
        if (value.matches("\\d{1,10}")) {
            long number = Long.parseLong(value);
            if (number >= 1 && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        }
        throw new SettingsException(param + ": '" + value + "' is not allowed; give a whole number >= 1");
    }

    private static boolean bool(String param, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes":
                return true;
            case "false", "0", "no":
                return false;
            default:
                throw new SettingsException(param + ": '" + value
                        + "' is not a boolean; use true/false, 1/0 or yes/no");
        }
    }

    private static Duration seconds(String param, String value) {
        if (DECIMAL.matcher(value).matches()) {
            try {
                long nanos = new BigDecimal(value).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
                if (nanos > 0) {
                    return Duration.ofNanos(nanos);
                }
                throw new SettingsException(param + ": must be > 0 seconds, got '" + value + "'");
            } catch (ArithmeticException tooLarge) {
                // falls through to the general error
            }
        }
        throw new SettingsException(param + ": '" + value + "' is not a number of seconds; give a number > 0, "
                + "e.g. 5 or 0.5");
    }

    private static URI endpoint(String source, String value) {
        URI uri = null;
        try {
            uri = new URI(value);
        } catch (URISyntaxException invalid) {
            // reported below
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new SettingsException(source + ": '" + redactUrl(value) + "' is not an http or https URL with a "
                    + "host, e.g. http://localhost:4566");
        }
        return uri;
    }

    private static URI envEndpoint(Map<String, String> env) {
        for (String variable : List.of("AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return endpoint(variable, value.strip());
            }
        }
        return null;
    }

    private static CheckpointSettings checkpoint(Params p, List<String> warnings) {
        CheckpointSettings.Kind kind = p.get("checkpointer").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "cratedb" -> CheckpointSettings.Kind.CRATEDB;
            case "memory" -> CheckpointSettings.Kind.MEMORY;
            default -> throw new SettingsException("checkpointer: '" + value + "' is not supported; use cratedb or "
                    + "memory, or leave it out for no checkpoints");
        }).orElse(CheckpointSettings.Kind.NONE);
        Optional<String> name = p.get("checkpointer-name");
        Optional<String> schema = p.get("checkpointer-schema");
        Optional<Duration> interval = p.get("checkpointer-interval").map(v -> seconds("checkpointer-interval", v));
        Optional<CheckpointSettings.OnExpired> onExpired = p.get("checkpointer-expired")
                .map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "oldest" -> CheckpointSettings.OnExpired.OLDEST;
                    case "fail" -> CheckpointSettings.OnExpired.FAIL;
                    default -> throw new SettingsException("checkpointer-expired: '" + value
                            + "' is not supported; use oldest (the default) or fail");
                });
        CheckpointSettings settings = new CheckpointSettings(kind, name,
                schema.orElse(CheckpointSettings.DEFAULT_SCHEMA), interval.orElse(CheckpointSettings.DEFAULT_INTERVAL),
                onExpired.orElse(CheckpointSettings.OnExpired.OLDEST));
        if (kind == CheckpointSettings.Kind.NONE) {
            if (name.isPresent() || schema.isPresent() || interval.isPresent() || onExpired.isPresent()) {
                warnings.add("checkpointer-name, -schema, -interval and -expired have no effect "
                        + "without checkpointer=cratedb or checkpointer=memory");
            }
            warnings.add("No checkpointer: a restart reads again from the start position; add "
                    + "checkpointer=cratedb to resume where the last run stopped");
        }
        return settings;
    }

    private static void warnAboutTls(Builder b) {
        boolean usesTls = b.endpoint == null || "https".equalsIgnoreCase(b.endpoint.getScheme());
        if (!b.tlsVerify && usesTls && b.replayFile == null) {
            b.warnings.add("tls_verify=false: the Kinesis endpoint's TLS certificate is not checked; use this only "
                    + "for emulators with self-signed certificates");
        }
    }

    /** Percent-decodes without turning '+' into a space: AWS secrets and UTC offsets contain '+'. */
    private static String decode(String what, String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new SettingsException(what + ": malformed percent-encoding; write '%' as %25");
        }
    }

    /** The URL with credentials before '@' and the values of secret-looking parameters replaced by ****. */
    static String redactUrl(String url) {
        int question = url.indexOf('?');
        String hier = question < 0 ? url : url.substring(0, question);
        int schemeEnd = hier.indexOf("://") >= 0 ? hier.indexOf("://") + 3 : hier.indexOf(':') + 1;
        int at = hier.lastIndexOf('@');
        if (at >= schemeEnd) {
            hier = hier.substring(0, schemeEnd) + "****" + hier.substring(at);
        }
        if (question < 0) {
            return hier;
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : url.substring(question + 1).split("[&®]", -1)) {
            int equals = pair.indexOf('=');
            boolean secret = equals >= 0 && SECRET_NAME.matcher(pair.substring(0, equals)).matches();
            pairs.add(secret ? pair.substring(0, equals) + "=****" : pair);
        }
        return hier + "?" + String.join("&", pairs);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    /** The query parameters of one URL: decoded, checked against the allowed names, each given at most once. */
    private static final class Params {
        private final Map<String, String> values;

        private Params(Map<String, String> values) {
            this.values = values;
        }

        static Params parse(String query, String scheme, List<String> allowed, List<String> warnings) {
            if (query.indexOf('®') >= 0) {
                // A web page rendered "&region_name" as "®ion_name" (the &reg; entity); users paste that.
                Matcher m = Pattern.compile("®([^=&®]*)").matcher(query);
                while (m.find()) {
                    warnings.add("The URL contained '®" + m.group(1) + "' and was read as '&reg" + m.group(1)
                            + "' (a web page showed '&reg' as '®')");
                }
                query = query.replace("®", "&reg");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode("Parameter name in " + scheme + " URL",
                        equals < 0 ? pair : pair.substring(0, equals));
                if (!allowed.contains(name)) {
                    throw new SettingsException("Unknown parameter '" + name + "' in " + scheme + " URL"
                            + suggestion(name, allowed) + "; allowed: " + String.join(", ", allowed));
                }
                String value = decode("Parameter '" + name + "'", equals < 0 ? "" : pair.substring(equals + 1));
                if (values.containsKey(name)) {
                    throw new SettingsException("Parameter '" + name + "' is given twice in " + scheme
                            + " URL; give it once");
                }
                if (value.isEmpty()) {
                    throw new SettingsException("Parameter '" + name + "' in " + scheme + " URL has an empty value; "
                            + "give a value or leave the parameter out");
                }
                values.put(name, value);
            }
            return new Params(values);
        }

        private static String suggestion(String name, List<String> allowed) {
            for (String candidate : List.of(name.replace('_', '-'), name.replace('-', '_'),
                    name.toLowerCase(Locale.ROOT))) {
                if (allowed.contains(candidate)) {
                    return " (did you mean '" + candidate + "'?)";
                }
            }
            return "";
        }

        /** The value of {@code name} or one of its aliases; giving more than one of them is an error. */
        Optional<String> get(String name, String... aliases) {
            String found = values.containsKey(name) ? name : null;
            for (String alias : aliases) {
                if (values.containsKey(alias)) {
                    if (found != null) {
                        throw new SettingsException("Parameter '" + alias + "' is an alias of '" + found
                                + "'; give only one of them");
                    }
                    found = alias;
                }
            }
            return Optional.ofNullable(found == null ? null : values.get(found));
        }
    }

    /** Collects values while parsing; the settings object itself stays immutable. */
    private static final class Builder {
        private final Format format;
        private final List<String> warnings = new ArrayList<>();
        private String streamName;
        private String streamNameOrArn;
        private String region;
        private URI endpoint;
        private boolean tlsVerify = true;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private StartPosition startPosition = StartPosition.trimHorizon();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private CheckpointSettings checkpoint = CheckpointSettings.none();
        private boolean once;
        private Path replayFile;
        private boolean create;
        private int createShards = DEFAULT_CREATE_SHARDS;
        private Duration idleSleep = DEFAULT_IDLE_SLEEP;
        private Duration describeTimeout = DEFAULT_DESCRIBE_TIMEOUT;

        private Builder(Format format) {
            this.format = format;
        }
    }

    /** What the records contain: JSON, DMS or DynamoDB CDC, from the URL scheme. */
    public Format format() {
        return format;
    }

    /**
     * The stream name, also when the URL gave an ARN. For a file replay: the file's name.
     */
    public String streamName() {
        return streamName;
    }

    /**
     * The stream exactly as the URL gave it (name or ARN); the default checkpoint namespace. For a file replay:
     * the absolute path of the file.
     */
    public String streamNameOrArn() {
        return streamNameOrArn;
    }

    /** The AWS region; empty string only for a file replay given without a region. */
    public String region() {
        return region;
    }

    /** The endpoint override (an emulator or a VPC endpoint); empty means the real AWS endpoint. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** Whether TLS certificates of the endpoint are checked; false only after an explicit {@code tls_verify=false}. */
    public boolean tlsVerify() {
        return tlsVerify;
    }

    /** The static access key id; empty means the AWS default credential chain. */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** The static secret access key; present exactly when {@link #accessKeyId()} is. */
    public Optional<String> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    /** The session token of temporary credentials, if given. */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /** Where shards without a checkpoint begin. */
    public StartPosition startPosition() {
        return startPosition;
    }

    /** Records per database write, at least 1. */
    public int batchSize() {
        return batchSize;
    }

    /** The checkpointer parameters. */
    public CheckpointSettings checkpoint() {
        return checkpoint;
    }

    /**
     * Whether to stop once the stream is caught up (DMS {@code once}); always true for {@code kinesis:} sources,
     * whose load is bounded unless the caller chooses to follow the stream.
     */
    public boolean once() {
        return once;
    }

    /** The file to replay instead of reading a stream ({@code kinesis+dms:///absolute/path.ndjson}). */
    public Optional<Path> replayFile() {
        return Optional.ofNullable(replayFile);
    }

    /** Whether to create the stream when it does not exist (DMS {@code create}). */
    public boolean create() {
        return create;
    }

    /** Shard count of a stream created because of {@link #create()}, at least 1. */
    public int createShards() {
        return createShards;
    }

    /** Pause between polls of a shard that returned no records. */
    public Duration idleSleep() {
        return idleSleep;
    }

    /** How long to wait for a stream to become active. */
    public Duration describeTimeout() {
        return describeTimeout;
    }

    /** Human-readable warnings produced while parsing, in order; for the caller to log. */
    public List<String> warnings() {
        return warnings;
    }

    /** All settings; the secret access key and session token appear only as ****. */
    @Override
    public String toString() {
        return "KinesisSourceSettings[format=" + format
                + ", stream=" + streamNameOrArn
                + ", region=" + region
                + ", endpoint=" + (endpoint == null ? "(AWS)" : redactUrl(endpoint.toString()))
                + ", tlsVerify=" + tlsVerify
                + ", accessKeyId=" + (accessKeyId == null ? "(default chain)" : accessKeyId)
                + ", secretAccessKey=" + (secretAccessKey == null ? "(none)" : "****")
                + ", sessionToken=" + (sessionToken == null ? "(none)" : "****")
                + ", start=" + startPosition
                + ", batchSize=" + batchSize
                + ", checkpoint=" + checkpoint
                // The parameters of kinesis+dms:// and kinesis+dynamodb+cdc:// URLs only: noise for kinesis: URLs.
                + (format == Format.JSON ? "" : ", once=" + once
                        + ", replayFile=" + (replayFile == null ? "(none)" : replayFile)
                        + ", create=" + create
                        + ", createShards=" + createShards
                        + ", idleSleep=" + idleSleep
                        + ", describeTimeout=" + describeTimeout)
                + "]";
    }
}
