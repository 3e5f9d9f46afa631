package io.virtkit.remote.internal.client;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.remote.internal.InfoXdr;
import io.virtkit.remote.internal.Procedure;
import io.virtkit.remote.internal.RemoteTypes;
import io.virtkit.remote.internal.TypedParams;
import io.virtkit.remote.internal.XdrWriter;

/**
 * The migration steps of libvirt's version 3 protocol with parameters ({@code remote_domain_migrate_*3_params}) and
 * the domain job calls, made on a {@link RemoteConnection}: parameters as libvirt's typed parameters, cookies as the
 * drivers' opaque bytes, flags as libvirt's bits. None has a time bound: a perform lasts as long as the transfer.
 */
final class MigrationCalls {
    /** {@code REMOTE_MIGRATE_COOKIE_MAX}. */
    static final int COOKIE_MAX = 4 * 1024 * 1024;
    /** {@code VIR_DOMAIN_JOB_STATS_COMPLETED}. */
    static final int JOB_STATS_COMPLETED = 1;

    private final RemoteConnection connection;

    MigrationCalls(RemoteConnection connection) {
        this.connection = connection;
    }

    /** libvirt's check before virDomainMigrate3: the peer speaks version 3 with parameters. */
    boolean supported() {
        return connection.supportsFeature(RemoteConnection.FEATURE_MIGRATION_V3, null)
                && connection.supportsFeature(RemoteConnection.FEATURE_MIGRATION_PARAMS, null);
    }

    MigrationBegin begin(DomainRef domain, MigrationParams params, long flags) {
        return connection.call(Procedure.DOMAIN_MIGRATE_BEGIN3_PARAMS, out -> {
            RemoteTypes.writeDomainRef(out, domain);
            TypedParams.write(out, params.toTyped());
            out.writeUnsigned(flags);
        }, in -> {
            byte[] cookie = in.readOpaque(COOKIE_MAX);
            return new MigrationBegin(in.readString(RemoteTypes.STRING_MAX), cookie);
        });
    }

    MigrationPrepared prepare(MigrationParams params, byte[] cookie, long flags) {
        return connection.call(Procedure.DOMAIN_MIGRATE_PREPARE3_PARAMS, out -> {
            TypedParams.write(out, params.toTyped());
            writeCookie(out, cookie).writeUnsigned(flags);
        }, in -> {
            byte[] cookieOut = in.readOpaque(COOKIE_MAX);
            return new MigrationPrepared(in.readOptionalString(RemoteTypes.STRING_MAX), cookieOut);
        });
    }

    byte[] perform(DomainRef domain, String dconnuri, MigrationParams params, byte[] cookie, long flags) {
        return connection.call(Procedure.DOMAIN_MIGRATE_PERFORM3_PARAMS, out -> {
            RemoteTypes.writeDomainRef(out, domain);
            out.writeOptionalString(dconnuri);
            TypedParams.write(out, params.toTyped());
            writeCookie(out, cookie).writeUnsigned(flags);
        }, in -> in.readOpaque(COOKIE_MAX));
    }

    MigrationFinish finish(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        return connection.call(Procedure.DOMAIN_MIGRATE_FINISH3_PARAMS, out -> {
            TypedParams.write(out, params.toTyped());
            writeCookie(out, cookie).writeUnsigned(flags).writeInt(cancelled ? 1 : 0);
        }, in -> {
            DomainRef domain = RemoteTypes.readDomainRef(in);
            return new MigrationFinish(domain, in.readOpaque(COOKIE_MAX));
        });
    }

    void confirm(DomainRef domain, MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        connection.call(Procedure.DOMAIN_MIGRATE_CONFIRM3_PARAMS, out -> {
            RemoteTypes.writeDomainRef(out, domain);
            TypedParams.write(out, params.toTyped());
            writeCookie(out, cookie).writeUnsigned(flags).writeInt(cancelled ? 1 : 0);
        }, in -> null);
    }

    DomainJobInfo jobInfo(DomainRef domain) {
        return connection.call(Procedure.DOMAIN_GET_JOB_INFO, out -> RemoteTypes.writeDomainRef(out, domain),
                InfoXdr::readJobInfo);
    }

    DomainJobStats jobStats(DomainRef domain, boolean completed) {
        return connection.call(Procedure.DOMAIN_GET_JOB_STATS, out -> {
            RemoteTypes.writeDomainRef(out, domain);
            out.writeUnsigned(completed ? JOB_STATS_COMPLETED : 0);
        }, in -> {
            DomainJobType type = DomainJobType.of(in.readInt());
            return new DomainJobStats(type, TypedParams.read(in, TypedParams.JOB_STATS_MAX));
        });
    }

    void abortJob(DomainRef domain) {
        connection.call(Procedure.DOMAIN_ABORT_JOB, out -> RemoteTypes.writeDomainRef(out, domain), in -> null);
    }

    private static XdrWriter writeCookie(XdrWriter out, byte[] cookie) {
        return out.writeOpaque(cookie == null ? new byte[0] : cookie);
    }
}
