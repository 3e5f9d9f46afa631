package io.virtkit.qemu.internal.qmp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The commands of one {@link QmpClient} waiting for their replies, matched by the "id" each was sent with.
 * Several callers may wait at once; the reading thread completes them; the end of the connection fails every
 * one still waiting, and every one that tries to wait afterwards.
 */
final class QmpPendingReplies {
    private static final String ID_PREFIX = "virtkit-";

    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    /** Why the connection ended; null while it is up. */
    private volatile QmpFailure ended;

    /** A reply and the number of the last event QEMU sent before it (0: none). */
    record Reply(JsonNode message, long eventsBefore) {
    }

    /** A command waiting for its reply: send it with {@code id}, then wait on {@code reply}. */
    record Waiter(String id, CompletableFuture<Reply> reply) {
    }

    /**
     * Registers a new waiter with a fresh id; the caller must {@link #forget} it when done.
     *
     * @throws io.virtkit.api.VirtException why the connection ended, when it has
     */
    Waiter register() {
        QmpFailure f = ended;
        if (f != null) {
            throw f.toException();
        }
        Waiter waiter = new Waiter(ID_PREFIX + nextId.incrementAndGet(), new CompletableFuture<>());
        waiting.put(waiter.id(), waiter.reply());
        // failAll sets ended before failing the waiters: either it sees this one, or this sees ended
        f = ended;
        if (f != null) {
            waiting.remove(waiter.id());
            throw f.toException();
        }
        return waiter;
    }

    /** Hands {@code reply} to the waiter of {@code id}; false when none waits (it gave up: timed out). */
    boolean complete(String id, Reply reply) {
        CompletableFuture<Reply> waiter = id == null ? null : waiting.remove(id);
        return waiter != null && waiter.complete(reply);
    }

    /** The waiter of {@code id} stops waiting. */
    void forget(String id) {
        waiting.remove(id);
    }

    /** The connection ended: fails every waiter now and every later {@link #register()}. */
    void failAll(QmpFailure why) {
        ended = why;
        for (CompletableFuture<Reply> waiter : waiting.values()) {
            waiter.completeExceptionally(why.toException());
        }
    }

    /** How many commands wait. */
    int size() {
        return waiting.size();
    }
}
