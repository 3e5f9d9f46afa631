package io.virtkit.qemu.internal.qmp;

import java.util.concurrent.TimeUnit;

/**
 * The numbering that lets a {@link QmpClient} command return only after the events QEMU sent before its reply
 * have been through the event sink: the reader numbers each event it reads ({@link #read()}), a reply records
 * {@link #lastRead()}, the delivery marks each event {@link #finished(long)}, and the caller
 * {@link #await(long, long) waits} for the reply's number.
 *
 * <p>Deadlocks are avoided here: the sink's own thread never waits (the events behind the one it handles
 * run only after it returns), every other wait is bounded, events that will never be delivered count as
 * finished, and {@link #finishAll()} at the end of the connection releases every waiter.
 */
final class QmpEventSequence {
    /** Touched by the reading thread only. */
    private long read;
    /** The highest number the sink has finished (or that will never be delivered); guarded by this. */
    private long finished;
    /** The thread running the sink right now, if any. */
    private volatile Thread sinkThread;

    /** Numbers the next event read (reading thread only). */
    long read() {
        return ++read;
    }

    /** The number of the last event read, for the reply read now (reading thread only). */
    long lastRead() {
        return read;
    }

    /** Runs the sink for event {@code number} on the current (delivering) thread, then marks it finished. */
    void deliver(long number, Runnable sink) {
        sinkThread = Thread.currentThread();
        try {
            sink.run();
        } finally {
            sinkThread = null;
            finished(number);
        }
    }

    /** Event {@code number} has been through the sink, or never will be. */
    synchronized void finished(long number) {
        if (number > finished) {
            finished = number;
            notifyAll();
        }
    }

    /** Nothing more will be delivered: releases every waiter, now and later. */
    void finishAll() {
        finished(Long.MAX_VALUE);
    }

    /**
     * Waits until event {@code number} is finished, at most {@code timeoutNanos}; returns at once on the sink's
     * own thread. False when the time ran out.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    boolean await(long number, long timeoutNanos) throws InterruptedException {
        if (Thread.currentThread() == sinkThread) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (finished < number) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }
}
