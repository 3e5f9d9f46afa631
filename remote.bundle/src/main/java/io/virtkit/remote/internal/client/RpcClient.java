package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.remote.internal.Header;
import io.virtkit.remote.internal.Packet;
import io.virtkit.remote.internal.RemoteError;
import io.virtkit.remote.internal.XdrException;

/**
 * libvirt's RPC client side ({@code virNetClient}) on one socket: calls of the remote program numbered by serial and
 * sent from any thread, their replies matched by serial by one reader thread, so several calls may be outstanding
 * at once; keepalive as libvirt's client keeps it; asynchronous messages (events) handed to a sink. Once the socket
 * fails, every waiting and later call fails with the reason.
 */
final class RpcClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RpcClient.class.getName());

    /**
     * libvirt's keepalive: after {@code interval} without a packet from the peer a PING goes out, and after
     * {@code count} unanswered ones the connection is given up.
     */
    record KeepAlive(Duration interval, int count) {
        /** libvirt.conf's client defaults, {@code keepalive_interval = 5} and {@code keepalive_count = 5}. */
        static final KeepAlive LIBVIRT = new KeepAlive(Duration.ofSeconds(5), 5);
    }

    private final ClientSocket socket;
    private final Consumer<Packet> messages;
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Packet>> pending = new ConcurrentHashMap<>();
    private final Object sending = new Object();
    private final AtomicReference<VirtException> closed = new AtomicReference<>();
    private final Thread reader;
    private volatile long lastReceived = System.nanoTime();
    private volatile int countToDeath;
    private volatile int keepAliveCount;
    private volatile ScheduledExecutorService keepAliveTimer;

    /**
     * Starts reading {@code socket}.
     *
     * @param name names the reader thread (the peer)
     * @param messages receives the remote program's MESSAGE packets (events), on the reader thread
     */
    RpcClient(ClientSocket socket, String name, Consumer<Packet> messages) {
        this.socket = socket;
        this.messages = messages;
        this.reader = new Thread(this::readLoop, "virtkit-rpc-client " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Calls {@code procedure} of the remote program with the XDR {@code args} and returns the reply's body; an
     * error reply is thrown as the peer's error.
     *
     * @param timeout how long to wait for the reply, or null to wait as long as the connection lives (a migration
     *        step may take minutes; keepalive notices a dead peer)
     */
    byte[] call(int procedure, byte[] args, Duration timeout) {
        int serial = serials.incrementAndGet();
        CompletableFuture<Packet> reply = new CompletableFuture<>();
        pending.put(serial, reply);
        try {
            failIfClosed();
            send(new Packet(new Header(Header.REMOTE_PROGRAM, Header.REMOTE_VERSION, procedure, Header.CALL, serial,
                    Header.OK), args));
            Packet answer = timeout == null ? reply.get() : reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.header().status() == Header.OK) {
                return answer.body();
            }
            throw RemoteError.decode(answer.body());
        } catch (ExecutionException e) {
            throw copy((VirtException) e.getCause());
        } catch (TimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                    "no reply to remote procedure " + procedure + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                    "interrupted while waiting for remote procedure " + procedure);
        } catch (XdrException e) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "cannot decode error reply: " + e.getMessage());
        } finally {
            pending.remove(serial);
        }
    }

    /**
     * Starts libvirt's keepalive: the peer said it answers PINGs (CONNECT_SUPPORTS_FEATURE PROGRAM_KEEPALIVE).
     * Harmless twice.
     */
    synchronized void startKeepAlive(KeepAlive settings) {
        if (keepAliveTimer != null || closed.get() != null) {
            return;
        }
        keepAliveCount = settings.count();
        countToDeath = settings.count();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, reader.getName() + " keepalive");
            t.setDaemon(true);
            return t;
        });
        long period = settings.interval().toNanos();
        timer.scheduleAtFixedRate(() -> keepAliveTick(settings), period, period, TimeUnit.NANOSECONDS);
        keepAliveTimer = timer;
    }

    /** libvirt's keepalive timer: quiet for a whole interval → a PING, or death when none is left to send. */
    private void keepAliveTick(KeepAlive settings) {
        if (System.nanoTime() - lastReceived < settings.interval().toNanos()) {
            return;
        }
        if (countToDeath <= 0) {
            fail(new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                    "connection closed due to keepalive timeout"));
            return;
        }
        countToDeath--;
        sendQuietly(keepAlive(Header.KEEPALIVE_PING));
    }

    /** Whether the connection still works: not closed by the caller, the peer, or keepalive. */
    boolean isAlive() {
        return closed.get() == null;
    }

    /** Why the connection stopped working, or null while it works. */
    VirtException closedReason() {
        return closed.get();
    }

    private void readLoop() {
        try {
            while (closed.get() == null) {
                Packet packet = Packet.read(socket.in());
                if (packet == null) {
                    fail(new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                            "End of file while reading data: Input/output error"));
                    return;
                }
                lastReceived = System.nanoTime();
                countToDeath = keepAliveCount; // any packet shows the peer alive, as libvirt counts
                dispatch(packet);
            }
        } catch (XdrException e) {
            fail(new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "malformed packet from the daemon: " + e.getMessage()));
        } catch (IOException e) {
            fail(new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "Cannot recv data: " + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
    }

    private void dispatch(Packet packet) {
        Header h = packet.header();
        if (h.program() == Header.KEEPALIVE_PROGRAM) {
            if (h.type() == Header.MESSAGE && h.procedure() == Header.KEEPALIVE_PING) {
                sendQuietly(keepAlive(Header.KEEPALIVE_PONG));
            }
            return; // a PONG: its arrival was the point
        }
        if (h.program() != Header.REMOTE_PROGRAM) {
            return;
        }
        if (h.type() == Header.REPLY) {
            CompletableFuture<Packet> waiting = pending.get(h.serial());
            if (waiting != null) {
                waiting.complete(packet);
            }
        } else if (h.type() == Header.MESSAGE) {
            try {
                messages.accept(packet);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an event from the daemon could not be delivered", e);
            }
        }
    }

    private static Packet keepAlive(int procedure) {
        return new Packet(new Header(Header.KEEPALIVE_PROGRAM, Header.KEEPALIVE_VERSION, procedure, Header.MESSAGE, 0,
                Header.OK), new byte[0]);
    }

    private void send(Packet packet) {
        try {
            synchronized (sending) {
                packet.write(socket.out());
            }
        } catch (IOException e) {
            VirtException reason = new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "Cannot write data: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            fail(reason);
            throw copy(reason);
        }
    }

    private void sendQuietly(Packet packet) {
        try {
            send(packet);
        } catch (VirtException e) {
            // the connection is failed already, with the reason
        }
    }

    private void failIfClosed() {
        VirtException reason = closed.get();
        if (reason != null) {
            throw copy(reason);
        }
    }

    /** Closes the socket for {@code reason}; every waiting call fails with it. The first reason stays. */
    private void fail(VirtException reason) {
        if (!closed.compareAndSet(null, reason)) {
            return;
        }
        ScheduledExecutorService timer;
        synchronized (this) {
            timer = keepAliveTimer;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        socket.close();
        for (CompletableFuture<Packet> waiting : pending.values()) {
            waiting.completeExceptionally(reason);
        }
    }

    /** The same error, thrown again in the caller's thread. */
    private static VirtException copy(VirtException e) {
        return VirtException.withMessage(e.code(), e.domain(), e.getMessage());
    }

    /** Closes the socket; later calls fail with libvirt's "client socket is closed". */
    @Override
    public void close() {
        fail(new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed"));
        if (Thread.currentThread() != reader) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
