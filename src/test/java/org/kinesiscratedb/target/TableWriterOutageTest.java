package org.kinesiscratedb.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinesiscratedb.target.TargetTables.row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kinesiscratedb.testing.FlakyDataSource;
import org.kinesiscratedb.testing.TestDatabase;

/** While the database cannot be reached the writer waits and retries; it never skips nor dead-letters. */
class TableWriterOutageTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final WriterOptions FAST = new WriterOptions(Duration.ofMillis(5), Duration.ofMillis(40));

    private final TargetTables tables = new TargetTables(DB);

    @Test
    void waitsOutAnOutageAndThenWritesEveryRow() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(DB.dataSource(), 0);
        try (TableWriter writer = new TableWriter(flaky, DB.dialect(), DB.schema(), "outage", FAST)) {
            writer.open();
            List<Row> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(row("{\"i\": " + i + ", \"new_key\": \"v\"}"));
            }
            int before = flaky.attempts();
            flaky.failNext(6);

            WriteResult result = writer.write(batch, List.of(new Rejected(TargetTables.record("x"), "test")));

            assertThat(result).isEqualTo(new WriteResult(100, 1));
            assertThat(flaky.attempts() - before).isGreaterThan(6);
        }
        assertThat(tables.count("outage")).isEqualTo(100);
        assertThat(tables.count("outage_errors")).isEqualTo(1);
        assertThat(tables.columnTypes("outage")).containsEntry("new_key", "text");
    }

    @Test
    void openWaitsUntilTheDatabaseAnswers() throws Exception {
        FlakyDataSource down = new FlakyDataSource(DB.dataSource(), 4);
        try (TableWriter writer = new TableWriter(down, DB.dialect(), DB.schema(), "late", FAST)) {

            writer.open();

            assertThat(down.attempts()).isEqualTo(5);
        }
        assertThat(tables.columnTypes("late")).containsKeys("kinesis_msg_id", "kinesis");
    }

    @Test
    void closeEndsTheWaitPromptly() throws Exception {
        FlakyDataSource neverUp = new FlakyDataSource(DB.dataSource(), Integer.MAX_VALUE);
        TableWriter writer = new TableWriter(neverUp, DB.dialect(), DB.schema(), "never",
                new WriterOptions(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> {
            try {
                writer.open();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (neverUp.attempts() == 0) {
            Thread.sleep(5);
        }
        long closedAt = System.nanoTime();

        writer.close();

        try {
            open.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WriterClosedException.class);
        }
        assertThat(open).isCompletedExceptionally();
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
    }
}
