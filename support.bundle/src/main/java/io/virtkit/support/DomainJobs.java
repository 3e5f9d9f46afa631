package io.virtkit.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * One domain's jobs, libvirt's job model ({@code virDomainJobObj}): every operation on a domain runs as a
 * job of a kind, and the kinds decide what may run together.
 * <ul>
 * <li>{@link Kind#MODIFY} (define, start, device changes, pause …) and {@link Kind#DESTROY} run one at a
 * time: a redefinition cannot overwrite a concurrent device change (no lost update).</li>
 * <li>{@link Kind#QUERY} jobs (statistics, info, XML) only read; they run beside each other and beside a
 * MODIFY job, so {@code domstats} never waits behind a slow detach. They wait only for nothing.</li>
 * <li>One {@linkplain #beginAsync async job} (migration, save, block and storage jobs) may run at a time
 * for a long while; during it, only the sync kinds it allows may start ({@link #DEFAULT_NESTED}: QUERY and
 * DESTROY, as libvirt's {@code VIR_JOB_DEFAULT_MASK}), the others fail at once with OPERATION_INVALID.</li>
 * </ul>
 * A job that cannot start within the wait time fails as libvirt's: OPERATION_TIMEOUT "cannot acquire state
 * change lock (held by …)". Jobs are taken before, and never while holding, a domain's monitor (the object
 * lock); the lock order is job, then the domain's monitor, then the driver's list.
 */
public final class DomainJobs {

    /** The kinds of sync job. */
    public enum Kind {
        /** Reads only; runs beside other queries and beside a modification. */
        QUERY,
        /** Changes the domain; one at a time, and not beside a destroy. */
        MODIFY,
        /** Stops the domain; one at a time, and not beside a modification. */
        DESTROY
    }

    /** The kinds libvirt lets run during an async job unless it allows more. */
    public static final Set<Kind> DEFAULT_NESTED = EnumSet.of(Kind.QUERY, Kind.DESTROY);

    /** libvirt's {@code VIR_JOB_WAIT_TIME}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Duration wait;
    private final List<Job> running = new ArrayList<>(); // guarded by lock
    private Async async; // guarded by lock

    public DomainJobs() {
        this(DEFAULT_WAIT);
    }

    /** @param wait how long {@link #begin} waits for a conflicting job before it fails */
    public DomainJobs(Duration wait) {
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /**
     * Starts a sync job, waiting while a conflicting one runs.
     *
     * @param function what the job is for, named as libvirt names the call ("virDomainAttachDeviceFlags"):
     *        shown to whoever waits in vain
     * @throws VirtException OPERATION_TIMEOUT after the wait, OPERATION_INVALID when an async job does not
     *         allow {@code kind}
     */
    public Job begin(Kind kind, String function) {
        Objects.requireNonNull(kind, "kind");
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (true) {
                Async a = async;
                if (a != null && !a.nested.contains(kind) && a.owner != Thread.currentThread()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                            "cannot run " + function + " while " + a.function + " is in progress");
                }
                Job conflict = conflict(kind);
                if (conflict == null) {
                    Job job = new Job(kind, function);
                    running.add(job);
                    return job;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN,
                            "cannot acquire state change lock (held by " + conflict.function + ")");
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.DOMAIN, function + " interrupted");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts an async job (one at a time; it fails at once when another runs), during which only the sync
     * kinds in {@code nested} may start from other threads. Its own thread may start any sync job.
     */
    public Async beginAsync(String function, Set<Kind> nested) {
        lock.lock();
        try {
            if (async != null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "cannot start " + function + ": " + async.function + " is in progress");
            }
            async = new Async(function, EnumSet.copyOf(nested.isEmpty() ? EnumSet.noneOf(Kind.class) : nested));
            return async;
        } finally {
            lock.unlock();
        }
    }

    /** What runs now, for diagnostics ("MODIFY virDomainDetachDeviceFlags"), or empty. */
    public List<String> describe() {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            for (Job j : running) {
                out.add(j.kind + " " + j.function);
            }
            if (async != null) {
                out.add("ASYNC " + async.function);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private Job conflict(Kind kind) {
        for (Job j : running) {
            if (kind != Kind.QUERY && j.kind != Kind.QUERY) {
                return j;
            }
        }
        return null;
    }

    /** A running sync job: close it when done (try-with-resources). */
    public final class Job implements AutoCloseable {
        private final Kind kind;
        private final String function;
        private boolean ended; // guarded by lock

        private Job(Kind kind, String function) {
            this.kind = kind;
            this.function = function;
        }

        public Kind kind() {
            return kind;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!ended) {
                    ended = true;
                    running.remove(this);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "Job[" + kind + " " + function + "]";
        }
    }

    /** A running async job: close it when done. */
    public final class Async implements AutoCloseable {
        private final String function;
        private final Set<Kind> nested;
        private final Thread owner = Thread.currentThread();

        private Async(String function, Set<Kind> nested) {
            this.function = function;
            this.nested = nested;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (async == this) {
                    async = null;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "Async[" + function + "]";
        }
    }

    /** Waits until no job of any kind runs (for tests and for a driver shutting down), up to {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!running.isEmpty() || async != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
