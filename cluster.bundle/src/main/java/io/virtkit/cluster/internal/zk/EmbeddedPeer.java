package io.virtkit.cluster.internal.zk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.cluster.internal.zk.PeerList.Peer;

/**
 * This host's ZooKeeper peer (embedded mode): ZooKeeper's {@link ZooKeeperServerEmbedded} with every peer of the
 * list, TLS between peers and on the client port when {@code tls} is given, never exiting the JVM, no admin server,
 * no four-letter words. Started by the session component before its client.
 * <p>
 * ZooKeeper hands the TLS settings of a server configuration to its servers as JVM system properties
 * ({@code zookeeper.ssl.*}): several peers in one JVM (tests) must share one key store's content.
 */
public final class EmbeddedPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPeer.class);
    private static final int TICK_MS = 500;
    private static final long START_TIMEOUT_MS = 30_000;

    private final Peer self;
    private final ZooKeeperServerEmbedded server;

    /**
     * @param peers            the ensemble
     * @param peerId           this host's peer
     * @param dataDir          the peer's directory (snapshots, logs, key store)
     * @param tls              the host's x509 files, or null for plain TCP (tests, a standalone peer on loopback)
     * @param sessionTimeoutMs the timeout the clients ask for: the peer must grant it
     */
    public EmbeddedPeer(PeerList peers, int peerId, Path dataDir, TlsFiles tls, int sessionTimeoutMs)
            throws Exception {
        this.self = peers.self(peerId);
        Files.createDirectories(dataDir.resolve("data"));
        Properties p = configuration(peers, dataDir, tls, sessionTimeoutMs);
        if (peers.peers().size() > 1) {
            Files.writeString(dataDir.resolve("data/myid"), Integer.toString(peerId), StandardCharsets.US_ASCII);
        }
        this.server = withOwnClassLoader(() -> ZooKeeperServerEmbedded.builder().baseDir(dataDir).configuration(p)
                .exitHandler(ExitHandler.LOG_ONLY).build());
    }

    /**
     * Runs {@code action} with this bundle's class loader as the thread's context class loader: ZooKeeper loads
     * classes it names in its configuration (the metrics provider, ...) through the context class loader, which in
     * an OSGi framework is not the bundle's (in Karaf: "metrics provider class was not found"); the threads the peer
     * starts inherit it.
     */
    private static <T> T withOwnClassLoader(java.util.concurrent.Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedPeer.class.getClassLoader());
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private Properties configuration(PeerList peers, Path dataDir, TlsFiles tls, int sessionTimeoutMs)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("dataDir", dataDir.resolve("data").toAbsolutePath().toString());
        p.setProperty("tickTime", Integer.toString(TICK_MS));
        p.setProperty("initLimit", "20");
        p.setProperty("syncLimit", "4");
        // the granted timeout is clamped to [min, max]: let the configured one through
        p.setProperty("minSessionTimeout", Integer.toString(2 * TICK_MS));
        p.setProperty("maxSessionTimeout", Integer.toString(Math.max(20 * TICK_MS, sessionTimeoutMs)));
        p.setProperty("admin.enableServer", "false");
        p.setProperty("4lw.commands.whitelist", "");
        p.setProperty("autopurge.purgeInterval", "1");
        boolean distributed = peers.peers().size() > 1;
        if (distributed) {
            p.setProperty("standaloneEnabled", "false");
            p.setProperty("reconfigEnabled", "false");
            for (Peer peer : peers.peers()) {
                p.setProperty("server." + peer.id(), peer.address() + ":" + peer.quorumPort() + ":"
                        + peer.electionPort() + ":participant");
            }
        }
        if (tls == null) {
            p.setProperty("clientPort", Integer.toString(self.clientPort()));
            p.setProperty("clientPortAddress", self.address());
            return p;
        }
        Path keyStore = tls.keyStore(dataDir.resolve("tls"));
        Path trustStore = tls.trustStore();
        p.setProperty("secureClientPort", Integer.toString(self.clientPort()));
        p.setProperty("secureClientPortAddress", self.address());
        p.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        for (String prefix : new String[] {"ssl.", "ssl.quorum."}) {
            p.setProperty(prefix + "keyStore.location", keyStore.toString());
            p.setProperty(prefix + "keyStore.type", "PEM");
            p.setProperty(prefix + "trustStore.location", trustStore.toString());
            p.setProperty(prefix + "trustStore.type", "PEM");
            p.setProperty(prefix + "clientAuth", "need");
        }
        // clients are known by their CA-signed certificate and the cluster secret, not by the address they come from
        p.setProperty("ssl.clientHostnameVerification", "false");
        if (distributed) {
            p.setProperty("sslQuorum", "true");
        }
        return p;
    }

    /** Starts the peer; a peer of an ensemble serves once a quorum of peers has started. */
    public void start() throws Exception {
        withOwnClassLoader(() -> {
            server.start(START_TIMEOUT_MS);
            return null;
        });
        LOG.info("ZooKeeper peer {} started on {}", self.id(), self.clientAddress());
    }

    public Peer self() {
        return self;
    }

    @Override
    public void close() {
        server.close();
    }
}
