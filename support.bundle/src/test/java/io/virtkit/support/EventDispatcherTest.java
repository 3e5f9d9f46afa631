package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Registration;

class EventDispatcherTest {

    private final EventDispatcher<Integer> dispatcher = new EventDispatcher<>("test-events");

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void deliversInOrderOnAnotherThread() throws Exception {
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        dispatcher.addListener(e -> {
            threads.add(Thread.currentThread());
            got.add(e);
        });
        for (int i = 0; i < 100; i++) {
            dispatcher.dispatch(i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(threads.poll()).isNotSameAs(Thread.currentThread())
                .extracting(Thread::getName).isEqualTo("test-events");
    }

    @Test
    void dispatchReturnsBeforeTheListenerRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        dispatcher.addListener(e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            got.add(e);
        });
        dispatcher.dispatch(1);
        assertThat(got).isEmpty();
        release.countDown();
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void everyListenerGetsEveryEventAndAFailingOneDisturbsNobody() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        dispatcher.addListener(e -> got.add("a" + e));
        dispatcher.addListener(e -> {
            throw new IllegalStateException("boom");
        });
        dispatcher.addListener(e -> got.add("c" + e));
        dispatcher.dispatch(1);
        dispatcher.dispatch(2);
        List<String> all = List.of(poll(got), poll(got), poll(got), poll(got));
        assertThat(all).containsExactly("a1", "c1", "a2", "c2");
    }

    @Test
    void closedRegistrationGetsNothingMore() throws Exception {
        BlockingQueue<Integer> kept = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> dropped = new LinkedBlockingQueue<>();
        dispatcher.addListener(kept::add);
        Registration r = dispatcher.addListener(dropped::add);
        dispatcher.dispatch(1);
        assertThat(kept.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(dropped.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        r.close();
        r.close(); // harmless twice
        dispatcher.dispatch(2);
        assertThat(kept.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(dropped).isEmpty();
    }

    @Test
    void registrationClosedWhileEventsAreQueuedStopsThemToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        dispatcher.addListener(e -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        Registration r = dispatcher.addListener(got::add);
        dispatcher.dispatch(1); // blocks the thread in the first listener
        dispatcher.dispatch(2);
        r.close();
        release.countDown();
        BlockingQueue<Integer> after = new LinkedBlockingQueue<>();
        dispatcher.addListener(after::add);
        dispatcher.dispatch(3);
        assertThat(after.poll(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(got).isEmpty();
    }

    @Test
    void closeStopsDeliveryAndRefusesNewListeners() throws Exception {
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        dispatcher.addListener(got::add);
        assertThat(dispatcher.hasListeners()).isTrue();
        dispatcher.close();
        dispatcher.close();
        dispatcher.dispatch(1);
        assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(dispatcher.hasListeners()).isFalse();
        assertThatThrownBy(() -> dispatcher.addListener(got::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutListenersDispatchIsANoOp() {
        assertThat(dispatcher.hasListeners()).isFalse();
        dispatcher.dispatch(1);
        assertThat(dispatcher.hasListeners()).isFalse();
    }

    private static String poll(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("event within 5 s").isNotNull();
        return s;
    }
}
