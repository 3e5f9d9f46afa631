package io.virtkit.remote.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the remote daemon (pid {@code io.virtkit.remote}), libvirtd.conf's listening part. */
@ObjectClassDefinition(name = "Virtkit remote daemon",
        description = "Sockets on which libvirt's RPC protocol is served (virsh, python-libvirt, libvirt-java)")
public @interface RemoteDaemonConfig {

    @AttributeDefinition(description = "Read-write UNIX socket (mode socketMode); empty: none")
    String socketPath() default "/run/virtkit/virtkit-sock";

    @AttributeDefinition(description = "Mode of the read-write socket, octal (libvirtd's unix_sock_rw_perms): 0600 lets "
            + "only the daemon's user connect; with roles configured, 0666 lets every local user connect, each with "
            + "its role (no role: read-only)")
    String socketMode() default "0600";

    @AttributeDefinition(required = false,
            description = "Read-only UNIX socket (mode 0777, mutating calls refused); empty: none")
    String readOnlySocketPath() default "/run/virtkit/virtkit-sock-ro";

    @AttributeDefinition(description = "Also listen on TCP (no authentication: loopback addresses only)")
    boolean tcpEnabled() default false;

    @AttributeDefinition(description = "TCP listen address; must be a loopback address")
    String tcpAddress() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (libvirtd's is 16509); 0 picks a free one")
    int tcpPort() default 16509;

    @AttributeDefinition(description = "Listen with TLS (libvirtd's listen_tls): x509 certificates, clients must present one")
    boolean tlsEnabled() default false;

    @AttributeDefinition(description = "TLS listen address")
    String tlsAddress() default "0.0.0.0";

    @AttributeDefinition(description = "TLS port (libvirtd's is 16514); 0 picks a free one")
    int tlsPort() default 16514;

    @AttributeDefinition(description = "CA certificate(s) client certificates must be signed by (libvirtd's ca_file)")
    String caFile() default "/etc/pki/CA/cacert.pem";

    @AttributeDefinition(description = "The daemon's certificate (libvirtd's cert_file)")
    String certFile() default "/etc/pki/libvirt/servercert.pem";

    @AttributeDefinition(description = "The daemon's private key (libvirtd's key_file)")
    String keyFile() default "/etc/pki/libvirt/private/serverkey.pem";

    @AttributeDefinition(required = false, description = "Client certificate distinguished names allowed, as globs "
            + "(libvirtd's tls_allowed_dn_list, e.g. C=GB,O=Example,CN=*); empty: any certificate signed by the CA")
    String[] tlsAllowedDnList() default {};

    @AttributeDefinition(required = false, description = "Roles of local users on the read-write socket, "
            + "ROLE:USER (ROLE viewer, operator or admin; USER a name or uid), e.g. operator:alice. Root and the "
            + "daemon's user are always admin; other users without a role may only open read-only")
    String[] unixUserRoles() default {};

    @AttributeDefinition(required = false, description = "Roles of local groups on the read-write socket, "
            + "ROLE:GROUP (a name or gid): the client process's group and the user's groups in /etc/group count")
    String[] unixGroupRoles() default {};

    @AttributeDefinition(required = false, description = "Roles of TLS clients, ROLE:DN-GLOB (globs as in "
            + "tlsAllowedDnList), e.g. viewer:C=GB,O=Example,CN=*. Empty: every client let in is admin; else one "
            + "no glob matches may only open read-only")
    String[] tlsDnRoles() default {};

    @AttributeDefinition(description = "Clients connected at once; more are refused")
    int maxClients() default 200;

    @AttributeDefinition(description = "Calls one client may have outstanding before the daemon stops reading from it")
    int maxRequestsPerClient() default 5;

    @AttributeDefinition(description = "Connections one peer may hold at once (a process on a UNIX socket, an address "
            + "over TCP/TLS); its next ones are closed at accept, so one peer cannot take every client place")
    int maxConnectionsPerPeer() default 100;

    @AttributeDefinition(description = "Event callbacks one client may register (domain, network, storage pool "
            + "together); the next registration is refused and the client disconnected")
    int maxEventCallbacks() default 1024;

    @AttributeDefinition(description = "Bytes of replies and events one client may leave unread behind the packet "
            + "being sent to it; a client over it (one that does not read) is disconnected")
    long maxUnreadReplyBytes() default 8388608;
}
