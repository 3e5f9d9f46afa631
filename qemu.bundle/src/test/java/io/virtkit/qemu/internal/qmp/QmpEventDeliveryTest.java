package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Events in QEMU's order, off the reading thread, the end after the last, and the wait for events before a reply. */
class QmpEventDeliveryTest {

    private final QmpMonitors monitors = new QmpMonitors("test-reader", "test-events", 2);
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        monitors.close();
    }

    private static QmpEvent event(String name) {
        return new QmpEvent(name, JsonNodeFactory.instance.objectNode(), 0);
    }

    @Test
    void deliversInOrderOffTheReadingThreadThenTheEndOnce() throws Exception {
        Thread reader = Thread.currentThread();
        List<Thread> sinkThreads = new CopyOnWriteArrayList<>();
        QmpEventDelivery delivery = new QmpEventDelivery(Path.of("/test.sock"), e -> {
            sinkThreads.add(Thread.currentThread());
            seen.add(e.name());
        }, () -> seen.add("disconnected"), monitors.newSerialExecutor());
        for (int i = 0; i < 100; i++) {
            delivery.deliver(event("E" + i));
        }
        assertThat(delivery.lastRead()).isEqualTo(100);
        delivery.end(true);
        assertThat(delivery.awaitEnded(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).hasSize(101).endsWith("E99", "disconnected").startsWith("E0", "E1", "E2");
        assertThat(sinkThreads).doesNotContain(reader);
        delivery.deliver(event("late")); // after the end: dropped, and nobody waits for it
        delivery.awaitHandled(delivery.lastRead(), "x", Duration.ofSeconds(10));
        assertThat(seen).doesNotContain("late");
    }

    @Test
    void aCommandWaitsForTheEventsSentBeforeItsReplyUnlessTheyTakeTooLong() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        QmpEventDelivery delivery = new QmpEventDelivery(Path.of("/test.sock"), e -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.name());
        }, null, monitors.newSerialExecutor());
        delivery.deliver(event("STOP"));
        long before = delivery.lastRead();
        long t0 = System.nanoTime();
        delivery.awaitHandled(before, "stop", Duration.ofMillis(200)); // bounded: returns without it
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(seen).isEmpty();
        hold.countDown();
        delivery.awaitHandled(before, "stop", Duration.ofSeconds(10));
        assertThat(seen).containsExactly("STOP");
        delivery.end(false);
        assertThat(delivery.awaitEnded(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void noOnDisconnectWhenTheConnectionWasNeverEstablished() throws Exception {
        QmpEventDelivery delivery = new QmpEventDelivery(Path.of("/test.sock"), null, () -> seen.add("disconnected"),
                monitors.newSerialExecutor());
        assertThat(delivery.awaitEnded(Duration.ofMillis(10))).isFalse();
        delivery.end(false);
        assertThat(delivery.awaitEnded(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).isEmpty();
    }
}
