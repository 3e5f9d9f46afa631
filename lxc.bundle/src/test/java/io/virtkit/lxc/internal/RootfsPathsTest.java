package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathsTest {

    @TempDir
    Path root;

    @Test
    void linksAreFollowedInsideTheRootNeverIntoTheHost() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.writeString(root.resolve("bin/busybox"), "x");
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.createDirectories(root.resolve("sbin"));
        Files.createSymbolicLink(root.resolve("sbin/init"), Path.of("/bin/busybox"));
        Files.createSymbolicLink(root.resolve("sbin/hostsh"), Path.of("/usr/bin/env")); // exists on the host only
        Files.createSymbolicLink(root.resolve("sbin/up"), Path.of("../../../bin/sh"));

        assertThat(RootfsPaths.resolve(root, "/bin/sh")).contains(root.resolve("bin/busybox"));
        assertThat(RootfsPaths.resolve(root, "/sbin/init")).contains(root.resolve("bin/busybox"));
        assertThat(RootfsPaths.resolve(root, "/sbin/up")).contains(root.resolve("bin/busybox"));
        assertThat(RootfsPaths.resolve(root, "/sbin/hostsh")).isEmpty();
        assertThat(RootfsPaths.resolve(root, "/no/such")).isEmpty();
    }

    @Test
    void aLinkLoopEnds() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

        assertThat(RootfsPaths.resolve(root, "/a")).isEmpty();
    }
}
