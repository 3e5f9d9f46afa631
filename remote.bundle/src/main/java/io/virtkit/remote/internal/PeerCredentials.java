package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/** Who is on the other end of a client socket, for {@code virt:srv-clients}. */
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
}
