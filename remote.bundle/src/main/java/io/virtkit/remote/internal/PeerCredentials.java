package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

import io.virtkit.api.ClientIdentity;

/** Who is on the other end of a client socket, for {@code virt:srv-clients}, for the drivers and for its role. */
final class PeerCredentials {
    private PeerCredentials() {
    }

    /** A local process's user and (effective) group as the kernel gave them (SO_PEERCRED). */
    record UnixPeer(UserPrincipal user, GroupPrincipal group) {
    }

    /**
     * The user and group of the process on the other end of a UNIX socket; empty for TCP, or when they cannot be
     * read (a framework without jdk.net): the principals compare equal to those looked up by name or number.
     */
    static Optional<UnixPeer> unixPeer(SocketChannel socket) {
        try {
            if (socket.getRemoteAddress() instanceof InetSocketAddress) {
                return Optional.empty();
            }
            jdk.net.UnixDomainPrincipal p = socket.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return Optional.of(new UnixPeer(p.user(), p.group()));
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            return Optional.empty();
        }
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
