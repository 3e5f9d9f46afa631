package io.virtkit.itests.soak;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link SoakPlan} against a {@link SoakHost}'s daemon: every client connected first (virsh sessions opened,
 * python clients' callbacks registered), then all of them let go at once (t = 0) for the plan's length while the
 * daemon is sampled; each goes on a few seconds more (so the last sample sees all of them at work), then finishes its
 * cycle. A client still running a bound after that is killed (and
 * so counted as failed).
 */
public final class Soak {

    /** How long one call may take before its client is deemed stuck: generous, the machine is small and loaded. */
    static final Duration CALL_BOUND = Duration.ofSeconds(120);
    /** The clients keep going this much past the soak's length, so that its last sample sees every one still working. */
    static final Duration OVERRUN = Duration.ofSeconds(5);
    private static final String SCRIPT = "soak_client.py";

    private Soak() {
    }

    public static SoakResult run(SoakHost host, SoakPlan plan) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(host.clientDir());
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = Soak.class.getResourceAsStream(SCRIPT)) {
            Files.copy(in, script);
        }
        SoakLedger ledger = new SoakLedger();
        // one timer per call, nearly always cancelled: removed at once, not kept until its time (hundreds of thousands a soak)
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, daemonThreads("soak-watchdog"));
        watchdog.setRemoveOnCancelPolicy(true);
        List<VirshSoakClient> virshClients = new ArrayList<>();
        List<PythonSoakClient> pythonClients = new ArrayList<>();
        List<Thread> running = new ArrayList<>();
        try {
            for (int i = 0; i < plan.pythonClients(); i++) {
                PythonSoakClient client = PythonSoakClient.start("vksk-p" + i, driverOf(i, plan), host.socket(), script,
                        plan.length().plus(OVERRUN), CALL_BOUND, ledger);
                pythonClients.add(client);
                running.add(started(client, "vksk-p" + i));
            }
            for (int i = 0; i < plan.virshClients(); i++) {
                virshClients.add(new VirshSoakClient("vksk-v" + i, driverOf(i, plan), host.socket(), dir, CALL_BOUND,
                        watchdog, ledger));
            }
            openAll(virshClients);
            for (PythonSoakClient client : pythonClients) {
                client.awaitReady(CALL_BOUND);
            }
            DaemonSampler sampler = new DaemonSampler(host.daemonPid(), plan.sampleEvery());
            long t0 = System.nanoTime();
            long end = t0 + plan.length().toNanos();
            for (PythonSoakClient client : pythonClients) {
                client.go();
            }
            for (VirshSoakClient client : virshClients) {
                running.add(started(client.until(end + OVERRUN.toNanos()), client.name()));
            }
            List<DaemonSample> samples;
            try (sampler) {
                TimeUnit.NANOSECONDS.sleep(end - System.nanoTime()); // the soak's length: nothing to wait for
                samples = sampler.finish();
            }
            long stopBy = System.nanoTime() + CALL_BOUND.multipliedBy(2).toNanos();
            for (Thread t : running) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(stopBy - System.nanoTime())));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            virshClients.forEach(VirshSoakClient::kill);
            pythonClients.forEach(PythonSoakClient::kill);
            for (Thread t : running) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            return new SoakResult(plan, seconds, ledger.calls(), ledger.cycles(), ledger.events(), ledger.failures(),
                    samples, DaemonSample.of(host.daemonPid(), (System.nanoTime() - t0) / 1e9));
        } finally {
            virshClients.forEach(VirshSoakClient::kill);
            pythonClients.forEach(PythonSoakClient::kill);
            watchdog.shutdownNow();
        }
    }

    /** The first {@code qemuClientsPerKind} clients of each kind work on the QEMU driver, the others on the test driver. */
    private static SoakDriver driverOf(int index, SoakPlan plan) {
        return index < plan.qemuClientsPerKind() ? SoakDriver.QEMU : SoakDriver.TEST;
    }

    /** Opens the virsh sessions a few at a time (each is a connection handshake), failing on the first that cannot. */
    private static void openAll(List<VirshSoakClient> clients) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4, daemonThreads("soak-open"));
        try {
            List<Future<Object>> opening = new ArrayList<>();
            for (VirshSoakClient client : clients) {
                opening.add(pool.submit(() -> {
                    client.open();
                    return null;
                }));
            }
            for (Future<Object> f : opening) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("a virsh client could not connect", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Thread started(Runnable client, String name) {
        Thread t = new Thread(client, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
