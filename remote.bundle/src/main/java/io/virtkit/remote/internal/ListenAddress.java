package io.virtkit.remote.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link RemoteServer} listens: a UNIX socket path or a loopback TCP address, read-write or
 * read-only. Exactly one of {@code path} and {@code tcp} is set.
 */
record ListenAddress(Path path, InetSocketAddress tcp, boolean readOnly) {
    ListenAddress {
        if ((path == null) == (tcp == null)) {
            throw new IllegalArgumentException("a listen address is either a socket path or a TCP address");
        }
        if (tcp != null && (tcp.isUnresolved() || !tcp.getAddress().isLoopbackAddress())) {
            // no TLS and no SASL here: anything beyond loopback would hand the API to the network
            throw new IllegalArgumentException("TCP listen address " + tcp.getHostString()
                    + " is not a loopback address; only loopback is allowed");
        }
    }

    static ListenAddress unix(Path path, boolean readOnly) {
        return new ListenAddress(Objects.requireNonNull(path, "path"), null, readOnly);
    }

    static ListenAddress tcp(InetSocketAddress address, boolean readOnly) {
        return new ListenAddress(null, Objects.requireNonNull(address, "address"), readOnly);
    }

    String transport() {
        return path != null ? "unix" : "tcp";
    }

    /** As the operator wrote it: the socket path, or host:port. */
    String display() {
        return path != null ? path.toString() : tcp.getAddress().getHostAddress() + ":" + tcp.getPort();
    }
}
