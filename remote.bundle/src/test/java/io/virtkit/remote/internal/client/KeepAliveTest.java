package io.virtkit.remote.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;

/** A daemon that stops answering is given up as libvirt's client gives it up; a silent setup is bounded. */
class KeepAliveTest {
    @TempDir
    Path dir;

    private RemoteConnection open(Path socket, Duration setup, RpcClient.KeepAlive keepAlive) {
        String uri = "test+unix:///default?socket=" + socket;
        return new RemoteOpener(RemoteDriver::dial, setup, keepAlive).open(RemoteUri.of(URI.create(uri)).get(),
                OpenRequest.of(uri), ConnectionEvents.NONE);
    }

    @Test
    void aDaemonThatStopsAnsweringFailsTheWaitingCallAfterLibvirtsCountOfPings() throws Exception {
        Path socket = dir.resolve("sock");
        try (HungDaemon daemon = new HungDaemon(socket, true)) {
            RemoteConnection c = open(socket, Duration.ofSeconds(30),
                    new RpcClient.KeepAlive(Duration.ofMillis(100), 3));
            try {
                assertThat(c.type()).isEqualTo("HUNG");
                daemon.stopAnswering();
                // the call has no bound of its own (a migration step may take minutes): keepalive ends it
                assertThatThrownBy(c::type).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.RPC);
                    assertThat(e.getMessage()).isEqualTo("internal error: connection closed due to keepalive timeout");
                });
                assertThat(daemon.pings()).isEqualTo(3);
                assertThat(c.client().isAlive()).isFalse();
                assertThatThrownBy(c::hostname)
                        .hasMessage("internal error: connection closed due to keepalive timeout");
            } finally {
                c.close();
            }
        }
    }

    @Test
    void aDaemonSilentDuringTheSetupFailsTheOpenWithinTheSetupBound() throws Exception {
        Path socket = dir.resolve("sock");
        try (HungDaemon daemon = new HungDaemon(socket, false)) {
            assertThatThrownBy(() -> open(socket, Duration.ofMillis(300), RpcClient.KeepAlive.LIBVIRT))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT));
        }
    }
}
