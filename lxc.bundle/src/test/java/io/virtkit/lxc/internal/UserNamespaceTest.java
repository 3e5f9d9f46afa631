package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.IdMap;

/** The host side of a container's user namespace: the map text and who can reach a filesystem source. */
class UserNamespaceTest {

    private static final IdMap MAP = new IdMap(
            List.of(new IdMap.Range(0, 100_000, 1000), new IdMap.Range(1000, 300_000, 10)),
            List.of(new IdMap.Range(0, 200_000, 65536)));

    @Test
    void theMapsAreOneLinePerRangeAsTheKernelReadsThem() {
        assertThat(UserNamespace.mapText(MAP.uids())).isEqualTo("0 100000 1000\n1000 300000 10\n");
        assertThat(UserNamespace.mapText(MAP.gids())).isEqualTo("0 200000 65536\n");
        assertThat(UserNamespace.rootUid(MAP)).isEqualTo(100_000);
        assertThat(UserNamespace.rootGid(MAP)).isEqualTo(200_000);
    }

    @Test
    void mappedIdsAreTheRangesOnBothSides() {
        assertThat(UserNamespace.maps(MAP.uids(), 100_999)).isTrue();
        assertThat(UserNamespace.maps(MAP.uids(), 101_000)).isFalse();
        assertThat(UserNamespace.maps(MAP.uids(), 300_009)).isTrue();
        assertThat(UserNamespace.maps(MAP.uids(), 0)).as("the host's root is nobody inside").isFalse();
        assertThat(UserNamespace.mapsInside(MAP.gids(), 5)).isTrue();
        assertThat(UserNamespace.mapsInside(MAP.uids(), 1010)).isFalse();
    }

    /** Needs root: it gives directories to other owners. */
    @Test
    void aSourceIsReachableWhenEveryDirectoryAboveIsSearchableByTheContainersRoot(@TempDir Path tmp)
            throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path parent = Files.createDirectories(tmp.resolve("a"));
        Path source = Files.createDirectories(parent.resolve("b"));

        // root's, rwx------: not for uid 100000
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> UserNamespace.checkReachable(MAP, source)).isInstanceOf(VirtException.class)
                .hasMessageContaining("cannot search '" + parent + "'");
        // others may search
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx-----x"));
        assertThatCode(() -> UserNamespace.checkReachable(MAP, source)).doesNotThrowAnyException();
        // the container root's group may search
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x---"));
        Files.setAttribute(parent, "unix:gid", 200_000);
        assertThatCode(() -> UserNamespace.checkReachable(MAP, source)).doesNotThrowAnyException();
        // owner and group both mapped: its capabilities count, whatever the mode
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("---------"));
        Files.setAttribute(parent, "unix:uid", 100_500);
        assertThatCode(() -> UserNamespace.checkReachable(MAP, source)).doesNotThrowAnyException();
        // mapped owner, unmapped group, no bits: nothing lets it through
        Files.setAttribute(parent, "unix:gid", 0);
        assertThatThrownBy(() -> UserNamespace.checkReachable(MAP, source)).isInstanceOf(VirtException.class);
        // owned by the container's root itself: the owner bits decide
        Files.setAttribute(parent, "unix:uid", 100_000);
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("--x------"));
        assertThatCode(() -> UserNamespace.checkReachable(MAP, source)).doesNotThrowAnyException();
    }
}
