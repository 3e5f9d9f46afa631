package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;

/**
 * Fast activation on real containers (root, util-linux, busybox-static): a restarted driver returns from
 * activation at once and reconnects its running containers in the background, one task per domain; a
 * domain answers once its own reconnect is done, the others meanwhile. One reconnect is held up
 * deterministically by the driver's test hook until the test lets it go.
 */
class LxcActivationTest {

    private static final Duration WAIT = LxcFixture.WAIT;
    private static final List<String> NAMES = List.of("act-a", "act-b", "act-c");

    private LxcFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LxcFixture("virtkit-lxc-activation");
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.close();
    }

    private static <T> T within(java.util.function.Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aRestartedDriverActivatesAtOnceAndEachDomainAnswersOnceReconnected() throws Exception {
        Map<String, Long> pids = new HashMap<>();
        for (String name : NAMES) {
            fx.startWaiting(name);
            pids.put(name, fx.driver.state().initPid(fx.driver.state().lookupByName(name)));
        }
        fx.stopDriver();

        CountDownLatch inReconnect = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        try {
            // activation returns while act-b's reconnect is held (it would hang here if it reconnected inline)
            LxcDriver restarted = within(() -> new LxcDriver(fx.settings, null, name -> {
                if (name.equals("act-b")) {
                    inReconnect.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            fx.bind(restarted);
            assertThat(inReconnect.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // the others answer, taken over
            for (String name : List.of("act-a", "act-c")) {
                Domain d = within(() -> fx.conn.lookupDomainByName(name));
                assertThat(within(d::isActive)).isTrue();
                assertThat(within(d::state).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
                assertThat(fx.driver.state().initPid(fx.driver.state().lookupByName(name))).isEqualTo(pids.get(name));
            }
            // act-b answers only once its reconnect is done
            CompletableFuture<Domain> b = CompletableFuture.supplyAsync(() -> fx.conn.lookupDomainByName("act-b"));
            Thread.sleep(200);
            assertThat(b).isNotDone();
            letGo.countDown();
            Domain again = b.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(again.isActive()).isTrue();
            assertThat(fx.driver.state().initPid(fx.driver.state().lookupByName("act-b"))).isEqualTo(pids.get("act-b"));
            for (String name : NAMES) {
                fx.conn.lookupDomainByName(name).destroy();
            }
            assertThat(fx.conn.listAllDomains()).allMatch(d -> d.state().reason() == DomainStateReason.SHUTOFF_DESTROYED);
        } finally {
            letGo.countDown();
        }
    }
}
