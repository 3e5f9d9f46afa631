package io.virtkit.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * pid {@code io.virtkit.cluster}: how this host joins its cluster. The TLS files follow the remote daemon's
 * layout (libvirt's), so a host's one certificate serves its remote daemon, its ZooKeeper peer and its client.
 */
@ObjectClassDefinition(pid = "io.virtkit.cluster", name = "Virtkit cluster",
        description = "Membership, inventory, cluster guests, placement and HA over Apache ZooKeeper")
public @interface ClusterConfig {

    @AttributeDefinition(description = "embedded: this host runs one of the ensemble's peers (peerId, peers); "
            + "external: client of the ensemble in connectString")
    String mode() default "embedded";

    @AttributeDefinition(description = "This host's peer id (embedded mode), one of the ids in peers")
    int peerId() default 1;

    @AttributeDefinition(description = "The ensemble's peers (embedded mode), comma separated ID=ADDRESS, e.g. "
            + "1=10.0.0.1,2=10.0.0.2,3=10.0.0.3 (ports below), or ID=ADDRESS:QUORUMPORT:ELECTIONPORT:CLIENTPORT "
            + "where one machine runs several peers; one peer alone is a standalone ensemble")
    String peers() default "1=127.0.0.1";

    @AttributeDefinition(description = "Peers' quorum port (embedded mode)")
    int quorumPort() default 2888;

    @AttributeDefinition(description = "Peers' leader election port (embedded mode)")
    int electionPort() default 3888;

    @AttributeDefinition(description = "Client port of every peer (TLS when tlsEnabled), embedded mode")
    int clientPort() default 2281;

    @AttributeDefinition(description = "External mode: the ensemble's servers, host:port,host:port")
    String connectString() default "";

    @AttributeDefinition(description = "Root znode of this cluster (several clusters may share an ensemble)")
    String rootPath() default "/virtkit";

    @AttributeDefinition(description = "Embedded peer's data directory; empty: ${karaf.data}/virtkit/cluster/zookeeper")
    String dataDir() default "";

    @AttributeDefinition(description = "ZooKeeper session timeout: a host silent this long has left; its HA guests are restarted elsewhere after it plus haRestartMarginMs")
    int sessionTimeoutMs() default 10000;

    @AttributeDefinition(description = "Self-fencing: a host that has not reached a quorum for this long stops its HA guests (must be well under sessionTimeoutMs); 0: half the negotiated session timeout")
    int fenceAfterMs() default 0;

    @AttributeDefinition(description = "Wait after a host's session expired before its HA guests are restarted elsewhere")
    int haRestartMarginMs() default 3000;

    @AttributeDefinition(description = "TLS between peers and between clients and peers, with the files below")
    boolean tlsEnabled() default true;

    @AttributeDefinition(description = "CA certificate (PEM)")
    String caFile() default "/etc/pki/CA/cacert.pem";

    @AttributeDefinition(description = "This host's certificate (PEM), used as server and as client")
    String certFile() default "/etc/pki/libvirt/servercert.pem";

    @AttributeDefinition(description = "This host's private key (PEM)")
    String keyFile() default "/etc/pki/libvirt/private/serverkey.pem";

    @AttributeDefinition(description = "File holding the cluster's shared secret: znodes are writable only by "
            + "clients authenticated with it (ZooKeeper digest ACLs), readable by any client the TLS layer admitted")
    String secretFile() default "/etc/pki/libvirt/private/cluster-secret";

    @AttributeDefinition(description = "This host's UUID; empty: the QEMU driver's default (SMBIOS UUID, else machine-id)")
    String hostUuid() default "";

    @AttributeDefinition(description = "This host's name in the cluster; empty: the system's host name")
    String hostname() default "";

    @AttributeDefinition(description = "Where this host's remote daemon takes TLS clients and migrations, e.g. qemu+tls://10.0.0.1/system; empty: none (it cannot receive migrations)")
    String remoteUri() default "";

    @AttributeDefinition(description = "The connections inventoried and offered to cluster guests, comma separated")
    String uris() default "qemu:///system";

    @AttributeDefinition(description = "Memory offered to guests in KiB; 0: the host's MemTotal")
    long guestMemoryKiB() default 0;

    @AttributeDefinition(description = "Disk leases (DomainLockManager): a directory every host sees holding one "
            + "lock file per disk (libvirt's file_lockspace_dir); empty: the disk files themselves are locked (byte 0)")
    String lockspaceDir() default "";

    @AttributeDefinition(description = "Register the disk lock manager (libvirt's lock_manager = \"lockd\")")
    boolean diskLocks() default true;

    @AttributeDefinition(description = "How long cluster operations (a start, a migration, a graceful stop) may take on the target host")
    int operationTimeoutSeconds() default 120;
}
