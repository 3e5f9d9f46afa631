package io.virtkit.core.internal;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationFinished;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;

/**
 * libvirt's managed direct migration, version 3 with parameters ({@code virDomainMigrateVersion3Full}): the caller
 * holds both connections and relays the drivers' cookies between them. Begin on the source gives the domain XML;
 * prepare on the destination gets ready to receive it and names where the data goes; perform on the source sends
 * it; finish on the destination runs the domain there (or, cancelled, removes what prepare made); confirm on the
 * source stops the guest there (or, cancelled, resumes it).
 *
 * <p>Errors: the first failure is the one reported; the steps that clean up after it run anyway, and their own
 * failures ride along as suppressed exceptions, never in its place.
 */
final class ManagedMigration {

    /** Flags that only concern the source's side of the transfer: the destination never sees them. */
    private static final long SOURCE_ONLY = MigrateFlag.ABORT_ON_ERROR.bit() | MigrateFlag.AUTO_CONVERGE.bit();

    private final CoreDomain source;
    private final Connection destination;
    private final long flags;
    private MigrationParams params;
    private VirtException failure;

    /**
     * @param flags the caller's flags without CHANGE_PROTECTION (the source's steps get it always, as libvirt
     *        adds it for a source that supports it; the destination never needs it)
     */
    ManagedMigration(CoreDomain source, Connection destination, MigrationParams params, long flags) {
        this.source = source;
        this.destination = destination;
        this.params = params;
        this.flags = flags;
    }

    /** Runs the five steps; the domain on the destination, or the first failure. */
    Domain run() {
        long sourceFlags = flags | MigrateFlag.CHANGE_PROTECTION.bit();
        MigrationBegin begin = source.migrateBegin(params, sourceFlags);

        long destinationFlags = (pausedHere() ? flags | MigrateFlag.PAUSED.bit() : flags) & ~SOURCE_ONLY;
        if (params.destinationXml() == null) {
            params = params.withDestinationXml(begin.domainXml());
        }
        MigrationPrepared prepared;
        try {
            prepared = destination.migratePrepare(params, begin.cookie(), destinationFlags);
        } catch (RuntimeException e) {
            // begin started a job on the source (change protection): confirm ends it, the guest untouched
            fail(e);
            confirm(new byte[0], sourceFlags, true);
            throw failure;
        }

        byte[] finishCookie = prepared.cookie(); // what finish gets when nothing ran in between
        boolean cancelled = true;
        boolean notifySource = true;
        if (prepared.uri() != null) {
            params = params.withUri(prepared.uri());
        }
        if (params.uri() == null) {
            fail(new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE,
                    "domainMigratePrepare3 did not set uri"));
        } else if (MigrationChecks.has(flags, MigrateFlag.OFFLINE)) {
            // nothing to send: finish defines the domain there, without a cookie (libvirt's client drops it)
            finishCookie = new byte[0];
            cancelled = false;
        } else {
            try {
                finishCookie = source.migratePerform(null, params, prepared.cookie(), sourceFlags);
                cancelled = false;
            } catch (RuntimeException e) {
                // a failed perform has already resumed the guest on the source: no confirm, no cookie
                fail(e);
                finishCookie = new byte[0];
                notifySource = false;
            }
        }

        MigrationFinished finished = finish(finishCookie, destinationFlags, cancelled);
        Domain arrived = finished == null ? null : finished.domain();
        if (arrived == null && failure == null) {
            fail(new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "the destination's finish step gave no domain"));
        }
        if (notifySource) {
            confirm(finished == null ? new byte[0] : finished.cookie(), sourceFlags, arrived == null);
        }
        if (arrived == null) {
            throw failure;
        }
        return arrived;
    }

    /** Whether the guest is paused on the source (it then stays paused on the destination); unknown is no. */
    private boolean pausedHere() {
        try {
            return source.state().state() == DomainState.PAUSED;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private MigrationFinished finish(byte[] cookie, long destinationFlags, boolean cancelled) {
        MigrationParams named = params.destinationName() != null ? params
                : new MigrationParams(params.uri(), source.name(), params.destinationXml(), params.persistentXml(),
                        params.bandwidthMiBs(), params.listenAddress());
        try {
            return destination.migrateFinish(named, cookie, destinationFlags, cancelled);
        } catch (RuntimeException e) {
            if (cancelled && failure != null && reportsFinishInstead(failure, e)) {
                // libvirt: perform's "operation failed" is less useful than why the guest died on the destination
                VirtException first = failure;
                failure = VirtException.class.cast(e);
                failure.addSuppressed(first);
            } else {
                fail(e);
            }
            return null;
        }
    }

    /**
     * libvirt's one exception to the first error: a QEMU perform that failed with OPERATION_FAILED, then a
     * cancelled finish with a real error of its own (the domain died on the destination).
     */
    private static boolean reportsFinishInstead(VirtException perform, RuntimeException finish) {
        return perform.domain() == ErrorDomain.QEMU && perform.code() == ErrorCode.OPERATION_FAILED
                && finish instanceof VirtException f && f.domain() == ErrorDomain.QEMU
                && f.code() != ErrorCode.MIGRATE_FINISH_OK;
    }

    private void confirm(byte[] cookie, long sourceFlags, boolean cancelled) {
        try {
            source.migrateConfirm(params, cookie, sourceFlags, cancelled);
        } catch (RuntimeException e) {
            // libvirt only warns that the guest may be left paused on the source; the outcome stands
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Keeps the first failure; later ones are attached to it. */
    private void fail(RuntimeException e) {
        VirtException v = e instanceof VirtException x ? x
                : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, String.valueOf(e.getMessage()), e);
        if (failure == null) {
            failure = v;
        } else if (failure != v) {
            failure.addSuppressed(v);
        }
    }
}
