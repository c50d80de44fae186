package org.kinesiscratedb.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.CliProcess;
import org.kinesiscratedb.testing.KinesisEmulator;
import org.kinesiscratedb.testing.KinesisFaultProxy;
import org.kinesiscratedb.testing.Ledger;
import org.kinesiscratedb.testing.TestDatabase;

/**
 * The Kinesis API calls the relay makes, as seen on the wire by a proxy (no faults injected): the README's minimal
 * IAM policy lists exactly these actions. If this test fails, the relay calls something new: update the policy.
 */
class IamActionsTest {

    @RegisterExtension
    static final KinesisEmulator KINESIS = KinesisEmulator.kinesisLocal();

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aLoadWithCheckpointsCallsOnlyTheReadActions() throws Exception {
        KINESIS.createStream("iam", 2);
        new Ledger(10).put(KINESIS, "iam", 200);
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 0)) {
            String source = KINESIS.sourceUrl("iam", "checkpointer=cratedb", "checkpointer-schema=" + DB.schema())
                    .replace(KINESIS.endpoint().toString(), proxy.endpoint().toString());
            CliProcess load = CliProcess.run(Duration.ofSeconds(60), "load", source, DB.targetUrl("iam"));
            assertThat(load.exitCode()).as(load.output()).isZero();
            CliProcess again = CliProcess.run(Duration.ofSeconds(60), "load", source, DB.targetUrl("iam"));
            assertThat(again.exitCode()).as(again.output()).isZero();

            System.out.println("iam: a kinesis: load calls " + proxy.forwardedOperations());
            assertThat(proxy.forwardedOperations()).isSubsetOf("DescribeStreamSummary", "ListShards",
                    "GetShardIterator", "GetRecords");
        }
    }

    @Test
    void createTrueAddsCreateStream() throws Exception {
        try (KinesisFaultProxy proxy = new KinesisFaultProxy(KINESIS.port(), 0)) {
            String source = "kinesis+dms://" + KinesisEmulator.ACCESS_KEY + ":" + KinesisEmulator.SECRET_KEY
                    + "@127.0.0.1:" + proxy.port() + "/iamcreated?region=" + KinesisEmulator.REGION
                    + "&create=true&once=true";
            CliProcess load = CliProcess.run(Duration.ofSeconds(60), "load", source, DB.targetUrl(null));
            assertThat(load.exitCode()).as(load.output()).isZero();

            System.out.println("iam: a kinesis+dms:// load with create=true calls " + proxy.forwardedOperations());
            assertThat(proxy.forwardedOperations()).contains("CreateStream").isSubsetOf("CreateStream",
                    "DescribeStreamSummary", "ListShards", "GetShardIterator", "GetRecords");
        }
    }
}
