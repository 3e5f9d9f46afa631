package io.virtkit.api.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One connected client of a {@link RemoteDaemon} ({@code virt-admin srv-clients-list}).
 *
 * @param id daemon-unique, increasing client number
 * @param transport {@code unix} or {@code tcp}
 * @param peer who is connected: {@code pid=N,uid=N} on a UNIX socket, {@code host:port} over TCP
 * @param readOnly whether the client came through a read-only socket
 * @param connectedAt when the daemon accepted it
 * @param uri the connection URI the client opened, empty before CONNECT_OPEN
 * @param calls calls answered so far
 */
public record ClientInfo(long id, String transport, String peer, boolean readOnly, Instant connectedAt,
        Optional<String> uri, long calls) {
    public ClientInfo {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(uri, "uri");
    }
}
