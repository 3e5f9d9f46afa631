package io.virtkit.qemu.internal.qmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads behind QMP connections, shared by any number of them: one selector thread reads every monitor
 * socket registered here (it parses QEMU's lines and completes the waiting callers; nothing on it blocks),
 * and a bounded pool delivers events and disconnects, in order per connection, never two of one connection
 * at once. A driver with 100 running guests so has one QMP thread plus at most {@code deliveryThreads}, not a
 * reader and a dispatcher per guest.
 *
 * <p>The pool's threads end after {@value #IDLE_SECONDS} s without work. {@link #close()} ends every
 * connection still registered (their callers get "QEMU monitor was closed", their {@code onDisconnect} runs).
 */
public final class QmpMonitors implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QmpMonitors.class.getName());
    private static final long IDLE_SECONDS = 30;

    private final Selector selector;
    private final Thread selectorThread;
    private final ThreadPoolExecutor deliveries;
    private final Queue<QmpClient> toRegister = new ConcurrentLinkedQueue<>();
    /** One read buffer for every connection: only the selector thread reads. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean closed;

    /**
     * @param readerName      the selector thread's name
     * @param deliveryName    the delivery threads' name
     * @param deliveryThreads at most this many event sinks and disconnect handlers run at once
     */
    public QmpMonitors(String readerName, String deliveryName, int deliveryThreads) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for QMP monitors", e);
        }
        this.deliveries = new ThreadPoolExecutor(deliveryThreads, deliveryThreads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, deliveryName));
        deliveries.allowCoreThreadTimeOut(true);
        this.selectorThread = daemon(this::selectLoop, readerName);
        selectorThread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A new per-connection executor: its tasks run one after another, in order, on the shared pool. */
    Serial newSerialExecutor() {
        return new Serial(deliveries);
    }

    /** Has the selector thread read {@code client}'s socket (non-blocking by now) from now on. */
    void register(QmpClient client) {
        if (closed) {
            throw new RejectedExecutionException("QMP monitors closed");
        }
        toRegister.add(client);
        selector.wakeup();
    }

    private void selectLoop() {
        try {
            while (!closed) {
                selector.select();
                QmpClient added;
                while ((added = toRegister.poll()) != null) {
                    try {
                        added.channel().register(selector, SelectionKey.OP_READ, added);
                    } catch (ClosedChannelException e) {
                        // closed before it was registered: its teardown has run already
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    readFrom(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.ERROR, "QMP selector thread failed; closing its monitors", e);
        } finally {
            closed = true;
            List<QmpClient> left = new ArrayList<>(toRegister);
            try {
                for (SelectionKey key : selector.keys()) {
                    left.add((QmpClient) key.attachment());
                }
            } catch (RuntimeException e) {
                // selector already closed
            }
            for (QmpClient client : left) {
                client.close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing more to release
            }
            deliveries.shutdown(); // queued deliveries (the disconnects just above) still run
        }
    }

    /**
     * One monitor's input. Its key can be cancelled by a close on another thread between the checks (a
     * CancelledKeyException): that monitor is ending and nothing is to be read. A failure of one monitor
     * closes that monitor only, never the thread that reads all the others.
     */
    private void readFrom(SelectionKey key) {
        QmpClient client = (QmpClient) key.attachment();
        try {
            if (key.isValid() && key.isReadable()) {
                client.readAvailable(readBuffer);
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile: its teardown runs on the closing thread
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "QMP monitor failed while reading; closing it", e);
            client.close();
        }
    }

    /** Makes the selector thread look at its keys now (a closed channel is dropped only then). */
    void wakeup() {
        selector.wakeup();
    }

    /** Ends every connection still registered and the threads; never blocks. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }

    /**
     * Runs its tasks one at a time, in submission order, on the shared pool; {@link #shutdown()} refuses
     * later ones (what was submitted before still runs).
     */
    static final class Serial implements Executor {
        private final Executor pool;
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean draining;
        private boolean shutdown;

        Serial(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (shutdown) {
                    throw new RejectedExecutionException("closed");
                }
                tasks.add(task);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    tasks.remove(task);
                    draining = false;
                }
                throw e;
            }
        }

        synchronized void shutdown() {
            shutdown = true;
        }

        private void drain() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = tasks.poll();
                    if (task == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "QMP delivery failed", e);
                }
            }
        }
    }
}
