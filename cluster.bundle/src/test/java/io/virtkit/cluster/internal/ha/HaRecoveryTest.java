package io.virtkit.cluster.internal.ha;

import static io.virtkit.cluster.internal.ha.TestCluster.MARGIN;
import static io.virtkit.cluster.internal.ha.TestCluster.await;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;

/**
 * HA recovery with self-fencing on every simulated host, on a real (in-process) ZooKeeper with the test driver's
 * domains: session timeout 2 s, fencing after 1 s, restart margin 1 s. A watcher polls every host's domains every
 * 50 ms throughout: no guest may ever be active on two hosts.
 */
class HaRecoveryTest {
    private static final Duration BOUND = Duration.ofSeconds(15);

    @Test
    void aCutOffHostsHaGuestRunsElsewhereOnlyAfterItsLeaseEndedPlusTheMarginAndNotAgainWhenTheHostIsBack()
            throws Exception {
        try (TestCluster cluster = new TestCluster("a", "b", "c")) {
            SimulatedHost a = cluster.host("a");
            SimulatedHost b = cluster.host("b");
            cluster.startRecovery("b", "a", "c");
            cluster.hosts.values().forEach(h -> h.startFencing(0));
            UUID web = cluster.run("web", true, a);
            UUID db = cluster.run("db", false, a);
            a.awaitContact();

            a.relay.cut();
            TestCluster.LeaseEnd end = cluster.followLeaseEnd("web", a, web, BOUND);
            assertThat(end.domainGoneAt()).as("fenced by its host before its lease ended").isPositive()
                    .isLessThan(end.lastSeenSent());
            await("web runs on another host", BOUND, () -> cluster.runner(web).filter(h -> h != a).isPresent());

            SimulatedHost now = cluster.runner(web).orElseThrow();
            long restartedMs = NANOSECONDS.toMillis(now.agent.startedAt.get("web") - end.lastSeenSent());
            System.out.printf("cut off: HA guest restarted on %s %d ms after its lease ended%n", now.name, restartedMs);
            assertThat(restartedMs).as("restarted after the lease ended plus the margin")
                    .isGreaterThanOrEqualTo(MARGIN.toMillis());
            assertRecoveredBy(b, "web", now);

            long oldSession = a.session.sessionId();
            a.relay.heal();
            await("a back on a new session", BOUND,
                    () -> a.session.hasQuorum() && a.session.sessionId() != oldSession);
            await("a took db's lease again", BOUND, () -> owner(cluster, "db").equals(a.uuid().toString()));
            awaitRounds(b, 2);
            assertThat(a.runs(web)).as("the host back does not restart its fenced guest").isFalse();
            assertThat(cluster.runner(web)).contains(now);
            assertThat(a.runs(db)).as("its non-HA guest ran on throughout").isTrue();
            assertThat(cluster.requests.get("b").sent).singleElement()
                    .extracting(TestRequests.Sent::guest).isEqualTo("web");
            assertThat(cluster.watcher.violations()).isEmpty();
        }
    }

