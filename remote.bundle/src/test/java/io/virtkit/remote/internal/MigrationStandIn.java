package io.virtkit.remote.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * A stand-in for a migrating hypervisor driver (the QEMU driver's migration is written elsewhere) behind two daemons,
 * "A" and "B": each host is core over the in-memory test driver, whose connections are wrapped so the driver SPI's
 * migration and job entries record each step and move a domain from one host's table to the other's: finish creates
 * it on the destination from {@code destination_xml}, confirm destroys it on the source. Cookies name the step that
 * made them, so a test sees each relayed unchanged. A step can be made to fail, and perform can be held in progress
 * (a job that {@code domjobinfo} sees and {@code domjobabort} ends).
 */
final class MigrationStandIn {
    /** One protocol step as a daemon passed it to the API. */
    record Step(String host, String name, MigrationParams params, String cookieIn, long flags, boolean cancelled,
            String dconnuri) {
    }

    /** The job statistics the stand-in reports for a perform in progress, in virsh's order. */
    static final Map<String, Object> STATS_IN_PROGRESS = Map.of("operation", DomainJobStats.OPERATION_MIGRATION_OUT,
            "time_elapsed", 1234L, "data_total", 3L << 20, "data_processed", 1L << 20, "data_remaining", 2L << 20);

    final List<Step> steps = new CopyOnWriteArrayList<>();
    final Host a = new Host("A");
    final Host b = new Host("B");
    /** The step ("prepare", "perform", "finish") that fails, or null. */
    volatile String failAt;
    /** When set, perform waits here (after {@link #performEntered}) until released or aborted. */
    volatile CountDownLatch holdPerform;
    final CountDownLatch performEntered = new CountDownLatch(1);
    /** Job info polls answered while a perform was in progress: the client's other calls got through meanwhile. */
    final AtomicInteger jobInfoDuringPerform = new AtomicInteger();
    final AtomicInteger abortCalls = new AtomicInteger();
    private volatile boolean performing;
    private volatile boolean aborted;

    /** One host: core over its own test driver, whose connections are wrapped. */
    final class Host implements ConnectionFactory {
        final String name;
        private final DefaultConnectionFactory core;

        Host(String name) {
            this.name = name;
            this.core = new DefaultConnectionFactory().withHypervisorDriver(new Migrating(this, new TestDriver()));
        }

        @Override
        public Connection open(ConnectRequest request) {
            return core.open(request);
        }

        @Override
        public List<DriverInfo> drivers() {
            return List.of();
        }

        /** A connection of this host's own (not through a daemon). */
        Connection direct() {
            return core.open(ConnectRequest.to("test:///default"));
        }

        private Host other() {
            return this == a ? b : a;
        }
    }

    /** The test driver, its connections' migration and job entries the stand-in's. */
    private final class Migrating implements HypervisorDriver {
        private final Host host;
        private final TestDriver real;

        Migrating(Host host, TestDriver real) {
            this.host = host;
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Set<String> schemes() {
            return real.schemes();
        }

        @Override
        public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
            return real.open(request, events).map(c -> wrap(host, c));
        }
    }

    /** The steps' names in order, e.g. {@code [A:begin, B:prepare, …]}. */
    List<String> order() {
        return steps.stream().map(s -> s.host() + ":" + s.name()).toList();
    }

    Step step(String host, String name) {
        return steps.stream().filter(s -> s.host().equals(host) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + host + ":" + name + " in " + order()));
    }

    private static String text(byte[] cookie) {
        return new String(cookie, StandardCharsets.UTF_8);
    }

    private static byte[] cookie(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void failIf(String step) {
        if (step.equals(failAt)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, "stand-in " + step + " failed");
        }
    }

    // ---- the destination's steps (Connection) ---------------------------------------------------------------

    private MigrationPrepared prepare(Host host, MigrationParams params, byte[] cookie, long flags) {
        steps.add(new Step(host.name, "prepare", params, text(cookie), flags, false, null));
        failIf("prepare");
        return new MigrationPrepared("tcp:127.0.0.1:49152", cookie("prepare-cookie-from-" + host.name));
    }

    private MigrationFinish finish(Host host, HypervisorConnection conn, MigrationParams params, byte[] cookie,
            long flags, boolean cancelled) {
        steps.add(new Step(host.name, "finish", params, text(cookie), flags, cancelled, null));
        if (cancelled) {
            return new MigrationFinish(null, cookie("finish-cookie-from-" + host.name));
        }
        failIf("finish");
        DomainRef d = conn.createDomain(renamed(params.destinationXml(), params.destinationName()), 0);
        return new MigrationFinish(d, cookie("finish-cookie-from-" + host.name));
    }

    private static String renamed(String xml, String name) {
        return name == null ? xml : xml.replaceFirst("<name>[^<]*</name>", "<name>" + name + "</name>");
    }

    // ---- the source's steps and jobs (Domain) ---------------------------------------------------------------

    private MigrationBegin begin(Host host, HypervisorConnection conn, DomainRef d, MigrationParams params,
            long flags) {
        steps.add(new Step(host.name, "begin", params, "", flags, false, null));
        return new MigrationBegin(conn.domainXml(d, 0), cookie("begin-cookie-from-" + host.name));
    }

    private byte[] perform(Host host, HypervisorConnection conn, DomainRef d, String dconnuri, MigrationParams params, byte[] cookie, long flags) {
        steps.add(new Step(host.name, "perform", params, text(cookie), flags, false, dconnuri));
        performing = true;
        try {
            performEntered.countDown();
            CountDownLatch hold = holdPerform;
            if (hold != null && !hold.await(60, TimeUnit.SECONDS)) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.NONE, "stand-in perform held too long");
            }
            if (aborted) {
                throw VirtException.withMessage(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                        "operation aborted: migration out job: canceled by client");
            }
            failIf("perform");
            if (dconnuri != null) {
                // peer to peer: the source drives the destination itself; the stand-in just moves the guest
                try (Connection there = host.other().direct()) {
                    there.createDomain(renamed(conn.domainXml(d, 0), params.destinationName()));
                }
                conn.destroyDomain(d, 0);
            }
            return cookie("perform-cookie-from-" + host.name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            performing = false;
        }
    }

    private void confirm(Host host, HypervisorConnection conn, DomainRef d, MigrationParams params, byte[] cookie,
            long flags, boolean cancelled) {
        steps.add(new Step(host.name, "confirm", params, text(cookie), flags, cancelled, null));
        if (!cancelled) {
            conn.destroyDomain(d, 0); // a transient guest: gone from the source's table
        }
    }

    private DomainJobInfo jobInfo() {
        if (!performing) {
            return DomainJobInfo.NONE;
        }
        jobInfoDuringPerform.incrementAndGet();
        return new DomainJobInfo(DomainJobType.UNBOUNDED, 1234, 0, 3L << 20, 1L << 20, 2L << 20, 3L << 20, 1L << 20,
                2L << 20, 0, 0, 0);
    }

    private DomainJobStats jobStats(boolean completed) {
        if (completed || !performing) {
            return DomainJobStats.none();
        }
        return new DomainJobStats(DomainJobType.UNBOUNDED, new java.util.LinkedHashMap<>(STATS_IN_PROGRESS));
    }

    private void abortJob() {
        abortCalls.incrementAndGet();
        if (!performing) {
            throw VirtException.withMessage(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "Requested operation is not valid: no job is active on the domain");
        }
        aborted = true;
        CountDownLatch hold = holdPerform;
        if (hold != null) {
            hold.countDown();
        }
    }

    // ---- the wrapping ---------------------------------------------------------------------------------------

    private HypervisorConnection wrap(Host host, HypervisorConnection real) {
        return (HypervisorConnection) Proxy.newProxyInstance(HypervisorConnection.class.getClassLoader(),
                new Class<?>[] {HypervisorConnection.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "supportsMigration" -> true;
                    case "migrateBegin" -> begin(host, real, (DomainRef) args[0], (MigrationParams) args[1],
                            (long) args[2]);
                    case "migratePrepare" -> prepare(host, (MigrationParams) args[0], (byte[]) args[1], (long) args[2]);
                    case "migratePerform" -> perform(host, real, (DomainRef) args[0], (String) args[1],
                            (MigrationParams) args[2], (byte[]) args[3], (long) args[4]);
                    case "migrateFinish" -> finish(host, real, (MigrationParams) args[0], (byte[]) args[1],
                            (long) args[2], (boolean) args[3]);
                    case "migrateConfirm" -> {
                        confirm(host, real, (DomainRef) args[0], (MigrationParams) args[1], (byte[]) args[2],
                                (long) args[3], (boolean) args[4]);
                        yield null;
                    }
                    case "domainJobInfo" -> jobInfo();
                    case "domainJobStats" -> jobStats((boolean) args[1]);
                    case "abortDomainJob" -> {
                        abortJob();
                        yield null;
                    }
                    default -> invoke(m, real, args);
                });
    }

    /** {@code m} on {@code target}, its own exception thrown as it is (not wrapped). */
    static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
