package io.virtkit.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/**
 * The record of a driver that runs guests ({@link RecordDriverState}): a {@link DomainRecord} with the
 * domain's jobs (libvirt's job object) and the gate that holds its calls while the driver's activation
 * reconnects it (libvirt's reconnect holds the domain's job the same way).
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class JobDomainRecord extends DomainRecord {

    private static final CompletableFuture<Void> READY = CompletableFuture.completedFuture(null);

    private final DomainJobs jobs;
    /** Done while the domain answers calls; a pending one while activation's task for it runs. */
    private volatile CompletableFuture<Void> ready = READY;

    /** @param jobWait how long a job waits for a conflicting one (libvirt's state change lock timeout) */
    protected JobDomainRecord(DomainDefinition definition, boolean persistent, Duration jobWait) {
        super(definition, persistent);
        this.jobs = new DomainJobs(jobWait);
    }

    /** The domain's jobs; begun before, never while holding, the record's monitor. */
    public final DomainJobs jobs() {
        return jobs;
    }

    /** Holds calls until {@link #releaseCalls()}; only while the driver activates, before any connection. */
    public final void holdCalls() {
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
    }

    /** Lets calls in again. */
    public final void releaseCalls() {
        ready.complete(null);
    }

    /** Done once the domain answers calls. */
    public final CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Waits until the domain answers calls, at most {@code timeout}, as a job waits for the one the
     * reconnect holds: then OPERATION_TIMEOUT "cannot acquire state change lock (held by {@code heldBy})".
     */
    public final void awaitReady(Duration timeout, String heldBy) {
        CompletableFuture<Void> r = ready;
        if (r.isDone()) {
            return;
        }
        try {
            r.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN,
                    "cannot acquire state change lock (held by " + heldBy + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.DOMAIN, heldBy + " interrupted", e);
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
    }
}
