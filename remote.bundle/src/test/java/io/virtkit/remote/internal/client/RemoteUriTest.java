package io.virtkit.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;

class RemoteUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "test:///default", "lxc:///system", "qemu:///session",
            "qemu+ssh://root@host/system", "qemu+ext:///system", "xen://dom0.example/system", "xen:///system",
            "qemu+unix:///system", "lxc+unix:///system"})
    void localUrisAndOtherTransportsAreDeclined(String uri) {
        assertThat(RemoteUri.of(URI.create(uri))).isEmpty();
        assertThat(new RemoteDriver().open(OpenRequest.of(uri), ConnectionEvents.NONE)).isEmpty();
    }

    @Test
    void tlsTakesLibvirtsPortItsFilesAndOpensTheUriWithoutTransportHostOrClientParameters() {
        RemoteUri u = RemoteUri.of(URI.create("qemu+tls://b.example/system?pkipath=/etc/vk/pki&no_verify=1")).get();
        assertThat(u.transport()).isEqualTo("tls");
        assertThat(u.host()).isEqualTo("b.example");
        assertThat(u.port()).isEqualTo(16514);
        assertThat(u.pkiPath()).isEqualTo(Path.of("/etc/vk/pki"));
        assertThat(u.verify()).isFalse();
        assertThat(u.name()).isEqualTo("qemu:///system");
    }

    @Test
    void aHostWithoutTransportMeansTls() {
        RemoteUri u = RemoteUri.of(URI.create("qemu://10.77.0.2:16600/system")).get();
        assertThat(u.transport()).isEqualTo("tls");
        assertThat(u.port()).isEqualTo(16600);
        assertThat(u.pkiPath()).isNull();
        assertThat(u.verify()).isTrue();
        assertThat(u.name()).isEqualTo("qemu:///system");
    }

    @Test
    void tcpTakesLibvirtsPortAndLocalhostWithoutHost() {
        RemoteUri u = RemoteUri.of(URI.create("test+tcp:///default")).get();
        assertThat(u.host()).isEqualTo("localhost");
        assertThat(u.port()).isEqualTo(16509);
        assertThat(u.name()).isEqualTo("test:///default");
        assertThat(RemoteUri.of(URI.create("xen+tcp://h/system")).get().name()).isEqualTo("xen:///system");
    }

    @Test
    void unixTakesItsSocketAndPassesTheDriversOwnParametersOn() {
        RemoteUri u = RemoteUri.of(URI.create("qemu+unix:///system?socket=/run/x/sock&mode=legacy&foo=a%20b")).get();
        assertThat(u.socket()).isEqualTo(Path.of("/run/x/sock"));
        assertThat(u.name()).isEqualTo("qemu:///system?foo=a%20b");
        assertThatThrownBy(() -> RemoteUri.of(URI.create("qemu+unix://otherhost/system")))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }

    @Test
    void noDaemonOnTheSocketIsLibvirtsConnectError(@org.junit.jupiter.api.io.TempDir Path dir) {
        String uri = "test+unix:///default?socket=" + dir.resolve("none-sock");
        assertThatThrownBy(() -> new RemoteDriver().open(OpenRequest.of(uri), ConnectionEvents.NONE))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e.getMessage()).startsWith("Failed to connect socket to '" + dir.resolve("none-sock")
                            + "': ");
                });
    }

    @Test
    void aBadPkipathIsRefusedNamingTheMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path pki = dir.resolve("no-such-pki");
        String uri = "test+tls://127.0.0.1:1/default?pkipath=" + pki;
        assertThatThrownBy(() -> new RemoteDriver().open(OpenRequest.of(uri), ConnectionEvents.NONE))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e.getMessage()).contains(pki.resolve("cacert.pem").toString());
                });
    }
}
