package io.virtkit.remote.internal;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.admin.RemoteDaemon.Role;
import io.virtkit.remote.internal.access.ClientRoles;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * Where a {@link RemoteServer} listens: a UNIX socket path, a loopback TCP address, or a TCP address with TLS (any
 * address: clients prove who they are with certificates); read-write or read-only. Exactly one of {@code path} and
 * {@code tcp} is set; {@code tls} only with {@code tcp}. A UNIX socket file gets {@code socketPerms} (libvirtd's
 * {@code unix_sock_rw_perms} / {@code unix_sock_ro_perms}); the clients of a read-write socket get their role from
 * {@code roles}.
 */
record ListenAddress(Path path, InetSocketAddress tcp, boolean readOnly, TlsServer tls,
        Set<PosixFilePermission> socketPerms, ClientRoles roles) {
    /** A read-write socket's mode unless configured: the daemon's own user only. */
    static final Set<PosixFilePermission> READ_WRITE_PERMS = PosixFilePermissions.fromString("rw-------");
    /** A read-only socket's mode: anyone may connect, as libvirtd's {@code unix_sock_ro_perms} 0777. */
    static final Set<PosixFilePermission> READ_ONLY_PERMS = PosixFilePermissions.fromString("rwxrwxrwx");

    ListenAddress {
        Objects.requireNonNull(socketPerms, "socketPerms");
        Objects.requireNonNull(roles, "roles");
        socketPerms = Set.copyOf(socketPerms);
        if ((path == null) == (tcp == null)) {
            throw new IllegalArgumentException("a listen address is either a socket path or a TCP address");
        }
        if (tls != null && tcp == null) {
            throw new IllegalArgumentException("TLS needs a TCP address");
        }
        if (tcp != null && tcp.isUnresolved()) {
            throw new IllegalArgumentException("TCP listen address " + tcp.getHostString() + " is not an address");
        }
        if (tcp != null && tls == null && !tcp.getAddress().isLoopbackAddress()) {
            // no TLS and no SASL here: anything beyond loopback would hand the API to the network
            throw new IllegalArgumentException("TCP listen address " + tcp.getHostString()
                    + " is not a loopback address; only loopback is allowed");
        }
    }

    static ListenAddress unix(Path path, boolean readOnly) {
        return new ListenAddress(Objects.requireNonNull(path, "path"), null, readOnly, null,
                readOnly ? READ_ONLY_PERMS : READ_WRITE_PERMS, ClientRoles.DEFAULT);
    }

    static ListenAddress tcp(InetSocketAddress address, boolean readOnly) {
        return new ListenAddress(null, Objects.requireNonNull(address, "address"), readOnly, null, READ_WRITE_PERMS,
                ClientRoles.DEFAULT);
    }

    /** TCP with TLS, on any address: libvirtd's {@code listen_tls}. */
    static ListenAddress tls(InetSocketAddress address, TlsServer tls) {
        return new ListenAddress(null, Objects.requireNonNull(address, "address"), false,
                Objects.requireNonNull(tls, "tls"), READ_WRITE_PERMS, ClientRoles.DEFAULT);
    }

    /** This address with its clients' roles from {@code clientRoles}. */
    ListenAddress withRoles(ClientRoles clientRoles) {
        return new ListenAddress(path, tcp, readOnly, tls, socketPerms, clientRoles);
    }

    /** This UNIX socket with mode {@code perms}. */
    ListenAddress withSocketPerms(Set<PosixFilePermission> perms) {
        return new ListenAddress(path, tcp, readOnly, tls, perms, roles);
    }

    /**
     * The role of a client just accepted on this address: read-only on a read-only socket, else from
     * {@link #roles}: its certificate's DN over TLS, its peer credentials on a UNIX socket, none to go by on TCP.
     */
    Role roleOf(SocketChannel socket, ClientIdentity identity) {
        if (readOnly) {
            return Role.READ_ONLY;
        }
        if (tls != null) {
            return identity.x509DistinguishedName().map(roles::tlsClient).orElse(Role.READ_ONLY);
        }
        if (path != null) {
            return PeerCredentials.unixPeer(socket).map(p -> roles.unixPeer(p.user(), p.group()))
                    .orElseGet(roles::anonymous);
        }
        return roles.anonymous();
    }

    /** libvirt's transport names, as virt-admin's server and client listings show them. */
    String transport() {
        return path != null ? "unix" : tls != null ? "tls" : "tcp";
    }

    /** Whether the transport keeps the traffic from others ({@code virConnectIsSecure}): UNIX sockets and TLS. */
    boolean secure() {
        return path != null || tls != null;
    }

    /** As the operator wrote it: the socket path, or host:port. */
    String display() {
        return path != null ? path.toString() : tcp.getAddress().getHostAddress() + ":" + tcp.getPort();
    }
}
