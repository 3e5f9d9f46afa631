package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;

/**
 * libvirt's job model in the LXC driver, on real containers (root, util-linux, busybox-static): the end of
 * a run is cleaned up in the destroy's job, outside the domain's monitor, so queries answer while it runs
 * and a start waits for it. The clean-up is held up deterministically by the driver's test hook
 * ({@link LxcRunEnd#cleanUpHook}), which blocks until the test lets it go.
 */
class LxcJobsTest {

    private static final Duration WAIT = LxcFixture.WAIT;

    private LxcFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LxcFixture("virtkit-lxc-jobs");
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.driver.state().runEnd().cleanUpHook = null;
        fx.close();
    }

    @Test
    void queriesAnswerWhileADestroyCleansUpAndAStartWaitsForIt() throws Exception {
        Domain d = fx.startWaiting("slow-cleanup");
        CountDownLatch inCleanUp = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        fx.driver.state().runEnd().cleanUpHook = () -> {
            inCleanUp.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> destroy = CompletableFuture.runAsync(d::destroy);
        try {
            assertThat(inCleanUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // the clean-up holds the DESTROY job, not the monitor: QUERY jobs answer now (they would hang
            // until letGo if the clean-up ran under the domain's monitor)
            assertThat(CompletableFuture.supplyAsync(d::info).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(CompletableFuture.supplyAsync(() -> d.xml()).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains("<name>slow-cleanup</name>");
            assertThat(CompletableFuture.supplyAsync(d::state).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(destroy).isNotDone();

            // a start is a MODIFY job: it waits for the destroy's clean-up instead of racing it
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> d.start());
            Thread.sleep(300);
            assertThat(start).isNotDone();

            fx.driver.state().runEnd().cleanUpHook = null;
            letGo.countDown();
            destroy.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(d.state().state()).isEqualTo(DomainState.RUNNING);
            fx.track("slow-cleanup");
            d.destroy();
            assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        } finally {
            letGo.countDown();
        }
    }
}
