package io.virtkit.esx.internal.vim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of the calls that may have changed a server's state, shared by the sessions of one driver instance: a
 * change made through one connection ends what every other connection of the driver cached (a daemon's clients,
 * a test's two connections mix them). Counted when such a call is sent and when it is answered, and when a task
 * ends; state read while the count stayed the same holds every change made through these sessions.
 */
public final class VimChanges {

    private final AtomicLong count = new AtomicLong();

    public long count() {
        return count.get();
    }

    public void note() {
        count.incrementAndGet();
    }
}
