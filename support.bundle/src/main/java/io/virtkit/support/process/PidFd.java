package io.virtkit.support.process;

import java.time.Duration;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One process through a Linux pidfd (5.3+): bound to that process, not to its pid. A pid is free for
 * the next fork as soon as its process has been reaped, and with {@code pid_max} 32768 and a busy host
 * it comes back within seconds; a signal through a pidfd never reaches the newcomer, and its exit is
 * that process's own (the JDK's {@link ProcessHandle#onExit()} of a process that is not our child
 * watches the pid, and its pending completion for an ended process fires for whatever takes the pid
 * next).
 *
 * <p>Blocking waits poll a duplicate of the descriptor, so {@link #close()} never pulls the number
 * from under a thread in poll(2).
 */
public final class PidFd implements AutoCloseable {

    /** Linux's syscall numbers, the same on every architecture since 5.1 (the unified table). */
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final short POLLIN = 1;
    private static final int EINTR = 4;

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private final long pid;
    private int fd; // guarded by this; -1 once closed or when the process was already gone

    private PidFd(long pid, int fd) {
        this.pid = pid;
        this.fd = fd;
    }

    /** The process that holds {@code pid} now; empty when none does (or it is not a thread-group leader). */
    public static Optional<PidFd> open(long pid) {
        int fd = (int) C.INSTANCE.syscall(SYS_PIDFD_OPEN, pid, 0L);
        return fd < 0 ? Optional.empty() : Optional.of(new PidFd(pid, fd));
    }

    /**
     * The process {@code process} stands for, or one that has already exited when that process is gone
     * (its pid may hold another process by now: the handle's start time tells them apart).
     */
    public static PidFd of(ProcessHandle process) {
        Optional<PidFd> opened = open(process.pid());
        if (opened.isPresent()) {
            PidFd p = opened.get();
            // opened first, checked second: if the pid's holder is still the handle's process now and the
            // descriptor's process has not exited, the two are one (the pid cannot change hands meanwhile)
            if (process.isAlive() && !p.hasExited()) {
                return p;
            }
            p.close();
        }
        return new PidFd(process.pid(), -1);
    }

    public long pid() {
        return pid;
    }

    /** Whether the process has ended (a zombie counts as ended); true once closed. */
    public synchronized boolean hasExited() {
        return fd < 0 || poll(fd, 0);
    }

    /** Sends {@code signal} to this process; false when it has been reaped already or this is closed. */
    public synchronized boolean signal(int signal) {
        return fd >= 0 && C.INSTANCE.syscall(SYS_PIDFD_SEND_SIGNAL, (long) fd, (long) signal, Pointer.NULL, 0L) == 0;
    }

    /** Waits up to {@code timeout} for the process to end; true when it has (or this is closed). */
    public boolean awaitExit(Duration timeout) {
        int dup;
        synchronized (this) {
            if (fd < 0) {
                return true;
            }
            dup = C.INSTANCE.fcntl(fd, F_DUPFD_CLOEXEC, 0);
        }
        if (dup < 0) {
            throw new IllegalStateException("cannot duplicate the pidfd of " + pid + ": errno " + Native.getLastError());
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
                if (poll(dup, (int) Math.min(left, Integer.MAX_VALUE))) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
            }
        } finally {
            C.INSTANCE.close(dup);
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            C.INSTANCE.close(fd);
            fd = -1;
        }
    }

    /** poll(2) for readability, which a pidfd gets when its process exits; EINTR counts as not yet. */
    private boolean poll(int descriptor, int timeoutMillis) {
        try (Memory pollfd = new Memory(8)) { // struct pollfd { int fd; short events; short revents; }
            pollfd.setInt(0, descriptor);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            int n = C.INSTANCE.poll(pollfd, 1, timeoutMillis);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == EINTR) {
                    return false;
                }
                throw new IllegalStateException("poll on the pidfd of " + pid + " failed: errno " + errno);
            }
            return n > 0 && pollfd.getShort(6) != 0;
        }
    }

    @Override
    public String toString() {
        return "PidFd[" + pid + "]";
    }

    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        long syscall(long number, Object... args);

        int poll(Pointer fds, long nfds, int timeout);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }
}