    @Test
    void aKilledLeaderIsReplacedAndItsHaGuestRestartedAfterTheNewElectionPlusTheMargin() throws Exception {
        try (TestCluster cluster = new TestCluster("a", "b", "c")) {
            SimulatedHost b = cluster.host("b");
            cluster.startRecovery("b", "a", "c");
            cluster.hosts.values().forEach(h -> h.startFencing(0));
            UUID web = cluster.run("web", true, b);
            b.awaitContact();

            b.kill(); // JVM and guests
            TestCluster.LeaseEnd end = cluster.followLeaseEnd("web", b, web, BOUND);
            await("another host leads", BOUND, () -> cluster.leader().filter(h -> h != b).isPresent());
            SimulatedHost leader = cluster.leader().orElseThrow();
            await("web runs on another host", BOUND, () -> cluster.runner(web).isPresent());

            SimulatedHost now = cluster.runner(web).orElseThrow();
            long startedAt = now.agent.startedAt.get("web");
            long electedAt = leader.recovery().electedAtNanos();
            System.out.printf("leader killed: %s elected %d ms after the lease ended; HA guest restarted on %s %d ms "
                    + "after the election%n", leader.name, NANOSECONDS.toMillis(electedAt - end.lastSeenSent()),
                    now.name, NANOSECONDS.toMillis(startedAt - electedAt));
            assertThat(electedAt).as("elected once the dead leader's session ended").isGreaterThan(end.lastSeenSent());
            assertThat(NANOSECONDS.toMillis(startedAt - electedAt)).as("counted the margin from its election")
                    .isGreaterThanOrEqualTo(MARGIN.toMillis());
            assertThat(now).isNotSameAs(b);
            assertRecoveredBy(leader, "web", now);
            assertThat(cluster.watcher.violations()).isEmpty();
        }
    }

    @Test
    void quorumLostEverywhereFencesEveryHaGuestRestartsNothingUntilItIsBackAndLeavesNonHaGuestsAlone()
            throws Exception {
        try (TestCluster cluster = new TestCluster("a", "b")) {
            SimulatedHost a = cluster.host("a");
            SimulatedHost b = cluster.host("b");
            cluster.startRecovery("a", "b");
            cluster.hosts.values().forEach(h -> h.startFencing(0));
            UUID webA = cluster.run("web-a", true, a);
            UUID webB = cluster.run("web-b", true, b);
            UUID db = cluster.run("db", false, a);
            int dbId = a.connection.lookupDomainByUuid(db).id();
            a.awaitContact();
            b.awaitContact();

            cluster.zk.server().stop();
            await("every HA guest fenced", BOUND, () -> !a.runs(webA) && !b.runs(webB));
            assertThat(a.runs(db)).as("the non-HA guest runs on").isTrue();
            assertThat(cluster.leader()).as("nobody leads without quorum").isEmpty();
            assertThat(cluster.requests.values()).allSatisfy(r -> assertThat(r.sent).isEmpty());

            cluster.zk.server().restart();
            await("both HA guests restarted", BOUND,
                    () -> cluster.runner(webA).isPresent() && cluster.runner(webB).isPresent());
            assertThat(a.connection.lookupDomainByUuid(db).id()).as("the non-HA guest was never touched")
                    .isEqualTo(dbId);
            assertThat(a.agent.fencedCalls.stream().flatMap(List::stream).map(h -> h.name())).containsExactly("web-a");
            assertThat(b.agent.fencedCalls.stream().flatMap(List::stream).map(h -> h.name())).containsExactly("web-b");
            assertThat(cluster.watcher.violations()).isEmpty();
        }
    }

    private static void assertRecoveredBy(SimulatedHost leader, String guest, SimulatedHost on)
            throws InterruptedException {
        await("GUEST_RECOVERED on " + leader.name, BOUND,
                () -> !leader.events(ClusterEventType.GUEST_RECOVERED).isEmpty());
        ClusterEvent recovered = leader.events(ClusterEventType.GUEST_RECOVERED).get(0);
        assertThat(recovered.name()).contains(guest);
        assertThat(recovered.host()).contains(on.uuid());
        assertThat(recovered.detail()).startsWith("restarted on " + on.name + " after it had no owner for ");
    }

    /** Waits until the leader has run this many more rounds. */
    private static void awaitRounds(SimulatedHost leader, int rounds) throws InterruptedException {
        long until = leader.recovery().roundsLed() + rounds;
        await(rounds + " rounds of " + leader.name, BOUND, () -> leader.recovery().roundsLed() >= until);
    }

    private static String owner(TestCluster cluster, String guest) {
        try {
            return ZkJson.read(cluster.observer.curator().getData().forPath(ZkPaths.lease(guest)), LeaseRecord.class)
                    .host();
        } catch (Exception e) {
            return "";
        }
    }
}
