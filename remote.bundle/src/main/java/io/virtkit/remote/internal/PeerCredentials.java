package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;

import io.virtkit.api.ClientIdentity;

/** Who is on the other end of a client socket, for {@code virt:srv-clients} and for the drivers. */
final class PeerCredentials {
    private PeerCredentials() {
    }

    /** {@code user=NAME,group=NAME} for a UNIX socket (SO_PEERCRED), {@code host:port} for TCP. */
    static String describe(SocketChannel socket) {
        try {
            SocketAddress remote = socket.getRemoteAddress();
            if (remote instanceof InetSocketAddress inet) {
                return inet.getAddress().getHostAddress() + ":" + inet.getPort();
            }
        } catch (IOException e) {
            return "unknown";
        }
        try {
            // jdk.net is imported optionally: a framework that does not export it still gets a working daemon
            jdk.net.UnixDomainPrincipal p = socket.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return "user=" + p.user().getName() + ",group=" + p.group().getName();
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            return "local";
        }
    }

    /** The client as the drivers see it: its user name from SO_PEERCRED on a UNIX socket, else nobody known. */
    static ClientIdentity identity(SocketChannel socket) {
        try {
            if (socket.getRemoteAddress() instanceof InetSocketAddress) {
                return ClientIdentity.UNKNOWN;
            }
            jdk.net.UnixDomainPrincipal p = socket.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return new ClientIdentity(Optional.of(p.user().getName()), -1, -1, -1, -1, Optional.empty());
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            return ClientIdentity.UNKNOWN;
        }
    }
}
