package io.virtkit.model.domain;

/**
 * One {@code <host>} of a network disk source: a server by name and port, or a UNIX socket.
 *
 * @param name      the host name or address, or {@code null}
 * @param port      the port, or {@code null} for the protocol's default
 * @param transport {@code tcp}, {@code rdma} or {@code unix}, or {@code null}
 * @param socket    the socket path for {@code unix}, or {@code null}
 */
public record DiskHost(String name, String port, String transport, String socket) {
}
