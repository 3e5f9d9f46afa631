package io.virtkit.remote.internal;

import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Finds {@link SelectorLoop}s whose leader has been inside one call for longer than {@link #SLOW} and hands
 * their lead to a new thread, so that a call that waits (a QEMU start, a destroy's grace period) holds up
 * neither the other clients on the loop nor the client's own other calls and keepalive replies, while every
 * quick call is answered on the leader's own thread without any thread hand-off. At most {@code maxSlowCalls}
 * threads are inside slow calls at once.
 *
 * <p>Why not hand every call that may block to a worker, as libvirt does: each hand-off costs a thread
 * wake-up, and on a machine with a busy core each wake-up may wait for the scheduler (milliseconds behind a
 * spinning guest). Measured through the distribution, the hand-off of the mutating calls (4 of virsh's 11
 * per domain) cost more than the calls themselves. The watcher's price instead is one wake-up per
 * {@link #SLOW} while calls are being made, off every call's path; it sleeps (parked, no timer) once no
 * call has been made for {@link #IDLE_TICKS} ticks, and the first call after that wakes it.
 */
final class SlowCallWatcher implements AutoCloseable {
    /**
     * A call running this long gets its loop handed on (after one to two of these): quick calls take
     * microseconds, slow ones tens of milliseconds and more. Also the watcher's tick while calls are made.
     */
    static final long SLOW = TimeUnit.MILLISECONDS.toNanos(4);
    /** Ticks without any call before the watcher parks until the next call (0.2 s). */
    static final int IDLE_TICKS = 50;

    private final Supplier<Collection<SelectorLoop>> loops;
    private final int maxSlowCalls;
    private final AtomicInteger slowCalls = new AtomicInteger();
    private final Thread thread;
    /** True while the watcher is parked without a timer: the next call must wake it. */
    private volatile boolean asleep;
    private volatile boolean closed;

    /**
     * @param loops the selector loops, looked at every tick
     * @param maxSlowCalls how many threads may be inside a slow call at once, their loops led by others meanwhile
     *        (libvirtd's {@code max_workers}); beyond that a loop waits for its slow call
     */
    SlowCallWatcher(Supplier<Collection<SelectorLoop>> loops, int maxSlowCalls, String name) {
        this.loops = Objects.requireNonNull(loops, "loops");
        this.maxSlowCalls = maxSlowCalls;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Threads inside a slow call now, their loops handed on. */
    int slowCalls() {
        return slowCalls.get();
    }

    /** Called by a thread whose loop was handed on, once out of its slow call. */
    void slowCallEnded() {
        slowCalls.decrementAndGet();
    }

    /**
     * Called by a leader right after it has published its call ({@link SelectorLoop#inCall()} is true): wakes the
     * watcher when it sleeps. A volatile read otherwise; the publication before it and the watcher's
     * {@code asleep = true} before its last look at the loops make sure one of the two sees the other.
     */
    void callStarted() {
        if (asleep) {
            asleep = false;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long lastCalls = -1;
        int idle = 0;
        while (!closed) {
            LockSupport.parkNanos(this, SLOW);
            long now = System.nanoTime();
            long calls = 0;
            boolean inCall = false;
            for (SelectorLoop l : loops.get()) {
                calls += l.callCount();
                if (l.inCall()) {
                    inCall = true;
                    // only this thread adds to slowCalls, so the bound holds
                    if (slowCalls.get() < maxSlowCalls) {
                        slowCalls.incrementAndGet();
                        if (!l.handOnIfStuck(now, SLOW)) {
                            slowCalls.decrementAndGet();
                        }
                    }
                }
            }
            idle = inCall || calls != lastCalls ? 0 : idle + 1;
            lastCalls = calls;
            if (idle >= IDLE_TICKS) {
                asleep = true;
                if (loops.get().stream().noneMatch(SelectorLoop::inCall)) {
                    while (asleep && !closed) {
                        LockSupport.park(this);
                    }
                }
                asleep = false;
                idle = 0;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
