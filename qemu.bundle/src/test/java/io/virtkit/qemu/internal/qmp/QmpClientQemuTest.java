package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The QMP client against a real qemu-system-x86_64 (TCG, no guest, started with -S). */
class QmpClientQemuTest {
    private static final String QEMU = "qemu-system-x86_64";
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Process qemu;
    private Path socket;
    private QmpClient client;
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();

    @BeforeEach
    void startQemu() throws IOException {
        socket = dir.resolve("qmp.sock");
        qemu = new ProcessBuilder(QEMU, "-machine", "pc,accel=tcg", "-m", "32", "-nodefaults", "-no-user-config",
                "-display", "none", "-S", "-qmp", "unix:" + socket + ",server=on,wait=off")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .start();
    }

    @AfterEach
    void stopQemu() throws Exception {
        if (client != null) {
            client.close();
        }
        qemu.destroyForcibly();
        assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).as("QEMU exited").isTrue();
        Files.deleteIfExists(socket);
    }

    private QmpClient connect() {
        client = QmpClient.connect(socket, T, e -> seen.add(e.name()), () -> {
            disconnects.incrementAndGet();
            seen.add("DISCONNECT");
        });
        return client;
    }

    private void awaitSeen(String expected) throws InterruptedException {
        String got = seen.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("next event").isEqualTo(expected);
    }

    @Test
    void greetingGivesQemuVersionInLibvirtEncoding() throws Exception {
        Process p = new ProcessBuilder(QEMU, "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("version (\\d+)\\.(\\d+)\\.(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long expected = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1000
                + Long.parseLong(m.group(3));

        connect();

        assertThat(client.qemuVersion()).isEqualTo(expected);
        assertThat(client.isConnected()).isTrue();
        assertThat(client.socket()).isEqualTo(socket);
    }

    @Test
    void contAndStopChangeStatusAndEmitResumeAndStop() throws Exception {
        connect();
        assertThat(client.execute("query-status", null, T).path("status").asText()).isEqualTo("prelaunch");

        assertThat(client.execute("cont", Map.of(), T).isEmpty()).isTrue();
        awaitSeen("RESUME");
        JsonNode status = client.execute("query-status", null, T);
        assertThat(status.path("status").asText()).isEqualTo("running");
        assertThat(status.path("running").asBoolean()).isTrue();

        client.execute("stop", null, T);
        awaitSeen("STOP");
        assertThat(client.execute("query-status", null, T).path("status").asText()).isEqualTo("paused");
    }

    @Test
    void eventsCarryDataAndTimestamp() throws Exception {
        List<QmpEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch reset = new CountDownLatch(1);
        client = QmpClient.connect(socket, T, e -> {
            events.add(e);
            if (e.name().equals("RESET")) {
                reset.countDown();
            }
        }, null);

        client.execute("system_reset", null, T);

        assertThat(reset.await(10, TimeUnit.SECONDS)).isTrue();
        QmpEvent e = events.get(events.size() - 1);
        assertThat(e.data().path("reason").asText()).isEqualTo("host-qmp-system-reset");
        long nowMicros = System.currentTimeMillis() * 1000;
        assertThat(e.timestampMicros()).isBetween(nowMicros - 60_000_000L, nowMicros + 60_000_000L);
    }

    @Test
    void sinkMayRunCommandsWithoutDeadlock() throws Exception {
        BlockingQueue<String> statusInSink = new LinkedBlockingQueue<>();
        client = QmpClient.connect(socket, T, e -> {
            if (e.name().equals("RESUME")) {
                statusInSink.add(client.execute("query-status", null, T).path("status").asText());
            }
        }, null);

        client.execute("cont", null, T);

        assertThat(statusInSink.poll(10, TimeUnit.SECONDS)).isEqualTo("running");
    }

    @Test
    void unknownCommandFailsWithQemusDescriptionWordedLikeLibvirt() {
        connect();

        assertThatThrownBy(() -> client.execute("no-such-command", null, T))
                .isInstanceOfSatisfying(QmpCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.errorClass()).isEqualTo("CommandNotFound");
                    assertThat(e.getMessage()).isEqualTo("internal error: unable to execute QEMU command "
                            + "'no-such-command': The command no-such-command has not been found");
                });
        // a bad argument is QEMU's error too, and the connection stays usable afterwards
        assertThatThrownBy(() -> client.execute("query-status", Map.of("bogus", 1), T))
                .isInstanceOf(QmpCommandException.class)
                .hasMessageContaining("bogus");
        assertThat(client.execute("query-status", null, T).path("status").asText()).isEqualTo("prelaunch");
    }

    @Test
    void executeRawReturnsQemusReplyWithoutTheClientsId() throws Exception {
        connect();
        ObjectMapper mapper = new ObjectMapper();

        JsonNode reply = mapper.readTree(client.executeRaw("{\"execute\":\"query-status\"}", T));
        assertThat(reply.path("return").path("status").asText()).isEqualTo("prelaunch");
        assertThat(reply.has("id")).isFalse();

        JsonNode withId = mapper.readTree(client.executeRaw("{\"execute\":\"query-name\",\"id\":\"mine\"}", T));
        assertThat(withId.path("id").asText()).isEqualTo("mine");
        assertThat(withId.has("return")).isTrue();

        // QMP errors come back as the reply text, as virsh qemu-monitor-command shows them
        JsonNode error = mapper.readTree(client.executeRaw("{\"execute\":\"nope\"}", T));
        assertThat(error.path("error").path("class").asText()).isEqualTo("CommandNotFound");
    }

    @Test
    void executeRawRejectsWhatIsNotACommand() {
        connect();
        for (String bad : new String[] {"{not json", "[1,2]", "{\"arguments\":{}}", "{\"execute\":5}", "", "42"}) {
            assertThatThrownBy(() -> client.executeRaw(bad, T)).as(bad)
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
                        assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                        assertThat(e.getMessage()).startsWith("invalid argument: ");
                    });
        }
        assertThat(client.isConnected()).isTrue();
        assertThat(client.execute("query-status", null, T).path("status").asText()).isEqualTo("prelaunch");
    }

    @Test
    void quitGivesShutdownThenDisconnectOnceAndLaterCallsFailFast() throws Exception {
        connect();

        client.execute("quit", null, T);

        awaitSeen("SHUTDOWN");
        awaitSeen("DISCONNECT");
        assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.isConnected()).isFalse();
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("operation failed: End of file from qemu monitor");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        client.close();
        client.close();
        Thread.sleep(100);
        assertThat(disconnects.get()).isEqualTo(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void killedQemuDisconnects() throws Exception {
        connect();

        new ProcessBuilder("kill", "-9", Long.toString(qemu.pid())).start().waitFor();

        awaitSeen("DISCONNECT");
        assertThat(disconnects.get()).isEqualTo(1);
        assertThatThrownBy(() -> client.execute("query-status", null, T))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED));
    }

    @Test
    void closeRunsOnDisconnectOnceAndIsIdempotent() throws Exception {
        connect();

        long start = System.nanoTime();
        client.close();
        client.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        awaitSeen("DISCONNECT");
        Thread.sleep(100);
        assertThat(disconnects.get()).isEqualTo(1);
        assertThatThrownBy(() -> client.execute("query-status", null, T))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("operation failed: QEMU monitor was closed");
                });
        // QEMU itself keeps running: closing the monitor is not stopping the guest
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void concurrentCallersEachGetTheirOwnReply() throws Exception {
        connect();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final boolean names = t % 2 == 0;
                results.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        got.add(names
                                ? client.execute("query-kvm", null, T).has("enabled") ? "kvm" : "?"
                                : client.execute("query-status", null, T).path("status").asText());
                    }
                    return got;
                }));
            }
            for (int t = 0; t < results.size(); t++) {
                assertThat(results.get(t).get(60, TimeUnit.SECONDS))
                        .hasSize(40).containsOnly(t % 2 == 0 ? "kvm" : "prelaunch");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void socketThatNeverAppearsTimesOut() {
        Path never = dir.resolve("never.sock");
        long start = System.nanoTime();

        assertThatThrownBy(() -> QmpClient.connect(never, Duration.ofMillis(300), null,
                () -> fail("onDisconnect must not run for a failed connect")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.getMessage()).startsWith("Timed out during operation: failed to connect to "
                            + "monitor socket '" + never + "' within 300 ms");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(never).doesNotExist();
    }
}
