package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/**
 * The QMP client against a tiny in-test QMP peer that misbehaves on purpose (garbage, oversize lines,
 * silence): the client must fail cleanly and promptly, never hang.
 */
class QmpClientProtocolTest {
    private static final String GREETING =
            "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":1,\"minor\":2,\"major\":8},\"package\":\"\"},"
                    + "\"capabilities\":[]}}\r\n";

    @TempDir
    Path dir;

    private FakeQmpServer server;
    private QmpClient client;
    private final AtomicInteger disconnects = new AtomicInteger();
    private final CountDownLatch disconnected = new CountDownLatch(1);

    @AfterEach
    void cleanUp() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers qmp_capabilities itself; every other command goes to {@code respond} (null: no reply). */
    private QmpClient connect(Function<JsonNode, String> respond, int maxLine) throws IOException {
        return connect(respond, maxLine, null);
    }

    private QmpClient connect(Function<JsonNode, String> respond, int maxLine,
            java.util.function.Consumer<QmpEvent> events) throws IOException {
        server = new FakeQmpServer(dir.resolve("fake.sock"), GREETING, cmd ->
                cmd.path("execute").asText().equals("qmp_capabilities") ? reply(cmd, "{}") : respond.apply(cmd));
        client = QmpClient.connect(server.path, Duration.ofSeconds(5), events, () -> {
            disconnects.incrementAndGet();
            disconnected.countDown();
        }, maxLine);
        return client;
    }

    private static String event(String name) {
        return "{\"event\":\"" + name + "\",\"timestamp\":{\"seconds\":1,\"microseconds\":2}}\r\n";
    }

    private static String reply(JsonNode cmd, String returnJson) {
        return "{\"return\":" + returnJson + ",\"id\":" + cmd.get("id") + "}\r\n";
    }

    private void assertDisconnectedOnce() throws InterruptedException {
        assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(disconnects.get()).isEqualTo(1);
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void versionFromGreetingAndRepliesMatchedById() throws Exception {
        connect(cmd -> reply(cmd, "{\"echo\":" + cmd.path("arguments").path("n") + "}"), 4096);

        assertThat(client.qemuVersion()).isEqualTo(8_002_001L);
        assertThat(client.execute("echo", java.util.Map.of("n", 7), Duration.ofSeconds(5)).path("echo").asInt())
                .isEqualTo(7);
        assertThat(server.received.take().path("execute").asText()).isEqualTo("qmp_capabilities");
        assertThat(server.received.take().path("id").asText()).startsWith("virtkit-");
    }

    @Test
    void clientsOfSharedMonitorsUseOneReaderThreadAndGetTheirEventsInOrder() throws Exception {
        int clients = 20;
        int eventsEach = 50;
        java.util.List<FakeQmpServer> servers = new java.util.ArrayList<>();
        java.util.List<QmpClient> connected = new java.util.ArrayList<>();
        java.util.List<java.util.List<Integer>> seen = new java.util.ArrayList<>();
        CountDownLatch allGone = new CountDownLatch(clients);
        AtomicInteger goneCount = new AtomicInteger();
        try (QmpMonitors monitors = new QmpMonitors("test-qmp-reader", "test-qmp-events", 2)) {
            for (int i = 0; i < clients; i++) {
                // "go": the events first, then the reply, as QEMU sends events whenever they happen
                FakeQmpServer fake = new FakeQmpServer(dir.resolve("fake-" + i + ".sock"), GREETING, cmd -> {
                    if (cmd.path("execute").asText().equals("qmp_capabilities")) {
                        return reply(cmd, "{}");
                    }
                    StringBuilder out = new StringBuilder();
                    for (int n = 0; n < eventsEach; n++) {
                        out.append("{\"event\":\"N\",\"data\":{\"n\":").append(n)
                                .append("},\"timestamp\":{\"seconds\":1,\"microseconds\":2}}\r\n");
                    }
                    return out.append(reply(cmd, "{}")).toString();
                });
                servers.add(fake);
                java.util.List<Integer> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
                seen.add(events);
                connected.add(QmpClient.connect(fake.path, Duration.ofSeconds(5),
                        e -> events.add(e.data().path("n").asInt()), () -> {
                            goneCount.incrementAndGet();
                            allGone.countDown();
                        }, monitors));
            }
            for (QmpClient c : connected) {
                c.execute("go", null, Duration.ofSeconds(5));
            }
            java.util.List<Integer> expected = java.util.stream.IntStream.range(0, eventsEach).boxed().toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.stream().anyMatch(l -> l.size() < eventsEach) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (java.util.List<Integer> events : seen) {
                assertThat(events).isEqualTo(expected);
            }
            java.util.Map<String, Long> threads = Thread.getAllStackTraces().keySet().stream()
                    .map(Thread::getName).filter(n -> n.startsWith("test-qmp") || n.startsWith("qmp-"))
                    .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()));
            assertThat(threads.get("test-qmp-reader")).isEqualTo(1L);
            assertThat(threads.getOrDefault("test-qmp-events", 0L)).isLessThanOrEqualTo(2L);
            assertThat(threads.keySet()).allMatch(n -> n.startsWith("test-qmp"));

            for (FakeQmpServer fake : servers) {
                fake.dropClient();
            }
            assertThat(allGone.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(goneCount.get()).isEqualTo(clients);
            assertThat(connected).noneMatch(QmpClient::isConnected);
        } finally {
            for (FakeQmpServer fake : servers) {
                fake.close();
            }
        }
    }

