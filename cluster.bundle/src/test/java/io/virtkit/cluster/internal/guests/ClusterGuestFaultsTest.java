package io.virtkit.cluster.internal.guests;

import static io.virtkit.cluster.internal.guests.SimCluster.GIB;
import static io.virtkit.cluster.internal.guests.SimCluster.URI;
import static io.virtkit.cluster.internal.guests.SimCluster.await;
import static io.virtkit.cluster.internal.guests.SimCluster.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.guests.SimCluster.SimHost;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/** What goes wrong around cluster guests: failures on the target, guests stopped behind the cluster's back, sessions lost. */
class ClusterGuestFaultsTest {

    @Test
    void aStartFailingOnTheTargetComesBackAsItsErrorAndLeavesNothing() throws Exception {
        String kvm = xml("k", GIB).replace("type='test'", "type='kvm'");
        VirtException direct;
        try (Connection alone = new DefaultConnectionFactory().withHypervisorDriver(new TestDriver()).open(URI)) {
            direct = org.junit.jupiter.api.Assertions.assertThrows(VirtException.class, () -> alone.createDomain(kvm));
        }
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            h1.cluster.defineGuest(URI, kvm, true);
            assertThatThrownBy(() -> h1.cluster.startGuest("k", c.host(1).uuid()))
                    .isInstanceOf(VirtException.class)
                    .hasMessage(direct.getMessage())
                    .satisfies(e -> {
                        assertThat(((VirtException) e).code()).isEqualTo(direct.code());
                        assertThat(((VirtException) e).domain()).isEqualTo(direct.domain());
                    });
            assertThat(h1.cluster.guest("k").orElseThrow().owner()).isEmpty();
            assertThat(h1.cluster.guest("k").orElseThrow().wantedRunning()).isFalse();
            assertThat(c.host(1).agent.held()).isEmpty();
            assertThat(c.host(1).inventory.marked).isEmpty();
        }
    }

    @Test
    void aRequestNobodyAnswersTimesOutAndIsRemoved() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB)) {
            SimHost h = c.host(0);
            UUID nobody = UUID.randomUUID();
            assertThatThrownBy(() -> new ZkRequestClient(h.session).send(nobody, RequestClient.START, "g", Map.of(),
                    Duration.ofMillis(300)))
                    .isInstanceOf(VirtException.class)
                    .hasMessage("Timed out during operation: cluster host " + nobody
                            + " did not answer 'start' for guest 'g' within 0 s")
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
            await("the request removed", () -> {
                try {
                    return h.session.curator().getChildren().forPath(ZkPaths.requests(nobody)).isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aGuestStoppedBehindTheClustersBackGivesItsLeaseUpButStaysWanted() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            h1.cluster.defineGuest(URI, xml("g", GIB), true);
            h1.cluster.startGuest("g", h1.uuid());
            h1.connection.lookupDomainByName("g").destroy();
            await("the lease given up", () -> h1.cluster.guest("g").orElseThrow().owner().isEmpty());
            assertThat(h1.cluster.guest("g").orElseThrow().wantedRunning()).isTrue(); // HA restarts such a guest
            assertThat(h1.agent.held()).isEmpty();
            assertThat(h1.inventory.marked).isEmpty();

            h1.cluster.startGuest("g", c.host(1).uuid());
            c.host(1).cluster.stopGuest("g", true); // graceful: the test driver shuts down at once
            assertThat(h1.cluster.guest("g").orElseThrow().owner()).isEmpty();
            assertThat(c.host(1).runs("g")).isFalse();
        }
    }

    @Test
    void afterANewSessionTheLeaseIsTakenAgainOrOurCopyDestroyedIfAnotherHostHasIt() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            SimHost h2 = c.host(1);
            h1.cluster.defineGuest(URI, xml("kept", GIB), true);
            h1.cluster.defineGuest(URI, xml("taken", GIB), true);
            h1.cluster.startGuest("kept", h1.uuid());
            h1.cluster.startGuest("taken", h1.uuid());
            long old = h1.session.sessionId();
            h1.session.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
            await("h1's leases gone with its session", () -> h2.cluster.guest("kept").orElseThrow().owner().isEmpty()
                    && h2.cluster.guest("taken").orElseThrow().owner().isEmpty());
            await("h1 has a new session", () -> h1.session.hasQuorum() && h1.session.sessionId() != old
                    && h1.session.sessionId() != 0);
            h2.cluster.startGuest("taken", h2.uuid()); // what HA recovery would have done meanwhile

            h1.agent.sessionChanged(SessionChange.NEW_SESSION);
            await("kept's lease taken again by h1",
                    () -> h2.cluster.guest("kept").orElseThrow().owner().equals(java.util.Optional.of(h1.uuid())));
            await("h1's copy of taken destroyed", () -> !h1.runs("taken"));
            assertThat(h1.runs("kept")).isTrue();
            assertThat(h2.runs("taken")).isTrue();
            assertThat(h2.cluster.guest("taken").orElseThrow().owner()).contains(h2.uuid());
            assertThat(h1.agent.held()).extracting(LocalLeases.Held::name).containsExactly("kept");
        }
    }

    @Test
    void aReactivatedAgentHoldsItsRunningGuestsAgain() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB)) {
            SimHost h1 = c.host(0);
            h1.cluster.defineGuest(URI, xml("g", GIB), true);
            h1.cluster.startGuest("g", h1.uuid());
            h1.agent.close(); // as DS deactivates it: the guest runs on, its lease stays with the session
            HostAgent again = new HostAgent(h1.session, h1.factory, Duration.ofSeconds(10), h1.inventory,
                    h1.membership);
            try {
                await("g held again", () -> again.held().stream().anyMatch(h -> h.name().equals("g")));
                assertThat(h1.cluster.guest("g").orElseThrow().owner()).contains(h1.uuid());
                h1.connection.lookupDomainByName("g").destroy();
                await("the lease given up", () -> h1.cluster.guest("g").orElseThrow().owner().isEmpty());
            } finally {
                again.close();
            }
        }
    }
}
