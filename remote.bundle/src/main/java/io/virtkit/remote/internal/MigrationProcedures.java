package io.virtkit.remote.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationFinished;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;

/**
 * Migration (libvirt's version 3 protocol with parameters: {@code remote_domain_migrate_*3_params_args}) and domain
 * jobs ({@code remote_domain_get_job_info}, {@code _get_job_stats}, {@code _abort_job}). The daemon only relays:
 * cookies are the drivers' opaque bytes, flags travel as libvirt's bits for the driver to check. The one thing it
 * adds is the destination's address (see {@link #prepareParams}).
 *
 * <p>Perform and finish last as long as the transfer; they need nothing special here: the daemon's
 * {@link SlowCallWatcher} hands a loop stuck in a call on to another thread, so the client's job info polls and
 * keepalive PINGs are answered meanwhile.
 */
final class MigrationProcedures {
    /** {@code REMOTE_MIGRATE_COOKIE_MAX}. */
    static final int COOKIE_MAX = 4 * 1024 * 1024;
    /** {@code virDomainGetJobStatsFlags}. */
    static final int JOB_STATS_COMPLETED = 1;
    static final int JOB_STATS_KEEP_COMPLETED = 1 << 1;
    /** What libvirtd answers when a call failed without an error: a finish that gave no domain. */
    static final String NO_ERROR_SET = "Library function returned error but did not set virError";

    private MigrationProcedures() {
    }

    /**
     * @param localAddress the address of the client's socket on this host (null for a UNIX socket): where a peer
     *        that reaches this daemon can send a guest's memory
     */
    static void call(Procedure p, Connection conn, InetAddress localAddress, XdrReader in, XdrWriter out) {
        switch (p) {
            case DOMAIN_GET_JOB_INFO -> InfoXdr.writeJobInfo(out, RemoteTypes.readDomain(in, conn).jobInfo());
            case DOMAIN_GET_JOB_STATS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                long flags = in.readUnsigned();
                // KEEP_COMPLETED asks to keep the completed job's statistics after reading them: Virtkit always does
                RemoteTypes.refuseFlags(flags & ~(JOB_STATS_COMPLETED | JOB_STATS_KEEP_COMPLETED), p.function(),
                        p.errorDomain());
                DomainJobStats stats = d.jobStats((flags & JOB_STATS_COMPLETED) != 0);
                if (stats.fields().size() > TypedParams.JOB_STATS_MAX) {
                    // libvirt's clients could not decode more: refused here, as libvirtd does
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "Too many job stats '"
                            + stats.fields().size() + "' for limit '" + TypedParams.JOB_STATS_MAX + "'");
                }
                out.writeInt(stats.type().number());
                TypedParams.write(out, stats.fields());
            }
            case DOMAIN_ABORT_JOB -> RemoteTypes.readDomain(in, conn).abortJob();
            case DOMAIN_MIGRATE_BEGIN3_PARAMS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                MigrationParams params = readParams(in);
                MigrationBegin begin = d.migrateBegin(params, in.readUnsigned());
                out.writeOpaque(begin.cookie()).writeString(begin.domainXml());
            }
            case DOMAIN_MIGRATE_PREPARE3_PARAMS -> {
                MigrationParams params = prepareParams(readParams(in), localAddress);
                byte[] cookie = in.readOpaque(COOKIE_MAX);
                MigrationPrepared prepared = conn.migratePrepare(params, cookie, in.readUnsigned());
                out.writeOpaque(prepared.cookie()).writeOptionalString(prepared.uri());
            }
            case DOMAIN_MIGRATE_PERFORM3_PARAMS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                String dconnuri = in.readOptionalString(RemoteTypes.STRING_MAX);
                MigrationParams params = readParams(in);
                byte[] cookie = in.readOpaque(COOKIE_MAX);
                long flags = in.readUnsigned();
                byte[] cookieOut = d.migratePerform(dconnuri, params, cookie, flags);
                // peer to peer, the source drove the destination itself: libvirt's client takes no cookie back then
                // (it refuses one: "caller ignores cookieout")
                boolean p2p = (flags & MigrateFlag.PEER2PEER.bit()) != 0;
                out.writeOpaque(cookieOut == null || p2p ? new byte[0] : cookieOut);
            }
            case DOMAIN_MIGRATE_FINISH3_PARAMS -> {
                MigrationParams params = readParams(in);
                byte[] cookie = in.readOpaque(COOKIE_MAX);
                long flags = in.readUnsigned();
                boolean cancelled = in.readInt() != 0;
                MigrationFinished finished = conn.migrateFinish(params, cookie, flags, cancelled);
                if (finished.domain() == null) {
                    // the reply's domain may not be null: libvirtd answers with its error, the client keeps the
                    // error of the step that failed
                    throw VirtException.withMessage(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, NO_ERROR_SET);
                }
                RemoteTypes.writeDomain(out, finished.domain());
                out.writeOpaque(finished.cookie());
            }
            case DOMAIN_MIGRATE_CONFIRM3_PARAMS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                MigrationParams params = readParams(in);
                byte[] cookie = in.readOpaque(COOKIE_MAX);
                long flags = in.readUnsigned();
                boolean cancelled = in.readInt() != 0;
                d.migrateConfirm(params, cookie, flags, cancelled);
            }
            default -> throw new IllegalStateException("not a migration procedure: " + p);
        }
    }

    static MigrationParams readParams(XdrReader in) {
        Map<String, Object> typed = TypedParams.read(in, TypedParams.MIGRATE_PARAM_LIST_MAX);
        return MigrationParams.fromTyped(typed);
    }

    /**
     * The parameters for the destination's prepare: a client that named no {@code migrate_uri} gets the address it
     * reached this daemon on ({@code tcp://ADDRESS}), so the URI the source is told names an address the source
     * demonstrably reaches, never a host name that may resolve elsewhere. Over a UNIX socket there is none to give:
     * the driver decides.
     */
    static MigrationParams prepareParams(MigrationParams params, InetAddress localAddress) {
        if (params.uri() != null || localAddress == null) {
            return params;
        }
        return params.withUri("tcp://" + uriHost(localAddress));
    }

    /** A literal address as a URI's host: IPv6 in brackets, without its scope. */
    static String uriHost(InetAddress address) {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
        }
        return host;
    }
}
