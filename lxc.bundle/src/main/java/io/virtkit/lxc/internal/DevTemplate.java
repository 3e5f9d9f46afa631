package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The minimal /dev of a container without user namespace, made by the driver on the host for each start
 * and copied by the init wrapper onto the container's tmpfs /dev with one {@code cp -a}: one process
 * where a mknod, mkdir and ln per entry cost a fork and exec each. The same entries as before: the
 * character devices null, zero, full, random, urandom and tty (mode 0666), the directories pts and shm
 * (devpts and a tmpfs are mounted on them), and the links ptmx, fd, stdin, stdout, stderr.
 * With {@code <idmap>} the wrapper binds the host's nodes instead (no mknod in a user namespace).
 */
final class DevTemplate {
    private static final int S_IFCHR = 0020000;

    /** A character device of the container's /dev. */
    record Node(String name, int major, int minor) {
    }

    static final List<Node> NODES = List.of(new Node("null", 1, 3), new Node("zero", 1, 5), new Node("full", 1, 7),
            new Node("random", 1, 8), new Node("urandom", 1, 9), new Node("tty", 5, 0));

    /**
     * The devices a container may use (its cgroup denies the rest), as libvirt's LXC driver allows them:
     * the nodes above, /dev/ptmx and the pseudo-terminals (its devpts and the console, a host pty).
     */
    static final List<String> ALLOWED_DEVICES = Stream.concat(
            NODES.stream().map(n -> "c " + n.major() + ":" + n.minor()), Stream.of("c 5:2", "c 136:*")).toList();

    private DevTemplate() {
    }

    /** Makes the template at {@code dir}, which must not exist. */
    static void create(Path dir) throws IOException {
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the tmpfs's mode=755
        for (Node n : NODES) {
            Path node = dir.resolve(n.name());
            if (LibC.INSTANCE.mknod(node.toString(), S_IFCHR | 0666, makedev(n.major(), n.minor())) != 0) {
                throw new IOException("cannot create device node " + node + ": errno " + com.sun.jna.Native.getLastError());
            }
            Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw-rw-")); // past our umask
        }
        for (String sub : List.of("pts", "shm")) {
            Files.setPosixFilePermissions(Files.createDirectory(dir.resolve(sub)),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createSymbolicLink(dir.resolve("ptmx"), Path.of("pts/ptmx"));
        Files.createSymbolicLink(dir.resolve("fd"), Path.of("/proc/self/fd"));
        Files.createSymbolicLink(dir.resolve("stdin"), Path.of("/proc/self/fd/0"));
        Files.createSymbolicLink(dir.resolve("stdout"), Path.of("/proc/self/fd/1"));
        Files.createSymbolicLink(dir.resolve("stderr"), Path.of("/proc/self/fd/2"));
    }

    /** Deletes a template (or what a failed {@link #create} made of it); nothing if there is none. */
    static void delete(Path dir) {
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(p); // entries are nodes, links and empty directories
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not there (the usual case after a start), or already gone
        }
    }

    /** glibc's makedev(3) for the 64-bit dev_t. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }
}
