package io.virtkit.cluster.internal.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.cluster.internal.guests.RequestClient;

/**
 * The guests component's request client as HA recovery uses it, recording what was sent and when (a start
 * happens after it was sent: the lower bound a test needs).
 */
final class RecordingRequests implements RequestClient {
    /** One request sent: when, to which host, which op on which guest. */
    record Sent(long atNanos, UUID host, String op, String guest) {
    }

    private final RequestClient real;
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    RecordingRequests(RequestClient real) {
        this.real = real;
    }

    @Override
    public String send(UUID host, String op, String guest, Map<String, String> args, Duration timeout) {
        sent.add(new Sent(System.nanoTime(), host, op, guest));
        return real.send(host, op, guest, args, timeout);
    }
}
