package io.virtkit.api.admin;

import java.util.Objects;

/**
 * One listening socket of a {@link RemoteDaemon}.
 *
 * @param transport {@code unix} or {@code tcp}, as in libvirt's URI transports
 * @param address the socket path, or {@code host:port} for TCP
 * @param readOnly whether clients on it may only call non-mutating procedures
 * @param clients how many clients are connected through it now
 */
public record ListenerInfo(String transport, String address, boolean readOnly, int clients) {
    public ListenerInfo {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
    }
}
