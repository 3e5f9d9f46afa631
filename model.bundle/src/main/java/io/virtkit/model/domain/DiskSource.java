package io.virtkit.model.domain;

import java.util.List;

/**
 * Where a disk's (or a backing image's) data lives: its {@code <source>}. Which components apply depends on
 * the disk type: {@code path} is the file, block device, directory or vhost socket/device; a network source has
 * a {@code protocol}, a {@code name} and {@code hosts}; a volume source a {@code pool} and a {@code volume}.
 * Absent attributes are {@code null}.
 *
 * @param path          the file ({@code file}), device ({@code block}, {@code vhostvdpa}), directory
 *                      ({@code dir}) or socket ({@code vhostuser}) path
 * @param protocol      a network source's protocol ({@code nbd}, {@code rbd}, {@code iscsi}, {@code http} …)
 * @param name          a network source's image, volume or export name
 * @param query         the query string of an {@code http}/{@code https} source
 * @param tls           whether a network source speaks TLS
 * @param tlsHostname   the host name a TLS certificate is checked against
 * @param pool          a volume source's storage pool
 * @param volume        a volume source's volume
 * @param mode          how a volume source ({@code iscsi} pool) is opened: {@code host} or {@code direct}
 * @param socketType    a vhost-user source's socket type ({@code unix})
 * @param startupPolicy what happens when the source is missing: {@code mandatory}, {@code requisite},
 *                      {@code optional}
 * @param index         the live index of the image in the chain, or {@code null}
 * @param hosts         a network source's servers, in order
 * @param auth          credentials for a network source, or {@code null}
 * @param settings      per-protocol settings, labels, encryption and reservations
 *                      ({@link DiskSourceSettings#NONE} for none; {@code null} reads as that)
 */
public record DiskSource(String path, String protocol, String name, String query, Boolean tls, String tlsHostname,
        String pool, String volume, String mode, String socketType, String startupPolicy, Integer index,
        List<DiskHost> hosts, DiskAuth auth, DiskSourceSettings settings) {

    public DiskSource {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        settings = DiskSourceSettings.orNone(settings);
    }

    /** A source without settings (the form before they were modelled). */
    public DiskSource(String path, String protocol, String name, String query, Boolean tls, String tlsHostname,
            String pool, String volume, String mode, String socketType, String startupPolicy, Integer index,
            List<DiskHost> hosts, DiskAuth auth) {
        this(path, protocol, name, query, tls, tlsHostname, pool, volume, mode, socketType, startupPolicy, index,
                hosts, auth, DiskSourceSettings.NONE);
    }

    /** A source that is only a path (a file, a block device, a directory). */
    public static DiskSource ofPath(String path) {
        return new DiskSource(path, null, null, null, null, null, null, null, null, null, null, null, List.of(),
                null);
    }

    /** Whether only {@code path} is set. */
    public boolean isPathOnly() {
        return equals(ofPath(path));
    }
}
