package io.virtkit.netdev.internal;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.network.NetworkDefinition;

/**
 * One network of the driver, libvirt's {@code virNetworkObj}: its persistent definition (null when
 * transient) and its live one (null when inactive). Its monitor guards the fields and is held only to read
 * or change them; its {@linkplain #beginJob job} serializes the operations that change the network on the
 * host (start, destroy, undefine, autostart), which run holding nothing else of the driver's.
 */
final class VirtualNetwork {

    /** libvirt's {@code VIR_JOB_WAIT_TIME}: how long an operation waits for another on the same network. */
    static final Duration JOB_WAIT = Duration.ofSeconds(30);

    final UUID uuid;
    final String name;
    private final ReentrantLock job = new ReentrantLock();
    // guarded by this
    NetworkDefinition persistent;
    NetworkDefinition live;
    NetworkLifecycle.StartedParts runtime;
    boolean autostart;
    /** The definition a start under way brings up: its bridge name is taken meanwhile. */
    NetworkDefinition starting;

    VirtualNetwork(NetworkDefinition def) {
        this.uuid = def.uuid();
        this.name = def.name();
    }

    UUID uuid() {
        return uuid;
    }

    String name() {
        return name;
    }

    synchronized NetworkDefinition current() {
        return live != null ? live : persistent;
    }

    synchronized boolean isActive() {
        return live != null;
    }

    /**
     * Takes the network's job, waiting while another operation on it runs; OPERATION_TIMEOUT after
     * {@link #JOB_WAIT}. Release it with {@link #endJob}. Never called holding the driver's lock or this
     * network's monitor.
     */
    void beginJob() {
        try {
            if (!job.tryLock(JOB_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.NETWORK,
                        "cannot acquire state change lock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.NETWORK, "interrupted", e);
        }
    }

    void endJob() {
        job.unlock();
    }

    /** libvirt's filter: flags of one group widen (either holds), groups narrow each other. */
    synchronized boolean matches(Set<NetworkListFlag> flags) {
        boolean[] wanted = new boolean[3];
        boolean[] have = new boolean[3];
        for (NetworkListFlag f : flags) {
            wanted[f.group()] = true;
            boolean holds = switch (f) {
                case ACTIVE -> live != null;
                case INACTIVE -> live == null;
                case PERSISTENT -> persistent != null;
                case TRANSIENT -> persistent == null;
                case AUTOSTART -> autostart;
                case NO_AUTOSTART -> !autostart;
            };
            have[f.group()] |= holds;
        }
        for (int g = 0; g < 3; g++) {
            if (wanted[g] && !have[g]) {
                return false;
            }
        }
        return true;
    }
}
