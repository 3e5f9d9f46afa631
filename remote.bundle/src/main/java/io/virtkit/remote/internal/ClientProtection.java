package io.virtkit.remote.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.virtkit.api.admin.RemoteDaemon;

/**
 * What the daemon does to one client that would starve the others, and how often it had to: the per-peer connection
 * count (closed at accept beyond {@link Settings#maxConnectionsPerPeer}), and the counters of clients cut off for
 * input that is not libvirt's protocol, for too many event callbacks and for replies they do not read. One per
 * {@link RemoteServer}; thread-safe.
 */
final class ClientProtection {

    /**
     * @param maxConnectionsPerPeer connections one peer (a process on a UNIX socket, an address over TCP/TLS) may hold
     * @param maxEventCallbacks event callbacks one client may register; the next one is refused and the client cut off
     * @param maxUnreadReplyBytes bytes of replies and events one client may leave unread behind the packet being
     *        written to it; the next packet beyond that cuts it off
     */
    record Settings(int maxConnectionsPerPeer, int maxEventCallbacks, long maxUnreadReplyBytes) {
        /**
         * One peer may hold half of the default 200 client places, far above what one program opens (libvirt's clients
         * open one connection per URI); 1024 event callbacks, where libvirt's clients register one per event and filter;
         * 8 MiB unread behind the reply being written, some thousands of events or replies.
         */
        static final Settings DEFAULTS = new Settings(100, 1024, 8L * 1024 * 1024);

        Settings {
            if (maxConnectionsPerPeer < 1 || maxEventCallbacks < 1 || maxUnreadReplyBytes < 1) {
                throw new IllegalArgumentException("protection limits must be at least 1: " + maxConnectionsPerPeer
                        + ", " + maxEventCallbacks + ", " + maxUnreadReplyBytes);
            }
        }
    }

    /** Why a client was cut off; each client is counted once, for the first cause. */
    enum Cause {
        BAD_INPUT, CALLBACKS, UNREAD_REPLIES
    }

    private final Settings settings;
    private final Map<String, Integer> perPeer = new ConcurrentHashMap<>();
    private final AtomicLong cutForConnections = new AtomicLong();
    private final AtomicLong cutForBadInput = new AtomicLong();
    private final AtomicLong cutForCallbacks = new AtomicLong();
    private final AtomicLong cutForUnreadReplies = new AtomicLong();

    ClientProtection(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /**
     * One more connection of {@code peer}: its place, to give back once the connection is gone; null when the peer
     * holds its maximum already (the connection must be closed, and is counted).
     */
    PeerPlace admit(String peer) {
        boolean[] admitted = {false};
        perPeer.compute(peer, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= settings.maxConnectionsPerPeer()) {
                return n;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0]) {
            cutForConnections.incrementAndGet();
            return null;
        }
        return new PeerPlace(peer);
    }

    /** How many connections {@code peer} holds now (tests). */
    int connections(String peer) {
        return perPeer.getOrDefault(peer, 0);
    }

    /** Counts one client cut off for {@code cause}. */
    void cutOff(Cause cause) {
        switch (cause) {
            case BAD_INPUT -> cutForBadInput.incrementAndGet();
            case CALLBACKS -> cutForCallbacks.incrementAndGet();
            case UNREAD_REPLIES -> cutForUnreadReplies.incrementAndGet();
            default -> throw new IllegalArgumentException(cause.toString());
        }
    }

    /** The limits and counters as {@code RemoteDaemon.protection()} reports them. */
    RemoteDaemon.Protection snapshot() {
        return new RemoteDaemon.Protection(settings.maxConnectionsPerPeer(), settings.maxEventCallbacks(),
                settings.maxUnreadReplyBytes(), cutForConnections.get(), cutForBadInput.get(), cutForCallbacks.get(),
                cutForUnreadReplies.get());
    }

    /** One connection's place among its peer's; given back once (harmless twice). */
    final class PeerPlace implements AutoCloseable {
        private final String peer;
        private final AtomicBoolean released = new AtomicBoolean();

        private PeerPlace(String peer) {
            this.peer = peer;
        }

        String peer() {
            return peer;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                perPeer.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
