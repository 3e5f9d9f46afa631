package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * libvirt's RPC server: listens on UNIX sockets (and loopback TCP when asked); a few {@link SelectorLoop}s
 * (one epoll selector and one leading thread each) read every client and answer each call on the thread that
 * read it; a call still running after {@link SlowCallWatcher#SLOW} gets its loop handed to a new thread, so
 * other clients carry on and one client may have several calls outstanding and get the replies out of order,
 * as libvirt's protocol allows. The threads are thus the loops' plus one per slow call (at most
 * {@link #MAX_SLOW_CALLS}), whatever the number of clients. A client that breaks the framing is disconnected;
 * every other client carries on.
 *
 * <p>A TLS client first handshakes on one of {@link #HANDSHAKE_THREADS} threads (never on a loop: a client that
 * stalls its handshake must not stall others), within its listener's timeout, and joins a loop once let in; until
 * then it holds a client place, so silent connections cannot pile up beyond {@code maxClients}.
 */
public final class RemoteServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteServer.class.getName());

    /** libvirtd's defaults are 5000 clients and 5 requests. */
    static final RemoteDaemon.Limits DEFAULT_LIMITS = new RemoteDaemon.Limits(200, 5);
    private static final int MAX_WORKERS = 64;
    /** Selector loops: each client is served by one of them, chosen in turn. */
    static final int SELECTORS = 2;
    /** Threads inside a slow call at once, their loops led by others (libvirtd's {@code max_workers} is 20). */
    static final int MAX_SLOW_CALLS = 20;
    /** TLS handshakes at once; more wait their turn (their timeout running). */
    static final int HANDSHAKE_THREADS = 4;

    private final ConnectionFactory factory;
    private final List<ListenAddress> addresses;
    private final RemoteDaemon.Limits limits;
    private final ClientProtection protection;
    private final Map<Long, RemoteClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final List<Listener> listeners = new ArrayList<>();
    private ThreadPoolExecutor workers;
    private ThreadPoolExecutor handshakes;
    /** Sockets in a TLS handshake now: each holds a client place; closed on stop. */
    private final Set<SocketChannel> handshaking = ConcurrentHashMap.newKeySet();
    private SlowCallWatcher watcher;
    private final List<SelectorLoop> loops = new ArrayList<>();
    private volatile boolean stopping;

    private record Listener(ListenAddress address, ServerSocketChannel channel, Thread acceptor, String display) {
    }

    /** One read-write UNIX socket with the default limits. */
    public RemoteServer(Path socket, ConnectionFactory factory) {
        this(factory, List.of(ListenAddress.unix(socket, false)), DEFAULT_LIMITS);
    }

    RemoteServer(ConnectionFactory factory, List<ListenAddress> addresses, RemoteDaemon.Limits limits) {
        this(factory, addresses, limits, ClientProtection.Settings.DEFAULTS);
    }

    RemoteServer(ConnectionFactory factory, List<ListenAddress> addresses, RemoteDaemon.Limits limits,
            ClientProtection.Settings protection) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.addresses = List.copyOf(addresses);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.protection = new ClientProtection(Objects.requireNonNull(protection, "protection"));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        if (limits.maxClients() < 1 || limits.maxRequestsPerClient() < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + limits);
        }
    }

    /**
     * Binds every listen address and starts accepting. UNIX sockets get their address's mode: unless configured
     * 0600 (read-write) or 0777 (read-only, like libvirtd's {@code unix_sock_ro_perms}). When one address cannot be bound,
     * those bound already are closed again and their files removed.
     */
    public synchronized void start() throws IOException {
        if (workers != null) {
            throw new IllegalStateException("already started");
        }
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(2, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "virtkit-remote-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy()); // all workers busy: the event thread writes the events itself
        AtomicInteger h = new AtomicInteger();
        handshakes = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "virtkit-remote-tls-handshake-" + h.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        handshakes.allowCoreThreadTimeOut(true);
        List<SelectorLoop> made = new ArrayList<>();
        watcher = new SlowCallWatcher(() -> made, MAX_SLOW_CALLS, "virtkit-remote-slow-calls");
        try {
            for (int i = 1; i <= SELECTORS; i++) {
                made.add(new SelectorLoop("virtkit-remote-selector-" + i, watcher, this::ended));
            }
            loops.addAll(made);
            for (ListenAddress a : addresses) {
                listeners.add(listen(a));
            }
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
        watcher.start();
        for (SelectorLoop l : loops) {
            l.start();
        }
        for (Listener l : listeners) {
            l.acceptor().start();
        }
    }

    private Listener listen(ListenAddress a) throws IOException {
        ServerSocketChannel channel;
        String display;
        if (a.path() != null) {
            channel = UnixSocketFiles.bind(a.path(), a.socketPerms());
            display = a.path().toString();
        } else {
            channel = ServerSocketChannel.open();
            try {
                channel.bind(a.tcp());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw new IOException("cannot listen on " + a.display() + ": " + e.getMessage(), e);
            }
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            display = bound.getAddress().getHostAddress() + ":" + bound.getPort();
        }
        Thread acceptor = new Thread(() -> acceptLoop(a, channel), "virtkit-remote-accept " + display);
        acceptor.setDaemon(true);
        return new Listener(a, channel, acceptor, display);
    }

    /** Closes the listening sockets and every client, and removes the socket files. Idempotent. */
    public synchronized void stop() {
        stopping = true;
        for (Listener l : listeners) {
            closeQuietly(l.channel());
        }
        // acceptors first: one that had just accepted must not register a client after the sweep below
        for (Listener l : listeners) {
            try {
                if (l.acceptor().isAlive()) {
                    l.acceptor().join(5000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (handshakes != null) {
            handshakes.shutdownNow(); // interrupts the handshakes' selects
            try {
                handshakes.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handshakes = null;
        }
        for (SocketChannel s : handshaking) {
            closeQuietly(s);
        }
        for (RemoteClient c : clients.values()) {
            c.close();
        }
        for (SelectorLoop l : loops) {
            l.close();
        }
        loops.clear();
        for (RemoteClient c : clients.values()) {
            c.release();
        }
        clients.clear();
        for (Listener l : listeners) {
            if (l.address().path() != null) {
                try {
                    Files.deleteIfExists(l.address().path());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot remove " + l.address().path(), e);
                }
            }
        }
        listeners.clear();
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The first listen address's socket path (the one-socket constructor's). */
    public Path socket() {
        return addresses.get(0).path();
    }

    public RemoteDaemon.Limits limits() {
        return limits;
    }

    /** The per-client limits and how many clients were cut off for each. */
    public RemoteDaemon.Protection protection() {
        return protection.snapshot();
    }

    /** The protection itself (tests: a peer's connection count). */
    ClientProtection clientProtection() {
        return protection;
    }

    /**
     * How many clients hold a place now, against {@code maxClients}: a closed client counts until its loop has
     * forgotten it (its descriptors are still open until then).
     */
    public int clientCount() {
        return clients.size();
    }

    /** TLS clients in their handshake now (each holds a client place). */
    int handshakeCount() {
        return handshaking.size();
    }

    /** The bound sockets, TCP ones with their actual port, each with its clients as {@link #clients()} shows them. */
    public synchronized List<ListenerInfo> listeners() {
        List<ListenerInfo> result = new ArrayList<>();
        for (Listener l : listeners) {
            int count = (int) shown().filter(c -> c.listener() == l.address()).count();
            result.add(new ListenerInfo(l.address().transport(), l.display(), l.address().readOnly(), count));
        }
        return result;
    }

    /** The connected client {@code id} (as {@link #clients()} lists it), or null: its streams, for the storage calls. */
    RemoteClient client(long id) {
        return clients.get(id);
    }

    /** The clients an operator can still disconnect, oldest first. */
    public List<ClientInfo> clients() {
        return shown().map(RemoteClient::info).sorted(Comparator.comparingLong(ClientInfo::id)).toList();
    }

    /**
     * The clients not closed yet. A closed client stays in {@link #clients} until its loop's leader forgets it,
     * which happens later, on another thread; shown meanwhile, it would be a client the operator sees but cannot
     * disconnect (its session is closed already, its URI gone) - the list and {@link #disconnect} must agree.
     */
    private Stream<RemoteClient> shown() {
        return clients.values().stream().filter(c -> !c.isClosed());
    }

    /**
     * Drops one client, as {@code virt-admin client-disconnect} does: false when no client has that id or it was
     * closed already (disconnected before, its loop not done forgetting it yet), as libvirt's "Client not found".
     */
    public boolean disconnect(long clientId) {
        RemoteClient c = clients.get(clientId);
        return c != null && c.closeIfOpen();
    }

    private void acceptLoop(ListenAddress address, ServerSocketChannel channel) {
        while (channel.isOpen()) {
            SocketChannel socket;
            try {
                socket = channel.accept();
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.log(Level.WARNING, "accept failed on " + address.display(), e);
                }
                return;
            }
            // the peer's own limit first: one peer opening connections in a loop must not fill every client place
            ClientProtection.PeerPlace place = protection.admit(PeerProcess.key(socket));
            if (place == null) {
                LOG.log(Level.FINE, "refusing a client on {0}: its peer holds {1} connections already",
                        new Object[] {address.display(), protection.settings().maxConnectionsPerPeer()});
                closeQuietly(socket);
                continue;
            }
            if (clients.size() + handshaking.size() >= limits.maxClients()) {
                // libvirtd would leave it in the backlog; closing tells the client at once
                LOG.log(Level.WARNING, "refusing a client on {0}: {1} clients already connected",
                        new Object[] {address.display(), clients.size() + handshaking.size()});
                place.close();
                closeQuietly(socket);
                continue;
            }
            if (stopping) {
                place.close();
                closeQuietly(socket);
                return;
            }
            if (address.tls() != null) {
                handshake(address, socket, place);
                continue;
            }
            try {
                serve(address, socket, new ClientChannel(socket), PeerCredentials.identity(socket), place);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // this client goes, the acceptor carries on for the others
                LOG.log(Level.WARNING, "cannot serve a client on " + address.display(), e);
                place.close();
                closeQuietly(socket);
            }
        }
    }

    /** Hands a TLS client to a handshake thread; it joins a loop once let in, or is closed. */
    private void handshake(ListenAddress address, SocketChannel socket, ClientProtection.PeerPlace place) {
        long accepted = System.nanoTime();
        handshaking.add(socket);
        try {
            handshakes.execute(() -> {
                try {
                    TlsServer.Admitted admitted = address.tls().admit(socket, accepted);
                    if (admitted == null || stopping) {
                        place.close();
                        closeQuietly(socket);
                        return;
                    }
                    ClientIdentity identity = new ClientIdentity(Optional.empty(), -1, -1, -1, -1,
                            Optional.of(admitted.distinguishedName()));
                    serve(address, socket, new ClientChannel(socket, admitted.transport()), identity, place);
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    LOG.log(Level.FINE, "TLS client on " + address.display() + " dropped", e);
                    place.close();
                    closeQuietly(socket);
                } finally {
                    handshaking.remove(socket);
                }
            });
        } catch (RuntimeException e) { // rejected: the daemon is stopping
            handshaking.remove(socket);
            place.close();
            closeQuietly(socket);
        }
    }

    /** Makes {@code socket} a client served by one of the loops; on failure nothing of it is left but the socket. */
    private void serve(ListenAddress address, SocketChannel socket, ClientChannel channel, ClientIdentity identity,
            ClientProtection.PeerPlace place) throws IOException {
        long id = nextClientId.getAndIncrement();
        try {
            String peer = PeerCredentials.describe(socket);
            SelectorLoop loop = loops.get((int) (id % loops.size()));
            RemoteClient client = new RemoteClient(id, address, peer, identity, channel, factory,
                    limits.maxRequestsPerClient(), workers, loop, protection, place);
            clients.put(id, client);
            try {
                loop.register(client);
            } catch (IOException | RuntimeException e) {
                clients.remove(id);
                client.close();
                client.release();
                throw e;
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            clients.remove(id);
            throw e;
        }
    }

    /** A client whose connection ended or failed: called by its loop's leader. */
    private void ended(RemoteClient client) {
        clients.remove(client.id());
        client.close();
        client.release(); // its peer's place too: the descriptor is gone
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
