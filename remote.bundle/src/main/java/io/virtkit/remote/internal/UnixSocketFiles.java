package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Binding a UNIX listening socket with its final permissions already in place, and stale-socket handling. */
final class UnixSocketFiles {
    private UnixSocketFiles() {
    }

    /**
     * Binds {@code path} with mode {@code perms}. The socket is bound inside a private (0700) directory
     * next to it, given its mode there, then renamed into place, so that no client can ever connect
     * through looser permissions in between. An existing socket nobody answers on is stale and replaced;
     * one that answers belongs to a running daemon and is an error.
     */
    static ServerSocketChannel bind(Path path, Set<PosixFilePermission> perms) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(path)) {
                throw new FileAlreadyExistsException(path.toString(), null,
                        "another daemon is listening on this socket");
            }
            Files.delete(path);
        }
        Path staging = Files.createTempDirectory(parent, "." + path.getFileName() + ".",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = staging.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, perms);
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}
