package io.virtkit.cluster.internal.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.membership.Membership;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * External mode against Debian's ZooKeeper 3.8.0 (package {@code zookeeper}): a real standalone server from the
 * package's jars in a JVM of its own, over TLS on its secure client port (3.8 reads PEM key and trust stores), and
 * two hosts joining it as clients with the cluster secret.
 */
class ExternalEnsembleDebianTest {
    private static final Path DEBIAN_JAR = Path.of("/usr/share/java/zookeeper.jar");
    /** Its TLS handler needs Netty's codec, which the jar's manifest class path forgets (libnetty-java has it). */
    private static final Path NETTY_CODEC = Path.of("/usr/share/java/netty-codec.jar");
    private static final int PORT = 21201;
    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void twoHostsJoinDebiansZooKeeperOverTlsAndSeeEachOther() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || Files.isReadable(DEBIAN_JAR), "Debian's zookeeper package is not installed");
        Path dir = Files.createDirectories(Path.of("target").toAbsolutePath())
                .resolve("zk-external-" + UUID.randomUUID());
        Files.createDirectories(dir.resolve("data"));
        List<AutoCloseable> toClose = new ArrayList<>();
        Process server = null;
        try {
            TestCa.HostFiles files = TestCa.create(dir, "external").host("host");
            Path secret = Files.writeString(dir.resolve("cluster-secret"), "external-secret");
            Path keyStore = new TlsFiles(files.caFile(), files.certFile(), files.keyFile()).keyStore(dir.resolve("server"));
            Path cfg = Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
                    "tickTime=500", "dataDir=" + dir.resolve("data"), "secureClientPort=" + PORT,
                    "secureClientPortAddress=127.0.0.1", "maxSessionTimeout=20000", "admin.enableServer=false",
                    "ssl.keyStore.location=" + keyStore, "ssl.keyStore.type=PEM",
                    "ssl.trustStore.location=" + files.caFile(), "ssl.trustStore.type=PEM", "ssl.clientAuth=need",
                    "ssl.clientHostnameVerification=false", "") + "\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            server = new ProcessBuilder(java, "-Xmx128m",
                    "-Dzookeeper.serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                    "-cp", DEBIAN_JAR + ":" + NETTY_CODEC, "org.apache.zookeeper.server.ZooKeeperServerMain", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            Process running = server;
            Await.until(BOUND, "Debian's ZooKeeper listening on " + PORT + " (log: " + dir.resolve("server.log") + ")",
                    () -> running.isAlive() && listening());

            ClusterEventBus events = new ClusterEventBus();
            toClose.add(events::close);
            DefaultConnectionFactory connections = new DefaultConnectionFactory().withHypervisorDriver(new TestDriver());
            List<Membership> members = new ArrayList<>();
            List<ClusterSessionService> sessions = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                var config = TestConfigs.cluster(Map.ofEntries(Map.entry("mode", "external"),
                        Map.entry("connectString", "127.0.0.1:" + PORT), Map.entry("tlsEnabled", true),
                        Map.entry("caFile", files.caFile().toString()), Map.entry("certFile", files.certFile().toString()),
                        Map.entry("keyFile", files.keyFile().toString()), Map.entry("secretFile", secret.toString()),
                        Map.entry("sessionTimeoutMs", 4000), Map.entry("hostUuid", new UUID(1, i).toString()),
                        Map.entry("hostname", "ext-" + i), Map.entry("uris", "test:///default")));
                ClusterSessionService s = new ClusterSessionService(config, dir.resolve("host-" + i), events);
                toClose.add(0, s::close);
                sessions.add(s);
                Membership m = new Membership(config, s, events, connections);
                toClose.add(0, m::close);
                members.add(m);
            }
            for (Membership m : members) {
                Await.until(BOUND, "both hosts' records seen", () -> m.hosts().size() == 2);
            }
            assertThat(members.get(0).hosts()).extracting(ClusterHost::hostname).containsExactly("ext-1", "ext-2");
            assertThat(members.get(1).hosts()).filteredOn(ClusterHost::self).extracting(ClusterHost::hostname)
                    .containsExactly("ext-2");
            assertThat(sessions.get(0).status().mode()).isEqualTo(ClusterMode.EXTERNAL);
            assertThat(sessions.get(0).status().connected()).isTrue();
            assertThat(sessions.get(0).status().ensemble()).isEqualTo("127.0.0.1:" + PORT);
        } finally {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the others still close
                }
            }
            if (server != null) {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            deleteTree(dir);
        }
    }

    private static boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
