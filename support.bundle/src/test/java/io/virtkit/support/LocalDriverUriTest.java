package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class LocalDriverUriTest {

    @Test
    void aLocalUriOfTheSchemeGivesItsPath() {
        assertThat(LocalDriverUri.path(URI.create("qemu:///system"), "qemu")).contains("/system");
        assertThat(LocalDriverUri.path(URI.create("LXC:///"), "lxc")).contains("/");
    }

    @Test
    void anotherSchemeARemoteOrAnOpaqueUriIsNotTheLocalDriversOwn() {
        assertThat(LocalDriverUri.path(URI.create("test:///default"), "qemu")).isEmpty();
        assertThat(LocalDriverUri.path(URI.create("qemu://host/system"), "qemu")).isEmpty();
        assertThat(LocalDriverUri.path(URI.create("qemu+ssh://host/system"), "qemu")).isEmpty();
        assertThat(LocalDriverUri.path(URI.create("qemu:system"), "qemu")).isEmpty();
    }

    @Test
    void driverDirsNameTheirFilesAndAreAbsolute() {
        DriverDirs dirs = DriverDirs.under(java.nio.file.Path.of("rel"));
        assertThat(dirs.config()).isAbsolute();
        assertThat(dirs.statusFile("vm")).isEqualTo(dirs.runtime().resolve("vm.xml"));
        assertThat(dirs.logFile("vm")).isEqualTo(dirs.log().resolve("vm.log"));
    }
}
