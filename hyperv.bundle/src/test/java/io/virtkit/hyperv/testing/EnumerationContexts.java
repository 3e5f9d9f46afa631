package io.virtkit.hyperv.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open enumerations: the items an Enumerate found (copies taken then, so later changes to the model do not
 * move them), handed out a page at a time. A context ends with its last page and expires when not pulled for a
 * while; either way it is then unknown, as a real WinRM forgets it.
 */
final class EnumerationContexts {

    /** What each item of an enumeration is (WS-Man's EnumerationMode): the instance, its EPR, or both. */
    enum Mode { OBJECT, EPR, OBJECT_AND_EPR }

    /** One page: the items, how to write them, and the context to pull next, null once the sequence ended. */
    record Page(List<CimObject> items, Mode mode, String nextContext) {
        boolean endOfSequence() {
            return nextContext == null;
        }
    }

    private record Open(List<CimObject> remaining, Mode mode, long expiresAtNanos) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private volatile int pageSize = 20;
    private volatile Duration expiry = Duration.ofMinutes(5);

    void setPageSize(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("page size must be at least 1: " + items);
        }
        pageSize = items;
    }

    void setExpiry(Duration expiry) {
        this.expiry = expiry;
    }

    /** A new context over these items. */
    String open(List<CimObject> items, Mode mode) {
        String context = "uuid:" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        open.put(context, new Open(List.copyOf(items), mode, deadline()));
        return context;
    }

    /**
     * The next page of at most {@code min(maxElements, page size)} items; the context stays the same until the
     * sequence ends, then it is forgotten.
     */
    Page pull(String context, int maxElements) {
        Open state = open.remove(context);
        if (state == null || System.nanoTime() - state.expiresAtNanos() > 0) {
            throw WsmanFault.invalidEnumerationContext();
        }
        int count = Math.min(Math.max(1, maxElements), pageSize);
        List<CimObject> remaining = state.remaining();
        List<CimObject> items = new ArrayList<>(remaining.subList(0, Math.min(count, remaining.size())));
        List<CimObject> rest = remaining.subList(items.size(), remaining.size());
        if (rest.isEmpty()) {
            return new Page(items, state.mode(), null);
        }
        open.put(context, new Open(List.copyOf(rest), state.mode(), deadline()));
        return new Page(items, state.mode(), context);
    }

    /** Forgets a context (a Release); unknown ones are a fault as in WinRM. */
    void release(String context) {
        if (open.remove(context) == null) {
            throw WsmanFault.invalidEnumerationContext();
        }
    }

    int openCount() {
        return open.size();
    }

    private long deadline() {
        return System.nanoTime() + expiry.toNanos();
    }
}
