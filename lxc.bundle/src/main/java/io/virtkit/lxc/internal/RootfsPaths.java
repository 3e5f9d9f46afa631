package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves a path as the container will see it, from the host: symbolic links inside the root
 * filesystem are followed relative to that root ({@code /bin/sh -> busybox}, {@code /sbin/init ->
 * /lib/systemd/systemd}), never into the host's own tree.
 */
final class RootfsPaths {
    private RootfsPaths() {
    }

    private static final int MAX_LINKS = 40;

    /** The host path of {@code containerPath} inside {@code root}, or empty when it does not exist. */
    static Optional<Path> resolve(Path root, String containerPath) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, containerPath);
        Path current = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!current.equals(root)) {
                    current = current.getParent();
                }
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                if (target.startsWith("/")) {
                    current = root;
                }
                push(todo, target);
                continue;
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }
}
