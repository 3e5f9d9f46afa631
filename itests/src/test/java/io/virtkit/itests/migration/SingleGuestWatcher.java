package io.virtkit.itests.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.itests.hosts.GuestConsole;
import io.virtkit.itests.hosts.GuestProcesses;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * Watches, every 100 ms for as long as the hosts live, that the guest never runs twice. "Runs" means its vCPUs
 * execute, which a process scan cannot tell (during a migration the destination's QEMU exists, paused, beside the
 * running source), and the daemons own the QEMU monitors that could. So two signs, both sound:
 * <ul>
 * <li>the guest's own counter ({@link GuestConsole}): two running copies would each print the next number, so a
 * number seen twice (or going back) is a guest that ran twice, or was rebooted;</li>
 * <li>the processes: never more than one QEMU of the guest per host, never more than two in all.</li>
 * </ul>
 * What it saw is kept; {@link #violations()} lists it.
 */
final class SingleGuestWatcher implements AutoCloseable {

    private final List<VirtkitDaemon> hosts;
    private final UUID guest;
    private final GuestConsole console;
    private final List<String> violations = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    SingleGuestWatcher(List<VirtkitDaemon> hosts, UUID guest, GuestConsole console) {
        this.hosts = List.copyOf(hosts);
        this.guest = guest;
        this.console = console;
        this.thread = new Thread(this::watch, "vke2e-single-guest-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            int all = 0;
            for (VirtkitDaemon host : hosts) {
                List<Long> pids = GuestProcesses.on(host, guest);
                all += pids.size();
                if (pids.size() > 1) {
                    violation("two QEMUs of the guest on " + host.name() + ": " + pids);
                }
            }
            if (all > 2) {
                violation(all + " QEMUs of the guest");
            }
            console.poll();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void violation(String what) {
        if (violations.size() < 20) {
            violations.add(java.time.LocalTime.now() + " " + what);
        }
    }

    /** Everything seen so far that says the guest ran twice; empty while it ran once. */
    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        all.addAll(console.violations());
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
