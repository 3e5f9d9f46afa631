package io.virtkit.itests.cluster;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.virtkit.itests.hosts.GuestProcesses;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * Checks every 100 ms, for as long as the cluster lives, the QEMU processes of the three hosts (one /proc: the
 * namespaces share the machine), each found by its guest's {@code -uuid} on its command line and its host by the
 * monitor socket's directory: no guest ever has two QEMUs, except during a migration the test announces
 * ({@link #migrating}). It also keeps when each guest's QEMU appeared and went on each host
 * ({@link #appearances}), for a test that must show one host let go of a guest before another took it.
 */
final class QemuWatcher implements AutoCloseable {

    /** One QEMU of a guest, from the first scan that saw it to the first that did not (0: still there). */
    record Appearance(String guest, String host, long pid, long seenNanos, long goneNanos) {
        boolean running() {
            return goneNanos == 0;
        }
    }

    private final List<VirtkitDaemon> hosts;
    private final Map<UUID, String> guests = new ConcurrentHashMap<>();
    private final Set<String> migrating = ConcurrentHashMap.newKeySet();
    private final List<Appearance> appearances = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long scans;

    QemuWatcher(List<VirtkitDaemon> hosts) {
        this.hosts = List.copyOf(hosts);
        this.thread = new Thread(this::watch, "vkc-qemu-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Follows this guest from now on. */
    void watch(String name, UUID uuid) {
        guests.put(uuid, name);
    }

    /** While the returned handle is open, {@code guest} may have two QEMUs (a migration's source and destination). */
    AutoCloseable migrating(String guest) {
        migrating.add(guest);
        return () -> migrating.remove(guest);
    }

    private void watch() {
        while (running) {
            long now = System.nanoTime();
            Map<String, List<String>> seen = new HashMap<>(); // guest → "host:pid"
            Set<String> present = new HashSet<>();
            for (VirtkitDaemon host : hosts) {
                GuestProcesses.underRuntimeDir(host, cmdline -> true).forEach((pid, cmdline) -> {
                    String guest = guestOf(cmdline);
                    if (guest != null) {
                        seen.computeIfAbsent(guest, g -> new ArrayList<>()).add(host.name() + ":" + pid);
                        present.add(guest + "\0" + host.name() + "\0" + pid);
                    }
                });
            }
            record(now, seen, present);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String guestOf(String cmdline) {
        int at = cmdline.indexOf("\0-uuid\0");
        if (at < 0) {
            return null;
        }
        int from = at + "\0-uuid\0".length();
        int end = cmdline.indexOf('\0', from);
        try {
            return guests.get(UUID.fromString(cmdline.substring(from, end < 0 ? cmdline.length() : end)));
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private synchronized void record(long now, Map<String, List<String>> seen, Set<String> present) {
        seen.forEach((guest, qemus) -> {
            if (qemus.size() > 1 && !migrating.contains(guest) && violations.size() < 50) {
                violations.add(LocalTime.now() + " guest " + guest + " has " + qemus.size() + " QEMUs: " + qemus);
            }
        });
        for (int i = 0; i < appearances.size(); i++) {
            Appearance a = appearances.get(i);
            if (a.running() && !present.remove(a.guest() + "\0" + a.host() + "\0" + a.pid())) {
                appearances.set(i, new Appearance(a.guest(), a.host(), a.pid(), a.seenNanos(), now));
            }
        }
        for (String p : present) {
            String[] parts = p.split("\0");
            appearances.add(new Appearance(parts[0], parts[1], Long.parseLong(parts[2]), now, 0));
        }
        scans++;
        notifyAll();
    }

    /** Every QEMU seen so far (running or gone) of the guests matching {@code filter}, in the order they appeared. */
    synchronized List<Appearance> appearances(Predicate<Appearance> filter) {
        return appearances.stream().filter(filter).toList();
    }

    /** The running QEMUs now, guest → its appearances (more than one only during a migration). */
    synchronized Map<String, List<Appearance>> runningNow() {
        Map<String, List<Appearance>> now = new HashMap<>();
        appearances.stream().filter(Appearance::running)
                .forEach(a -> now.computeIfAbsent(a.guest(), g -> new ArrayList<>()).add(a));
        return now;
    }

    /** Returns after the next complete scan (a state a test just made is then in {@link #appearances}). */
    synchronized void awaitNextScan() throws InterruptedException {
        long target = scans + 2; // one may have begun before the caller's change
        while (scans < target && running) {
            wait(1_000);
        }
    }

    /** Everything seen so far that says a guest ran twice; empty while no guest did. */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
