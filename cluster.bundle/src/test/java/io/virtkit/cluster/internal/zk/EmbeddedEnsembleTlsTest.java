package io.virtkit.cluster.internal.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.common.ClientX509Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.membership.Membership;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.records.HostRecord;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * Three hosts, each running its embedded ZooKeeper peer and its session in this JVM, on loopback over TLS (peers
 * among themselves and clients to peers), with the cluster secret's ACL. One ensemble for the whole class, in the
 * order a cluster lives: a host alone until the others start, membership, ACLs, TLS refusal, an expired session, the
 * quorum lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedEnsembleTlsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String PEERS = "1=127.0.0.1:21111:21112:21113,2=127.0.0.1:21121:21122:21123,"
            + "3=127.0.0.1:21131:21132:21133";

    @TempDir
    static Path dir;
    private TestCa.HostFiles files;
    private TestCa.HostFiles stranger;
    private Path secret;
    private final DefaultConnectionFactory connections = new DefaultConnectionFactory()
            .withHypervisorDriver(new TestDriver());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ClusterSessionService[] sessions = new ClusterSessionService[4];
    private final Membership[] members = new Membership[4];
    private final ClusterEventBus events = new ClusterEventBus();
    private final CopyOnWriteArrayList<ClusterEvent> seenByHost1 = new CopyOnWriteArrayList<>();

    @BeforeAll
    void pki() throws Exception {
        files = TestCa.create(dir, "cluster").host("host");
        stranger = TestCa.create(dir, "other").host("stranger");
        secret = Files.writeString(dir.resolve("cluster-secret"), "s3cret-of-the-tests\n");
        events.add(seenByHost1::add);
    }

    private Map<String, Object> config(int peer) {
        return Map.ofEntries(Map.entry("mode", "embedded"), Map.entry("peerId", peer), Map.entry("peers", PEERS),
                Map.entry("sessionTimeoutMs", 4000), Map.entry("tlsEnabled", true),
                Map.entry("caFile", files.caFile().toString()), Map.entry("certFile", files.certFile().toString()),
                Map.entry("keyFile", files.keyFile().toString()), Map.entry("secretFile", secret.toString()),
                Map.entry("hostUuid", new UUID(0, peer).toString()), Map.entry("hostname", "host-" + peer),
                Map.entry("uris", "test:///default"));
    }

    private void startHost(int peer, ClusterEventBus bus) {
        ClusterSessionService s = new ClusterSessionService(TestConfigs.cluster(config(peer)),
                dir.resolve("peer-" + peer), bus);
        sessions[peer] = s;
        toClose.add(0, s::close);
        members[peer] = new Membership(TestConfigs.cluster(config(peer)), s, bus, connections);
        toClose.add(0, members[peer]::close);
    }

    @AfterAll
    void stopAll() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // the others still close
            }
        }
        events.close();
    }

    @Test
    @Order(1)
    void aHostWithoutQuorumRunsAloneAndJoinsWhenThePeersStart() throws Exception {
        startHost(1, events);
        assertThat(sessions[1].hasQuorum()).isFalse();
        assertThat(sessions[1].status().connected()).isFalse();
        assertThat(sessions[1].status().message()).startsWith("ensemble unreachable (no quorum at 127.0.0.1:21113,")
                .endsWith("): this host runs alone");
        assertThat(members[1].hosts()).extracting(ClusterHost::hostname).containsExactly("host-1");

        startHost(2, new ClusterEventBus());
        startHost(3, new ClusterEventBus());
        for (int i = 1; i <= 3; i++) {
            ClusterSessionService s = sessions[i];
            Await.until(BOUND, "host-" + i + " connected", s::hasQuorum);
        }
        for (int i = 1; i <= 3; i++) {
            Membership m = members[i];
            Await.until(BOUND, "host-" + i + " sees three members", () -> m.hosts().size() == 3);
        }
        assertThat(sessions[1].status().message()).isEmpty();
        assertThat(sessions[1].lastContactNanos()).isPositive();
        assertThat(sessions[1].sessionTimeoutMs()).isEqualTo(4000);
    }

    @Test
    @Order(2)
    void everyMemberSeesEveryRecordWithItsFigures() throws Exception {
        List<ClusterHost> seenBy2 = members[2].hosts();
        assertThat(seenBy2).extracting(ClusterHost::hostname).containsExactly("host-1", "host-2", "host-3");
        assertThat(seenBy2).filteredOn(ClusterHost::self).extracting(ClusterHost::uuid).containsExactly(new UUID(0, 2));
        ClusterHost one = seenBy2.get(0);
        assertThat(one.hypervisors()).containsExactly("test:///default");
        assertThat(one.cpus()).isPositive();
        assertThat(one.memoryKiB()).isPositive();
        assertThat(one.freeMemoryKiB()).isBetween(0L, one.memoryKiB());
    }

    @Test
    @Order(3)
    void aMemberJoiningChangingAndLeavingIsPublished() throws Exception {
        UUID fourth = new UUID(0, 4);
        HostRecord record = new HostRecord(fourth.toString(), "host-4", "", List.of("test:///default"), 2, 1024, 512,
                0.5, 0, System.currentTimeMillis());
        CuratorFramework writer = sessions[2].curator();
        writer.create().withMode(CreateMode.EPHEMERAL).forPath(ZkPaths.host(fourth), ZkJson.write(record));
        awaitEvent(ClusterEventType.HOST_JOINED, fourth);
        assertThat(members[1].host(fourth)).hasValueSatisfying(h -> assertThat(h.freeMemoryKiB()).isEqualTo(512));
        writer.setData().forPath(ZkPaths.host(fourth), ZkJson.write(new HostRecord(fourth.toString(), "host-4", "",
                List.of("test:///default"), 2, 1024, 256, 0.5, 1, record.joinedEpochMs())));
        awaitEvent(ClusterEventType.HOST_UPDATED, fourth);
        assertThat(members[1].host(fourth)).hasValueSatisfying(h -> assertThat(h.runningGuests()).isEqualTo(1));
        writer.delete().forPath(ZkPaths.host(fourth));
        awaitEvent(ClusterEventType.HOST_LEFT, fourth);
        assertThat(members[1].host(fourth)).isEmpty();
    }

    private void awaitEvent(ClusterEventType type, UUID host) throws InterruptedException {
        Await.until(BOUND, type + " of " + host, () -> seenByHost1.stream()
                .anyMatch(e -> e.type() == type && e.host().equals(java.util.Optional.of(host))));
    }

    @Test
    @Order(4)
    void aClientWithTheCertificateButWithoutTheSecretReadsButCannotWrite() throws Exception {
        TlsFiles tls = new TlsFiles(files.caFile(), files.certFile(), files.keyFile());
        try (CuratorFramework outsider = CuratorFrameworkFactory.builder().connectString("127.0.0.1:21123")
                .sessionTimeoutMs(4000).retryPolicy(new RetryForever(200)).namespace("virtkit")
                .zkClientConfig(tls.clientConfig(dir.resolve("outsider"))).build()) {
            outsider.start();
            assertThat(outsider.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
            String self1 = ZkPaths.host(new UUID(0, 1));
            assertThat(outsider.getData().forPath(self1)).isNotEmpty();
            assertThatThrownBy(() -> outsider.setData().forPath(self1, new byte[] {1}))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> outsider.create().withMode(CreateMode.EPHEMERAL)
                    .forPath(ZkPaths.host(UUID.randomUUID()))).isInstanceOf(KeeperException.NoAuthException.class);
            assertThatThrownBy(() -> outsider.delete().forPath(self1))
                    .isInstanceOf(KeeperException.NoAuthException.class);
        }
    }

    @Test
    @Order(5)
    void aClientCertificateOfAnotherCaIsRefusedByThePeer() throws Exception {
        // the handshake with our own certificate is accepted: the peer then waits for ZooKeeper's first request
        try (SSLSocket ours = connect(files)) {
            assertThatThrownBy(() -> ours.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        try (SSLSocket theirs = connect(stranger)) {
            assertThatThrownBy(() -> {
                if (theirs.getInputStream().read() == -1) {
                    throw new SSLException("closed by the peer");
                }
            }).isInstanceOf(SSLException.class);
        }
    }

    /** A TLS connection to peer 1's client port with these files' certificate, trusting the cluster's CA. */
    private SSLSocket connect(TestCa.HostFiles client) throws Exception {
        TlsFiles tls = new TlsFiles(files.caFile(), client.certFile(), client.keyFile());
        try (ClientX509Util x509 = new ClientX509Util()) {
            SSLSocket socket = x509.createSSLContextAndOptions(tls.clientConfig(dir.resolve("probe-"
                    + client.certFile().getFileName()))).createSSLSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", 21113), 5000);
            socket.setSoTimeout(3000);
            socket.startHandshake();
            return socket;
        }
    }

    @Test
    @Order(6)
    void anExpiredSessionComesBackAsANewSessionAndWritesItsRecordAgain() throws Exception {
        CopyOnWriteArrayList<SessionChange> changes = new CopyOnWriteArrayList<>();
        sessions[1].onChange(changes::add);
        long before = sessions[1].sessionId();
        sessions[1].curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        Await.until(BOUND, "NEW_SESSION after the expiry", () -> changes.contains(SessionChange.NEW_SESSION));
        assertThat(sessions[1].sessionId()).isNotEqualTo(before).isNotZero();
        String self1 = ZkPaths.host(new UUID(0, 1));
        Await.until(BOUND, "host-1's record again, of its new session", () -> {
            try {
                var stat = sessions[2].curator().checkExists().forPath(self1);
                return stat != null && stat.getEphemeralOwner() == sessions[1].sessionId();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(7)
    void twoPeersOfThreeStoppedLeaveTheLastWithoutQuorum() throws Exception {
        for (int i = 2; i <= 3; i++) {
            members[i].close();
            sessions[i].close();
        }
        Await.until(BOUND, "host-1 without quorum", () -> !sessions[1].hasQuorum());
        assertThat(sessions[1].status().message()).endsWith("): this host runs alone");
        VirtException refusal = sessions[1].noQuorum("cannot start guest 'g'");
        assertThat(refusal.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        assertThat(refusal).hasMessage("Requested operation is not valid: cluster has no quorum: cannot start guest 'g'");
        Await.until(BOUND, "QUORUM_LOST published",
                () -> seenByHost1.stream().anyMatch(e -> e.type() == ClusterEventType.QUORUM_LOST));
    }
}
