package io.virtkit.cluster.internal.ha;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test's own check that a guest never runs twice: every 50 ms it asks every simulated host's hypervisor
 * which cluster guests' domains are active there, and notes each moment one was active on two hosts at once.
 */
final class NeverTwiceWatcher implements AutoCloseable {
    private final Collection<SimulatedHost> hosts;
    private final Set<UUID> guests;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long looks;

    NeverTwiceWatcher(Collection<SimulatedHost> hosts, Set<UUID> guests) {
        this.hosts = hosts;
        this.guests = guests;
        this.thread = new Thread(this::watch, "never-twice-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            for (UUID guest : guests) {
                List<String> on = new ArrayList<>();
                for (SimulatedHost h : hosts) {
                    if (h.runs(guest)) {
                        on.add(h.name);
                    }
                }
                if (on.size() > 1) {
                    violations.add("guest " + guest + " active on " + on + " at " + System.nanoTime());
                }
            }
            looks++;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The moments a guest ran on two hosts (none, for the test to pass), after at least one look. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    long looks() {
        return looks;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
