package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * The QEMU driver's overhead, in one run on real TCG guests:
 * <ol>
 * <li>bare {@code qemu-system-x86_64 -S} until its QMP monitor answers (the floor nobody can beat);</li>
 * <li>Virtkit define + start until the domain is RUNNING, and destroy until it is SHUT OFF;</li>
 * <li>20 guests started concurrently, then destroyed concurrently.</li>
 * </ol>
 * Usage: {@code java -cp benchmarks.jar io.virtkit.bench.QemuStartBench [rounds] [concurrent]}.
 * The anchor from the issue: libvirt 9.0 here starts a small TCG guest in 209–250 ms and destroys it in 1.6 s.
 */
public final class QemuStartBench {

    private static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path base = Files.createTempDirectory("virtkit-qemu-bench");
        try {
            long[] bare = bareQemu(base, rounds);
            QemuDriver driver = new QemuDriver(QemuDriverSettings.forTests(EMULATOR, base.resolve("driver")));
            try (Connection conn = new DefaultConnectionFactory().withHypervisorDriver(driver).open("qemu:///session")) {
                long[][] virtkit = virtkitStartDestroy(conn, rounds);
                long[] batch = concurrentStartDestroy(conn, concurrent);
                System.out.printf("%d rounds (first is warm-up and left out), TCG guests with 64 MiB and no disk%n", rounds);
                report("bare qemu -S to QMP ready", bare);
                report("virtkit define+start to RUNNING", virtkit[0]);
                report("virtkit destroy to SHUT OFF", virtkit[1]);
                System.out.printf("start overhead over bare QEMU (median): %.1f ms%n",
                        (median(virtkit[0]) - median(bare)) / 1e6);
                System.out.printf("%d guests started concurrently: %.1f ms in all; destroyed concurrently: %.1f ms%n",
                        concurrent, batch[0] / 1e6, batch[1] / 1e6);
            } finally {
                driver.close();
            }
        } finally {
            deleteTree(base);
        }
    }

    private static long[] bareQemu(Path base, int rounds) throws Exception {
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Path socket = base.resolve("bare-" + i + ".sock");
            long t0 = System.nanoTime();
            Process qemu = new ProcessBuilder(EMULATOR, "-machine", "pc,accel=tcg", "-m", "64", "-nodefaults",
                    "-no-user-config", "-display", "none", "-S", "-qmp", "unix:" + socket + ",server=on,wait=off")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(10), e -> { }, () -> { })) {
                qmp.execute("query-status", Map.of(), Duration.ofSeconds(5));
                times[i] = System.nanoTime() - t0;
            } finally {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return times;
    }

    private static long[][] virtkitStartDestroy(Connection conn, int rounds) {
        long[] start = new long[rounds];
        long[] destroy = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String xml = domainXml("bench-" + i);
            long t0 = System.nanoTime();
            Domain d = conn.defineDomain(xml);
            d.start();
            expect(d, DomainState.RUNNING);
            start[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            d.destroy();
            expect(d, DomainState.SHUTOFF);
            destroy[i] = System.nanoTime() - t1;
            d.undefine();
        }
        return new long[][] {start, destroy};
    }

    private static long[] concurrentStartDestroy(Connection conn, int count) throws Exception {
        List<Domain> domains = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            domains.add(conn.defineDomain(domainXml("batch-" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            long t0 = System.nanoTime();
            runAll(pool, domains, Domain::start);
            long started = System.nanoTime() - t0;
            domains.forEach(d -> expect(d, DomainState.RUNNING));
            long t1 = System.nanoTime();
            runAll(pool, domains, Domain::destroy);
            long destroyed = System.nanoTime() - t1;
            domains.forEach(d -> expect(d, DomainState.SHUTOFF));
            return new long[] {started, destroyed};
        } finally {
            pool.shutdownNow();
            for (Domain d : domains) {
                if (d.isActive()) {
                    d.destroy();
                }
                d.undefine();
            }
        }
    }

    private interface DomainAction {
        void run(Domain d);
    }

    private static void runAll(ExecutorService pool, List<Domain> domains, DomainAction action) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (Domain d : domains) {
            futures.add(pool.submit(() -> action.run(d)));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    private static void expect(Domain d, DomainState state) {
        if (d.state().state() != state) {
            throw new IllegalStateException(d.name() + " is " + d.state() + ", expected " + state.label());
        }
    }

    private static String domainXml(String name) {
        return "<domain type='qemu'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>";
    }

    private static long median(long[] samples) {
        long[] s = Arrays.copyOfRange(samples, Math.min(1, samples.length - 1), samples.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void report(String what, long[] samples) {
        long[] s = Arrays.copyOfRange(samples, Math.min(1, samples.length - 1), samples.length);
        Arrays.sort(s);
        System.out.printf("%-36s median %7.1f ms   min %7.1f ms   max %7.1f ms%n", what, median(samples) / 1e6,
                s[0] / 1e6, s[s.length - 1] / 1e6);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
