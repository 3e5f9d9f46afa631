package io.virtkit.lxc.internal.cgroup;

import java.util.Optional;

import io.virtkit.support.process.PidFd;

/**
 * How the kill loops reach the processes a group lists: the process holding a pid is opened as a handle
 * bound to it, so that a pid reused by another process meanwhile is never signalled. The kernel's
 * pidfds in the driver, fakes in tests.
 */
interface ProcessOpener {

    /** A handle on the process that holds {@code pid} now; empty when none does. */
    Optional<Opened> open(long pid);

    /** One opened process. */
    interface Opened extends AutoCloseable {
        /** SIGKILL to the opened process; false when it has been reaped already. */
        boolean kill();

        @Override
        void close();
    }

    ProcessOpener PIDFD = pid -> PidFd.open(pid).map(fd -> new Opened() {
        @Override
        public boolean kill() {
            return fd.signal(PidFd.SIGKILL);
        }

        @Override
        public void close() {
            fd.close();
        }
    });
}
