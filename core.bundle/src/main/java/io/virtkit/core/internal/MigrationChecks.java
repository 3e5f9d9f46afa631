package io.virtkit.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;

/**
 * The checks libvirt's public migration calls ({@code virDomainMigrate3}, {@code virDomainMigrateToURI3}) make
 * before any driver sees them, worded as libvirt words them; and the QEMU driver's refusals that hold for every
 * Virtkit driver (offline needs a persistent destination, there is no tunnelled mode).
 */
final class MigrationChecks {

    private MigrationChecks() {
    }

    /** libvirt's {@code virCheckConnect} and {@code virCheckReadOnly} on the destination of a managed migration. */
    static void destination(Connection destination, String function) {
        if (destination == null || !destination.isAlive()) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, function);
        }
        if (destination instanceof CoreConnection core && core.isReadOnly()) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE,
                    "read only access prevents " + function);
        }
    }

    /** {@code VIR_EXCLUSIVE_FLAGS(NON_SHARED_DISK, NON_SHARED_INC)}. */
    static void nonSharedExclusive(long flags) {
        if (has(flags, MigrateFlag.NON_SHARED_DISK) && has(flags, MigrateFlag.NON_SHARED_INC)) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive");
        }
    }

    /**
     * Tunnelled migration (the data through libvirt's RPC connection) is not offered by any Virtkit driver:
     * refused as libvirt refuses a flag a driver does not know. Without PEER2PEER libvirt's own words come first.
     */
    static void noTunnel(long flags, String function) {
        if (!has(flags, MigrateFlag.TUNNELLED)) {
            return;
        }
        if (!has(flags, MigrateFlag.PEER2PEER)) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "cannot perform tunnelled migration without using peer2peer flag");
        }
        DriverFlags.check(flags, ~(long) MigrateFlag.TUNNELLED.bit(), function);
    }

    /**
     * OFFLINE: both hosts must migrate (libvirt's MIGRATION_OFFLINE feature; {@code destinationSupports} null
     * when there is no destination connection), the destination must keep the definition (PERSIST_DEST) and no
     * disk can be copied (the QEMU driver's refusals).
     */
    static void offline(long flags, boolean sourceSupports, Boolean destinationSupports) {
        if (!has(flags, MigrateFlag.OFFLINE)) {
            return;
        }
        if (!sourceSupports) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "offline migration is not supported by the source host");
        }
        if (destinationSupports != null && !destinationSupports) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "offline migration is not supported by the destination host");
        }
        if (has(flags, MigrateFlag.NON_SHARED_DISK) || has(flags, MigrateFlag.NON_SHARED_INC)) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "offline migration cannot handle non-shared storage");
        }
        if (!has(flags, MigrateFlag.PERSIST_DEST)) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "offline migration must be specified with the persistent flag set");
        }
    }

    /**
     * libvirt's {@code virDomainMigrateCheckNotLocal}: a peer-to-peer destination URI must name a host other than
     * localhost, else the source would connect to itself; a UNIX socket named explicitly is taken as meant (another
     * daemon's socket on this machine).
     */
    static void notLocal(String dconnuri) {
        String host = host(dconnuri);
        boolean noHost = host == null || host.isEmpty();
        if (noHost && !namesUnixSocket(dconnuri) || !noHost && host.startsWith("localhost")) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Attempt to migrate guest to the same host");
        }
    }

    /** The URI's host; also where Java sees no server-based authority (a name with '_'), as libvirt's parser. */
    private static String host(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.URI, "Unable to parse URI " + uri);
        }
        if (parsed.getHost() != null || parsed.getRawAuthority() == null) {
            return parsed.getHost();
        }
        String authority = parsed.getRawAuthority();
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** libvirt's {@code virURICheckUnixSocket}: the UNIX transport with a {@code socket} parameter. */
    private static boolean namesUnixSocket(String uri) {
        URI parsed = URI.create(uri);
        String scheme = parsed.getScheme();
        String query = parsed.getRawQuery();
        return scheme != null && scheme.endsWith("+unix") && query != null
                && Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith("socket="));
    }

    static boolean has(long flags, MigrateFlag flag) {
        return (flags & flag.bit()) != 0;
    }
}
