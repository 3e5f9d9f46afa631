package io.virtkit.shell.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.OpenRequest;

/**
 * Stands in for a migrating hypervisor driver (QEMU's, which needs two hosts and guests), for scheme
 * {@code standin} on any host: one domain, {@code vm1}, whose migration steps answer at once and are recorded in
 * {@link #steps}; a test can hold the perform step (the data transfer) until it lets it go or the job is aborted,
 * and chooses what the job info and statistics say meanwhile. Core sits between it and the commands, as in Karaf.
 */
final class MigrationDriverStandIn implements HypervisorDriver {

    static final DomainRef VM = new DomainRef("vm1", UUID.fromString("22222222-3333-4444-5555-666666666666"), 5);

    final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch performStarted = new CountDownLatch(1);
    /** Completed by the test (the transfer ends) or, exceptionally, by an abort. */
    final CompletableFuture<Void> transfer = new CompletableFuture<>();
    volatile boolean holdPerform;
    /** When set, begin waits for it (a migration still beginning has no job to abort yet). */
    volatile CompletableFuture<Void> beginRelease = CompletableFuture.completedFuture(null);
    final CountDownLatch beginStarted = new CountDownLatch(1);
    /** Counted down by each abort once answered, whether there was a job or not. */
    volatile CountDownLatch aborts = new CountDownLatch(0);
    volatile boolean offersStats = true;
    volatile DomainJobInfo jobInfo = DomainJobInfo.NONE;
    volatile DomainJobStats jobStats = DomainJobStats.none();
    volatile DomainJobStats completedStats = DomainJobStats.none();
    /** Counted down by each job info read: a test waits for reads made after it set the progress. */
    volatile CountDownLatch jobInfoReads = new CountDownLatch(0);
    volatile Object[] performArgs;

    @Override
    public String name() {
        return "STANDIN";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("standin");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents sink) {
        String uri = request.uri().toString();
        InvocationHandler h = (proxy, method, args) -> {
            String m = method.getName();
            Object[] a = args == null ? new Object[0] : args;
            switch (m) {
                case "toString":
                    return "stand-in " + uri;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                case "uri":
                    return uri;
                case "type":
                    return "STANDIN";
                case "networks", "storage":
                    return Optional.empty();
                case "close":
                    return null;
                case "supportsMigration":
                    return true;
                case "domainJobInfo":
                    jobInfoReads.countDown();
                    return jobInfo;
                default:
                    break;
            }
            steps.add(m);
            return switch (m) {
                case "listAllDomains" -> List.of(VM);
                case "lookupDomainByName" -> {
                    if (!VM.name().equals(a[0])) {
                        throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.DOMAIN,
                                "no domain with matching name '" + a[0] + "'");
                    }
                    yield VM;
                }
                case "domainState" -> DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED);
                case "migrateBegin" -> {
                    beginStarted.countDown();
                    beginRelease.join();
                    yield new MigrationBegin("<domain type='kvm'/>", bytes("begin"));
                }
                case "migratePrepare" -> new MigrationPrepared("tcp:127.0.0.1:49152", bytes("prepare"));
                case "migratePerform" -> perform(a);
                case "migrateFinish" -> new MigrationFinish((Boolean) a[3] ? null : VM, bytes("finish"));
                case "migrateConfirm" -> null;
                case "domainJobStats" -> {
                    if (!offersStats) {
                        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetJobStats");
                    }
                    yield (Boolean) a[1] ? completedStats : jobStats;
                }
                case "abortDomainJob" -> abort();
                default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
            };
        };
        return Optional.of((HypervisorConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HypervisorConnection.class}, h));
    }

    private byte[] perform(Object[] args) {
        performArgs = args;
        performStarted.countDown();
        if (holdPerform) {
            try {
                transfer.join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }
        return bytes("perform");
    }

    /** As the QEMU driver: a running transfer fails with libvirt's words; without one there is no job. */
    private Object abort() {
        try {
            if (!holdPerform || performStarted.getCount() > 0 || transfer.isDone()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "no job is active on the domain");
            }
            transfer.completeExceptionally(new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                    "migration out job: canceled by client"));
            return null;
        } finally {
            aborts.countDown(); // once answered: a test waiting for a refused abort sees it refused
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
