package io.virtkit.remote.internal;

/** How a stream reaches its client: the client's packet writer, and its way out for a peer breaking the protocol. */
interface StreamOutput {
    /** Writes one whole packet; returns once it is on the socket, or at once when the client has gone. */
    void send(Packet packet);

    /** Drops the client, as libvirtd closes one that breaks the stream protocol (a hole on a stream not sparse). */
    void closeClient();
}
