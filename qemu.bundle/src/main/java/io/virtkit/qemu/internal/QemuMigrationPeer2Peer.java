package io.virtkit.qemu.internal;

import java.util.Set;
import java.util.function.Supplier;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationFinished;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;

/**
 * A peer-to-peer migration (PEER2PEER, libvirt's {@code qemuMigrationSrcPerformPeer2Peer3}): the source's perform
 * step opens the destination itself through Virtkit's {@link ConnectionFactory} (the remote client driver serves
 * {@code qemu+tls://host/system}) and runs the whole protocol: begin here, prepare there, the transfer here, finish
 * there, confirm here. Whatever fails, the guest ends up running on exactly one side: a failed prepare or transfer
 * cancels the destination's finish and resumes the guest here; a finish that gives no domain cancels confirm.
 */
final class QemuMigrationPeer2Peer {

    private final QemuMigrationSource source;
    private final Supplier<ConnectionFactory> factory;

    QemuMigrationPeer2Peer(QemuMigrationSource source, Supplier<ConnectionFactory> factory) {
        this.source = source;
        this.factory = factory;
    }

    void migrate(QemuDomainObject d, String dconnuri, MigrationParams params, long flags) {
        Set<MigrateFlag> set = QemuMigrationSource.checkFlags(flags, "qemuDomainMigratePerform3Params");
        try (Connection dconn = open(dconnuri)) {
            if (!dconn.supportsMigration()) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                        "Destination libvirt does not support peer-to-peer migration protocol");
            }
            MigrationBegin begin = source.begin(d, params, flags);
            MigrationPrepared prepared;
            try {
                prepared = dconn.migratePrepare(params.withDestinationXml(begin.domainXml()), begin.cookie(), flags);
            } catch (RuntimeException e) {
                source.confirm(d, set, true);
                throw e;
            }
            String uri = prepared.uri() != null ? prepared.uri() : params.uri();
            RuntimeException failure = null;
            byte[] cookie = begin.cookie();
            try {
                cookie = source.perform(d, uri, params, set);
            } catch (RuntimeException e) {
                failure = e;
            }
            MigrationFinished finished = null;
            try {
                finished = dconn.migrateFinish(params, cookie, flags, failure != null);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            boolean cancelled = finished == null || finished.domain() == null;
            try {
                source.confirm(d, set, cancelled);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (cancelled) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                        "migration of domain '" + d.name() + "' was cancelled on the destination");
            }
        }
    }

    private Connection open(String dconnuri) {
        ConnectionFactory f = factory.get();
        if (f == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "Failed to connect to remote "
                    + "libvirt URI " + dconnuri + ": no connection factory (Virtkit's core is not running)");
        }
        try {
            return f.open(dconnuri);
        } catch (VirtException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "Failed to connect to remote libvirt URI " + dconnuri + ": " + e.getMessage(), e);
        }
    }
}