    @Test
    void closingSharedMonitorsEndsTheirClients() throws Exception {
        server = new FakeQmpServer(dir.resolve("fake.sock"), GREETING, cmd -> reply(cmd, "{}"));
        QmpMonitors monitors = new QmpMonitors("test-qmp-reader", "test-qmp-events", 1);
        client = QmpClient.connect(server.path, Duration.ofSeconds(5), null, () -> {
            disconnects.incrementAndGet();
            disconnected.countDown();
        }, monitors);
        assertThat(client.isConnected()).isTrue();

        monitors.close();

        assertDisconnectedOnce();
        assertThat(server.clientGone.await(5, TimeUnit.SECONDS)).as("the socket was closed").isTrue();
        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofSeconds(5)))
                .hasMessage("operation failed: QEMU monitor was closed");
    }

    @Test
    void malformedLineEndsTheConnectionAndFailsThePendingCall() throws Exception {
        connect(cmd -> "this is not json\r\n", 4096);

        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).startsWith("internal error: cannot parse json this is not json: ");
                });
        assertDisconnectedOnce();
        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofSeconds(30)))
                .hasMessageStartingWith("internal error: cannot parse json");
    }

    @Test
    void oversizeLineIsRefusedWithoutBufferingIt() throws Exception {
        // 64 KiB of a never-ending string against a 4 KiB limit
        connect(cmd -> "{\"return\":\"" + "x".repeat(64 * 1024), 4096);

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.execute("query-status", null, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage())
                            .isEqualTo("internal error: QEMU monitor sent a line longer than 4096 bytes");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertDisconnectedOnce();
    }

    @Test
    void unsolicitedJsonOfUnknownShapeEndsTheConnection() throws Exception {
        connect(cmd -> null, 4096);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                () -> client.execute("query-status", null, Duration.ofSeconds(30)));
        server.received.take(); // qmp_capabilities
        server.received.take(); // query-status: now pending

        server.send("[1,2,3]\r\n");

        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(VirtException.class)
                .hasMessageContaining("internal error: Unknown JSON reply '[1,2,3]'");
        assertDisconnectedOnce();
    }

    @Test
    void peerClosingFailsPendingCallsAtOnce() throws Exception {
        connect(cmd -> null, 4096);
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(
                () -> client.execute("query-status", null, Duration.ofSeconds(60)));
        server.received.take();
        server.received.take();

        server.dropClient();

        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(VirtException.class)
                .hasMessageContaining("operation failed: End of file from qemu monitor");
        assertDisconnectedOnce();
    }

    @Test
    void awaitDisconnectedReturnsOnlyAfterEveryEventSentBeforeEndOfFileWasDelivered() throws Exception {
        // QEMU writes SHUTDOWN and exits at once; the driver decides "shut down" or "crashed" only after
        // awaitDisconnected, so the event must have reached the sink by then even when the sink is slow.
        server = new FakeQmpServer(dir.resolve("events.sock"), GREETING, cmd -> reply(cmd, "{}"));
        java.util.List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        client = QmpClient.connect(server.path, Duration.ofSeconds(5), event -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(event.name());
        }, () -> delivered.add("<eof>"));
        assertThat(client.awaitDisconnected(Duration.ofMillis(50))).isFalse();

        server.send("{\"event\":\"SHUTDOWN\",\"data\":{\"guest\":true},"
                + "\"timestamp\":{\"seconds\":1,\"microseconds\":2}}\r\n");
        server.dropClient();

        assertThat(client.awaitDisconnected(Duration.ofSeconds(5))).isTrue();
        assertThat(delivered).containsExactly("SHUTDOWN", "<eof>");
    }

    @Test
    void commandReturnsOnlyAfterTheEventsSentBeforeItsReplyWereHandled() throws Exception {
        // QEMU answers "stop" with STOP, then the reply: the caller (suspend) must find STOP handled, or a
        // later "cont" may see its state overwritten by this STOP (the PAUSED-after-resume flake)
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        connect(cmd -> event("STOP") + event("AFTER_STOP") + reply(cmd, "{}"), 4096, e -> {
            try {
                Thread.sleep(200); // a busy delivery thread
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            handled.add(e.name());
        });

        client.execute("stop", null, Duration.ofSeconds(5));

        assertThat(handled).containsExactly("STOP", "AFTER_STOP");
    }

    @Test
    void theSinkMaySendACommandWithoutWaitingForItself() throws Exception {
        // a command from the sink gets a reply after events still queued behind the one being handled:
        // waiting for them would wait for the sink itself
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        connect(cmd -> switch (cmd.path("execute").asText()) {
            case "go" -> event("FIRST") + reply(cmd, "{}");
            default -> event("SECOND") + reply(cmd, "{\"inner\":true}");
        }, 4096, e -> {
            if (e.name().equals("FIRST")) {
                handled.add("inner=" + client.execute("inner", null, Duration.ofSeconds(5)).path("inner"));
            }
            handled.add(e.name());
        });

        long start = System.nanoTime();
        client.execute("go", null, Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(handled).startsWith("inner=true", "FIRST");
    }

    @Test
    void aSinkBlockedByTheCallerDelaysTheReplyOnlyUntilTheCommandsTimeout() throws Exception {
        // a sink waiting for something the caller holds (a domain's job) must not hang the caller forever
        CountDownLatch callerDone = new CountDownLatch(1);
        java.util.List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        connect(cmd -> event("BLOCKED") + reply(cmd, "{\"ok\":true}"), 4096, e -> {
            try {
                callerDone.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            handled.add(e.name());
        });

        long start = System.nanoTime();
        JsonNode ret = client.execute("go", null, Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        callerDone.countDown();

        assertThat(ret.path("ok").asBoolean()).isTrue();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (handled.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(handled).containsExactly("BLOCKED");
    }

    @Test
    void silentPeerTimesOutAndALateReplyIsDropped() throws Exception {
        BlockingQueue<JsonNode> unanswered = new LinkedBlockingQueue<>();
        connect(cmd -> {
            if (cmd.path("execute").asText().equals("slow")) {
                unanswered.add(cmd);
                return null;
            }
            return reply(cmd, "{\"fast\":true}");
        }, 4096);

        assertThatThrownBy(() -> client.execute("slow", null, Duration.ofMillis(200)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo(
                            "Timed out during operation: no reply from QEMU command 'slow' within 200 ms");
                });
        server.send(reply(unanswered.take(), "{\"late\":true}"));

        assertThat(client.execute("fast", null, Duration.ofSeconds(5)).path("fast").asBoolean()).isTrue();
        assertThat(client.isConnected()).isTrue();
        assertThat(disconnects.get()).isZero();
    }

    @Test
    void peerWithoutGreetingTimesOutAndLeavesNothingBehind() throws Exception {
        server = new FakeQmpServer(dir.resolve("mute.sock"), "", cmd -> null);

        assertThatThrownBy(() -> QmpClient.connect(server.path, Duration.ofMillis(300), null,
                disconnects::incrementAndGet))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                    assertThat(e.getMessage()).contains("no QMP greeting");
                });
        // the client hung up: the server sees end of file
        assertThat(server.clientGone.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(disconnects.get()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                t -> t.getName().endsWith(server.path.toString()) && t.isAlive());
    }

    /** A QMP peer on a UNIX socket: sends a greeting, answers each line through {@code respond}. */
}
