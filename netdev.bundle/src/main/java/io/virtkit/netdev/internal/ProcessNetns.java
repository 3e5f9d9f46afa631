package io.virtkit.netdev.internal;

import com.sun.jna.LastErrorException;
import java.util.concurrent.atomic.AtomicReference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Netlink work in the network namespace of another process (a container's init), without nsenter: a
 * thread of its own enters the namespace with setns(2), which changes only the calling thread, opens a
 * netlink socket there, does the work and ends, so no thread that serves anything else ever changes
 * namespace.
 */
final class ProcessNetns {
    private ProcessNetns() {
    }

    interface Work {
        void run(Rtnetlink netlink);
    }

    /** Runs {@code work} with a netlink socket in the network namespace of {@code pid}; its errors surface. */
    static void run(long pid, Work work) {
        String path = "/proc/" + pid + "/ns/net";
        int fd;
        try {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NetdevErrors.system(LibC.errno(e), "failed to open network namespace of process " + pid, e);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                try {
                    LibC.setns(fd, LibC.CLONE_NEWNET);
                } catch (LastErrorException e) {
                    throw NetdevErrors.system(LibC.errno(e), "failed to enter network namespace of process " + pid, e);
                }
                try (Rtnetlink nl = Rtnetlink.open()) {
                    work.run(nl);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "netdev-netns-" + pid);
        t.setDaemon(true);
        try {
            t.start();
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.NONE, "interrupted", e);
        } finally {
            LibC.closeQuietly(fd);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
    }
}
