package io.virtkit.remote.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

import io.virtkit.remote.internal.tls.TlsServer;

/**
 * Where a {@link RemoteServer} listens: a UNIX socket path, a loopback TCP address, or a TCP address with TLS (any
 * address: clients prove who they are with certificates); read-write or read-only. Exactly one of {@code path} and
 * {@code tcp} is set; {@code tls} only with {@code tcp}.
 */
record ListenAddress(Path path, InetSocketAddress tcp, boolean readOnly, TlsServer tls) {
    ListenAddress {
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
        return new ListenAddress(Objects.requireNonNull(path, "path"), null, readOnly, null);
    }

    static ListenAddress tcp(InetSocketAddress address, boolean readOnly) {
        return new ListenAddress(null, Objects.requireNonNull(address, "address"), readOnly, null);
    }

    /** TCP with TLS, on any address: libvirtd's {@code listen_tls}. */
    static ListenAddress tls(InetSocketAddress address, TlsServer tls) {
        return new ListenAddress(null, Objects.requireNonNull(address, "address"), false,
                Objects.requireNonNull(tls, "tls"));
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
