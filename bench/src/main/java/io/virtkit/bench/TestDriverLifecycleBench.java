package io.virtkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.Registration;
import io.virtkit.test.internal.TestDriver;

/**
 * End-to-end lifecycle throughput of the in-memory test driver through the public API: N domains
 * defined, started, destroyed and undefined on {@code test:///default}, each phase timed on its own,
 * with an event listener registered as a management client would have one.
 *
 * <p>The driver is constructed directly ({@code new TestDriver()}), as the factory would get it from
 * the service registry; on a plain classpath the bundle's private package is reachable. Every call goes
 * through {@link Connection} and {@link Domain}.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.virtkit.bench.TestDriverLifecycleBench [domains] [rounds]};
 * the first round warms the JIT up and is reported but not counted in the summary.
 */
public final class TestDriverLifecycleBench {

    private TestDriverLifecycleBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (domains < 1 || rounds < 2) {
            throw new IllegalArgumentException("need at least 1 domain and 2 rounds (the first warms up)");
        }
        TestDriver driver = new TestDriver();
        try (Connection conn = new DefaultConnectionFactory().withHypervisorDriver(driver).open("test:///default")) {
            AtomicInteger events = new AtomicInteger();
            try (Registration listener = conn.addDomainEventListener(e -> events.incrementAndGet())) {
                System.out.printf(Locale.ROOT, "%d domains per round, %d rounds (round 1 is warm-up)%n", domains,
                        rounds);
                System.out.printf(Locale.ROOT, "%-6s %12s %12s %12s %12s %12s%n", "round", "define/s", "start/s",
                        "destroy/s", "undefine/s", "total ops/s");
                long[] sums = new long[5];
                for (int round = 1; round <= rounds; round++) {
                    long[] nanos = round(conn, domains, "bench-" + round + "-");
                    print(Integer.toString(round), domains, nanos);
                    if (round > 1) {
                        for (int i = 0; i < nanos.length; i++) {
                            sums[i] += nanos[i];
                        }
                    }
                }
                print("mean", domains * (rounds - 1), sums);
                awaitEvents(events, 4L * domains * rounds);
            }
            driver.close();
        }
    }

    /** One round; returns the nanoseconds of each phase and of the whole. */
    private static long[] round(Connection conn, int count, String prefix) {
        List<String> xml = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            xml.add(SampleDomains.guest(prefix + i)); // not timed: building the input is the caller's cost
        }
        int before = conn.listAllDomains().size();
        List<Domain> defined = new ArrayList<>(count);

        long t0 = System.nanoTime();
        for (String x : xml) {
            defined.add(conn.defineDomain(x));
        }
        long t1 = System.nanoTime();
        for (Domain d : defined) {
            d.start();
        }
        long t2 = System.nanoTime();
        for (Domain d : defined) {
            d.destroy();
        }
        long t3 = System.nanoTime();
        for (Domain d : defined) {
            d.undefine();
        }
        long t4 = System.nanoTime();

        // A benchmark that leaked domains, or did less than it claims, would report nonsense.
        if (conn.listAllDomains().size() != before) {
            throw new IllegalStateException("the round left domains behind");
        }
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0};
    }

    private static void print(String label, long perPhase, long[] nanos) {
        System.out.printf(Locale.ROOT, "%-6s %12.0f %12.0f %12.0f %12.0f %12.0f%n", label,
                rate(perPhase, nanos[0]), rate(perPhase, nanos[1]), rate(perPhase, nanos[2]),
                rate(perPhase, nanos[3]), rate(4 * perPhase, nanos[4]));
    }

    private static double rate(long ops, long nanos) {
        return ops * 1e9 / Math.max(1, nanos);
    }

    /** Events are delivered asynchronously; wait (bounded) until all of them have arrived. */
    private static void awaitEvents(AtomicInteger events, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (events.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf(Locale.ROOT, "lifecycle events delivered: %d of %d%n", events.get(), expected);
        if (events.get() < expected) {
            throw new IllegalStateException("lifecycle events went missing");
        }
    }
}
