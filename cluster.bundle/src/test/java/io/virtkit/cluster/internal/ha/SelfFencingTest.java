package io.virtkit.cluster.internal.ha;

import static io.virtkit.cluster.internal.ha.TestCluster.await;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.cluster.internal.guests.LocalLeases.Held;

/**
 * Self-fencing on a simulated host of a real (in-process) ZooKeeper with the test driver's domains: session
 * timeout 2 s, so it fences after 1 s without an answer.
 */
class SelfFencingTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aHostCutOffDestroysItsHaGuestsAfterFenceAfterAndBeforeItsLeasesCanGo() throws Exception {
        try (TestCluster cluster = new TestCluster("a")) {
            SimulatedHost a = cluster.host("a");
            UUID web = cluster.run("web", true, a);
            UUID db = cluster.run("db", false, a);
            SelfFencing fencing = a.startFencing(0);
            a.awaitContact();
            assertThat(a.session.sessionTimeoutMs()).as("granted as asked").isEqualTo(TestCluster.SESSION_TIMEOUT_MS);
            assertThat(fencing.fenceAfterMs()).as("half the session timeout").isEqualTo(1000);

            a.relay.cut();
            TestCluster.LeaseEnd end = cluster.followLeaseEnd("web", a, web, BOUND);

            long contact = a.session.lastContactNanos();
            long fencedMs = NANOSECONDS.toMillis(end.domainGoneAt() - contact);
            System.out.printf("cut off: HA guest destroyed %d ms after the last contact; its lease ended between %d "
                    + "and %d ms after it%n", fencedMs, NANOSECONDS.toMillis(end.lastSeenSent() - contact),
                    NANOSECONDS.toMillis(end.goneSeenAt() - contact));
            assertThat(end.domainGoneAt()).as("fenced while its lease still existed").isPositive()
                    .isLessThan(end.lastSeenSent());
            assertThat(fencedMs).as("fenced after fenceAfter of silence, within a few ticks").isGreaterThan(1000)
                    .isLessThan(1000 + 500);
            assertThat(a.runs(db)).as("the non-HA guest runs on").isTrue();
            assertThat(a.agent.fencedCalls).containsExactly(List.of(new Held("web", web, SimulatedHost.URI, true)));
            await("GUEST_FENCED", BOUND, () -> !a.events(ClusterEventType.GUEST_FENCED).isEmpty());
            ClusterEvent fenced = a.events(ClusterEventType.GUEST_FENCED).get(0);
            assertThat(fenced.name()).contains("web");
            assertThat(fenced.host()).contains(a.uuid());
            assertThat(fenced.detail()).startsWith("stopped on a: no answer from the ensemble for ");
            assertThat(cluster.watcher.violations()).isEmpty();
        }
    }

    @Test
    void aLostSessionFencesAtOnceWithoutWaitingForSilence() throws Exception {
        try (TestCluster cluster = new TestCluster("a")) {
            SimulatedHost a = cluster.host("a");
            UUID web = cluster.run("web", true, a);
            a.startFencing(1900); // silence alone would fence only ~1.6 s after the expiry below, at the earliest
            a.awaitContact();

            long expired = System.nanoTime();
            a.session.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            await("web destroyed", BOUND, () -> !a.runs(web));

            assertThat(NANOSECONDS.toMillis(System.nanoTime() - expired)).isLessThan(1500);
            await("GUEST_FENCED", BOUND, () -> !a.events(ClusterEventType.GUEST_FENCED).isEmpty());
            assertThat(a.events(ClusterEventType.GUEST_FENCED)).singleElement()
                    .extracting(ClusterEvent::detail).isEqualTo("stopped on a: the session was lost");
            assertThat(a.agent.held()).isEmpty();
        }
    }

    @Test
    void aDestroyThatHangsDoesNotHoldTheWatchdogPastTheSessionExpiry() throws Exception {
        try (TestCluster cluster = new TestCluster("a")) {
            SimulatedHost a = cluster.host("a");
            UUID stuck = cluster.run("stuck", true, a);
            UUID web = cluster.run("web", true, a);
            StuckDestroyFactory hanging = new StuckDestroyFactory(a.factory, stuck);
            try {
                a.startFencing(0, hanging);
                a.awaitContact();

                a.relay.cut();
                await("web destroyed", BOUND, () -> !a.runs(web));
                long destroyed = System.nanoTime();
                await("web fenced", BOUND, () -> !a.agent.fencedCalls.isEmpty());
                long reported = System.nanoTime();
                long contact = a.session.lastContactNanos();

                assertThat(NANOSECONDS.toMillis(destroyed - contact)).as("not held up by the stuck one")
                        .isLessThan(TestCluster.SESSION_TIMEOUT_MS);
                assertThat(hanging.destroyEntered.getCount()).as("the stuck destroy was tried").isZero();
                assertThat(a.runs(stuck)).as("its destroy still hangs").isTrue();
                assertThat(a.agent.fencedCalls).containsExactly(List.of(new Held("web", web, SimulatedHost.URI, true)));
                // the fence waited for the stuck destroy until the session could expire (contact + 2 s), then went on
                assertThat(NANOSECONDS.toMillis(reported - contact)).isGreaterThanOrEqualTo(1990L);

                hanging.release();
                await("stuck fenced, late", BOUND, () -> a.agent.fencedCalls.size() == 2);
                assertThat(a.agent.fencedCalls.get(1)).containsExactly(new Held("stuck", stuck, SimulatedHost.URI, true));
                assertThat(a.runs(stuck)).isFalse();
            } finally {
                hanging.release();
            }
        }
    }
}
