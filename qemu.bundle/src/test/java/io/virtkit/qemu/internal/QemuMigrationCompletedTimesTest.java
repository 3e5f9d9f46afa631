package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.qemu.internal.qmp.FakeQmpServer;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * QEMU answers query-migrate with "completed" a moment before it has filled in total-time and downtime; the
 * source asks again until they are there (bounded), against a scripted monitor answering as QEMU does.
 */
class QemuMigrationCompletedTimesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String GREETING = "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":0,\"minor\":2,\"major\":7},"
            + "\"package\":\"\"},\"capabilities\":[]}}\r\n";
    private static final String EARLY = "{\"status\":\"completed\",\"ram\":{\"total\":1}}";
    private static final String FILLED = "{\"status\":\"completed\",\"total-time\":812,\"downtime\":23,"
            + "\"ram\":{\"total\":1}}";

    @TempDir
    Path dir;

    private FakeQmpServer server;
    private QmpClient client;
    private final AtomicInteger asked = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A monitor whose n-th query-migrate (from 1) answers {@code answer.apply(n)}. */
    private QmpClient monitor(IntFunction<String> answer) throws Exception {
        server = new FakeQmpServer(dir.resolve("qmp.sock"), GREETING, cmd -> {
            String ret = cmd.path("execute").asText().equals("query-migrate")
                    ? answer.apply(asked.incrementAndGet()) : "{}";
            return "{\"return\":" + ret + ",\"id\":" + cmd.get("id") + "}\r\n";
        });
        client = QmpClient.connect(server.path, TIMEOUT, null, () -> { });
        return client;
    }

    @Test
    void aCompletedStatusWithoutItsTimesIsAskedAgainUntilQemuHasFilledThemIn() throws Exception {
        QmpClient qmp = monitor(n -> n < 3 ? EARLY : FILLED);

        JsonNode done = QemuMigrationSource.withTimes(qmp, JSON.readTree(EARLY), TIMEOUT);

        assertThat(done.path("total-time").asLong()).isEqualTo(812);
        assertThat(done.path("downtime").asLong()).isEqualTo(23);
        assertThat(asked.get()).isEqualTo(3);
    }

    @Test
    void zeroTimesCountAsNotYetFilledIn() throws Exception {
        String zeros = "{\"status\":\"completed\",\"total-time\":0,\"downtime\":0}";
        QmpClient qmp = monitor(n -> n < 2 ? zeros : FILLED);

        JsonNode done = QemuMigrationSource.withTimes(qmp, JSON.readTree(zeros), TIMEOUT);

        assertThat(done.path("downtime").asLong()).isEqualTo(23);
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void anAnswerWithItsTimesIsTakenAsItIsWithoutAskingAgain() throws Exception {
        QmpClient qmp = monitor(n -> FILLED);

        assertThat(QemuMigrationSource.withTimes(qmp, JSON.readTree(FILLED), TIMEOUT).path("total-time").asLong())
                .isEqualTo(812);
        assertThat(asked.get()).isZero();
    }

    @Test
    void timesThatNeverComeEndTheWaitWithinItsBoundWithTheLastAnswer() throws Exception {
        QmpClient qmp = monitor(n -> EARLY);
        long start = System.nanoTime();

        JsonNode done = QemuMigrationSource.withTimes(qmp, JSON.readTree(EARLY), TIMEOUT);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.has("total-time")).isFalse();
        assertThat(asked.get()).isGreaterThan(1);
        // bounded: about a second, never the monitor's timeout many times over
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aStatusThatIsNoLongerCompletedStopsTheWaitWithTheCompletedAnswer() throws Exception {
        QmpClient qmp = monitor(n -> "{\"status\":\"none\"}");

        JsonNode done = QemuMigrationSource.withTimes(qmp, JSON.readTree(EARLY), TIMEOUT);

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(asked.get()).isEqualTo(1);
        assertThat(done.has("total-time")).isFalse();
    }
}
