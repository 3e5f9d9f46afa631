package io.virtkit.cluster.internal.zk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.api.cluster.ClusterStatus;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.support.HostUuid;

/**
 * This host's ZooKeeper session (pid {@code io.virtkit.cluster}): in embedded mode it first starts this host's
 * peer, then a Curator client (retrying forever) on the ensemble, with TLS, the cluster secret and its ACL. An
 * unreachable ensemble never fails the activation: the host runs alone and says so in {@link #status()} until the
 * ensemble answers. A file it cannot read (secret, TLS) is logged and shown in the status, naming the file.
 * Publishes QUORUM_LOST / QUORUM_REGAINED.
 */
@Component(service = ClusterSession.class, immediate = true, configurationPid = "io.virtkit.cluster",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ClusterSessionService implements ClusterSession {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSessionService.class);
    /**
     * ZooKeeper loads classes it names in its configuration (metrics provider, socket factories) through the
     * thread's context class loader: in OSGi that must be this bundle's, and the threads it starts inherit it.
     */
    private static final ClassLoader BUNDLE_LOADER = ClusterSessionService.class.getClassLoader();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ClusterMode mode;
    private final UUID hostUuid;
    private final String hostname;
    private final int configuredTimeoutMs;
    private final ClusterEventBus events;
    private final String ensemble;
    private final EmbeddedPeer peer;
    private final CuratorFramework curator;
    private final Heartbeat heartbeat;
    private final ScheduledExecutorService timer;
    private final CopyOnWriteArrayList<Consumer<SessionChange>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sessionId = new AtomicLong();
    private volatile String setupError = "";
    private volatile String peerProblem = "";
    private volatile boolean connected;
    private volatile int grantedTimeoutMs;
    private volatile LocalTime unreachableSince = LocalTime.now(ZoneOffset.UTC);

    @Activate
    public ClusterSessionService(ClusterConfig config, BundleContext context, @Reference ClusterEventBus events) {
        this(config, dataDir(config, context), events);
    }

    public ClusterSessionService(ClusterConfig config, Path dataDir, ClusterEventBus events) {
        this.mode = "external".equalsIgnoreCase(config.mode().strip()) ? ClusterMode.EXTERNAL : ClusterMode.EMBEDDED;
        this.hostUuid = HostUuid.of(config.hostUuid(), ErrorDomain.CONF);
        this.hostname = config.hostname().isBlank() ? systemHostname() : config.hostname().strip();
        this.configuredTimeoutMs = config.sessionTimeoutMs();
        this.grantedTimeoutMs = configuredTimeoutMs;
        this.events = events;
        TlsFiles tls = config.tlsEnabled() ? TlsFiles.of(config) : null;
        PeerList peers = mode == ClusterMode.EMBEDDED ? PeerList.parse(config) : null;
        this.ensemble = peers != null ? peers.connectString() : config.connectString().strip();
        this.peer = peers != null ? startPeer(peers, config, dataDir, tls) : null;
        if (ensemble.isEmpty()) {
            setupFailed("cluster connectString is empty in external mode");
        }
        ZKClientConfig clientConfig = clientConfig(tls, dataDir);
        ClusterSecret secret = readSecret(Path.of(config.secretFile()));
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(ensemble.isEmpty() ? "127.0.0.1:1" : ensemble)
                .sessionTimeoutMs(configuredTimeoutMs)
                .connectionTimeoutMs(Math.min(configuredTimeoutMs, 5000))
                // the ZooKeeper client reconnects forever by itself (and Curator makes a new session after an
                // expiry); an operation retries for one session timeout, then fails with a connection loss that
                // its caller turns into noQuorum
                .retryPolicy(new RetryUntilElapsed(configuredTimeoutMs, 250))
                .namespace(config.rootPath().replaceAll("^/+", ""))
                .ensembleTracker(false)
                .zkClientConfig(clientConfig);
        if (secret != null) {
            builder.authorization("digest", secret.auth()).aclProvider(secret.aclProvider());
        }
        this.curator = builder.build();
        this.heartbeat = new Heartbeat(curator, ZkPaths.host(hostUuid), this::hasQuorum);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "virtkit-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (setupError.isEmpty()) {
            curator.getConnectionStateListenable().addListener((c, state) -> stateChanged(state));
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(BUNDLE_LOADER);
            try {
                curator.start();
            } finally {
                thread.setContextClassLoader(previous);
            }
            heartbeat.schedule(timer, Math.max(100, configuredTimeoutMs / 6));
            timer.schedule(this::warnIfAlone, Math.min(configuredTimeoutMs, 5000), TimeUnit.MILLISECONDS);
        }
    }

    private EmbeddedPeer startPeer(PeerList peers, ClusterConfig config, Path dataDir, TlsFiles tls) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BUNDLE_LOADER);
        try {
            EmbeddedPeer p = new EmbeddedPeer(peers, config.peerId(), dataDir, tls, configuredTimeoutMs);
            p.start();
            return p;
        } catch (VirtException e) {
            // a file the peer needs: the client needs it too and fails alike
            setupFailed(e.getMessage());
        } catch (Exception e) {
            // the others' peers may still make a quorum: the client tries them
            peerProblem = "ZooKeeper peer " + config.peerId() + " did not start: " + e;
            LOG.error("cluster: {}", peerProblem, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return null;
    }

    private ZKClientConfig clientConfig(TlsFiles tls, Path dataDir) {
        if (tls != null && setupError.isEmpty()) {
            try {
                return tls.clientConfig(dataDir.resolve("tls"));
            } catch (VirtException e) {
                setupFailed(e.getMessage());
            }
        }
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        return c;
    }

    private ClusterSecret readSecret(Path file) {
        try {
            return ClusterSecret.read(file);
        } catch (VirtException e) {
            setupFailed(e.getMessage());
            return null;
        }
    }

    private void setupFailed(String message) {
        LOG.error("cluster: {}", message);
        if (setupError.isEmpty()) {
            setupError = message;
        }
    }

    private void stateChanged(ConnectionState state) {
        SessionChange change;
        if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
            long id = currentSessionId();
            long previous = sessionId.getAndSet(id);
            grantedTimeoutMs = currentTimeout();
            change = previous == 0 ? SessionChange.CONNECTED
                    : previous != id ? SessionChange.NEW_SESSION : SessionChange.RECONNECTED;
            boolean wasAlone = !connected;
            connected = true;
            heartbeat.beat();
            if (wasAlone && previous != 0) {
                LOG.info("cluster: quorum reached again ({})", change);
                events.publish(ClusterEventType.QUORUM_REGAINED, hostUuid, null, change.name());
            }
        } else {
            change = state == ConnectionState.LOST ? SessionChange.LOST : SessionChange.SUSPENDED;
            if (connected) {
                connected = false;
                unreachableSince = LocalTime.now(ZoneOffset.UTC);
                LOG.warn("cluster: {}", aloneMessage());
                events.publish(ClusterEventType.QUORUM_LOST, hostUuid, null, aloneMessage());
            }
        }
        for (Consumer<SessionChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("cluster: a session listener failed on {}", change, e);
            }
        }
    }

    private void warnIfAlone() {
        if (!connected && sessionId.get() == 0) {
            LOG.warn("cluster: {}", aloneMessage());
        }
    }

    private String aloneMessage() {
        return "ensemble unreachable (no quorum at " + ensemble + " since "
                + unreachableSince.truncatedTo(ChronoUnit.SECONDS).format(CLOCK) + " UTC): this host runs alone";
    }

    private long currentSessionId() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    private int currentTimeout() {
        try {
            ZooKeeper zk = curator.getZookeeperClient().getZooKeeper();
            int granted = zk.getSessionTimeout();
            return granted > 0 ? granted : configuredTimeoutMs;
        } catch (Exception e) {
            return configuredTimeoutMs;
        }
    }

    @Override
    public CuratorFramework curator() {
        return curator;
    }

    @Override
    public UUID hostUuid() {
        return hostUuid;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public ClusterStatus status() {
        boolean up = hasQuorum();
        String message = !setupError.isEmpty() ? setupError
                : !peerProblem.isEmpty() ? peerProblem + (up ? "" : "; " + aloneMessage()) : up ? "" : aloneMessage();
        return new ClusterStatus(mode, up, hostUuid, hostname, ensemble, message);
    }

    @Override
    public boolean hasQuorum() {
        return connected && setupError.isEmpty();
    }

    @Override
    public int sessionTimeoutMs() {
        return grantedTimeoutMs;
    }

    @Override
    public long lastContactNanos() {
        return heartbeat.lastContactNanos();
    }

    @Override
    public long sessionId() {
        return sessionId.get();
    }

    @Override
    public Registration onChange(Consumer<SessionChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public VirtException noQuorum(String what) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE, "cluster has no quorum: " + what);
    }

    /** The embedded peer, if this host runs one and it started. */
    EmbeddedPeer peer() {
        return peer;
    }

    @Deactivate
    public void close() {
        timer.shutdownNow();
        curator.close();
        if (peer != null) {
            peer.close();
        }
    }

    private static Path dataDir(ClusterConfig config, BundleContext context) {
        if (!config.dataDir().isBlank()) {
            return Path.of(config.dataDir().strip());
        }
        String karafData = context.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "virtkit", "cluster", "zookeeper");
        }
        // outside Karaf: the bundle's own storage area of the framework
        java.io.File storage = context.getDataFile("zookeeper");
        return storage != null ? storage.toPath()
                : Path.of(System.getProperty("java.io.tmpdir"), "virtkit-cluster-" + System.getProperty("user.name"));
    }

    private static String systemHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
