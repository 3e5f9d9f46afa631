package io.virtkit.netdev.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The one thread that does all kernel work of a driver state. Bridges, TAPs, netlink sockets and
 * /proc/sys/net writes all act in the network namespace of the calling thread, so doing them on one
 * thread, which entered its namespace once (the host's in production, a test's in tests), keeps them
 * all in the same place. Holds the netlink socket opened on that thread.
 */
final class NetdevThread implements AutoCloseable {

    private final ExecutorService executor;
    private final Rtnetlink netlink;

    NetdevThread(Runnable setup) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netdev");
            t.setDaemon(true);
            return t;
        });
        try {
            netlink = call(() -> {
                setup.run();
                return Rtnetlink.open();
            });
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    Rtnetlink netlink() {
        return netlink;
    }

    private volatile Thread netlinkThread;

    /** Runs {@code task} on the kernel thread and waits; its exceptions surface unchanged. */
    <T> T call(Callable<T> task) {
        if (netlinkThread == Thread.currentThread()) {
            return callHere(task);
        }
        Future<T> f;
        try {
            f = executor.submit(() -> {
                netlinkThread = Thread.currentThread();
                return task.call();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network driver is closed");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, String.valueOf(c.getMessage()), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.NETWORK, "interrupted");
        }
    }

    void run(ThrowingRunnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static <T> T callHere(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            netlink.close();
        } finally {
            executor.shutdownNow();
        }
    }
}
