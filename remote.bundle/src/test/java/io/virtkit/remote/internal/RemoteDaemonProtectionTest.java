package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.admin.RemoteDaemon;

/** The per-client protection as pid io.virtkit.remote configures it, and as RemoteDaemon.protection() reports it. */
class RemoteDaemonProtectionTest {

    private static RemoteDaemonConfig config(Map<String, Object> values) {
        return (RemoteDaemonConfig) Proxy.newProxyInstance(RemoteDaemonConfig.class.getClassLoader(),
                new Class<?>[] {RemoteDaemonConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void theDefaultsAreTheDocumentedOnesAndZeroLimitsAreRefused() {
        assertThat(RemoteDaemonComponent.protection(config(Map.of())))
                .isEqualTo(new ClientProtection.Settings(100, 1024, 8L * 1024 * 1024))
                .isEqualTo(ClientProtection.Settings.DEFAULTS);
        assertThatThrownBy(() -> RemoteDaemonComponent.protection(config(Map.of("maxEventCallbacks", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void overTcpThePeerIsTheAddressAndItsConnectionsBeyondTheLimitAreClosedAtAccept() throws Exception {
        RemoteServer server = new RemoteServer(new TestDriverFactory(),
                List.of(ListenAddress.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)),
                new RemoteDaemon.Limits(50, 5), new ClientProtection.Settings(3, 1024, 1 << 20));
        server.start();
        List<SocketChannel> sockets = new ArrayList<>();
        try {
            String bound = server.listeners().get(0).address();
            int port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
            for (int i = 0; i < 5; i++) {
                SocketChannel s = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                s.socket().setSoTimeout(60_000);
                sockets.add(s);
            }
            // the two beyond the limit see the end of the stream; the daemon keeps three
            int closed = 0;
            for (SocketChannel s : sockets.subList(3, 5)) {
                closed += s.socket().getInputStream().read() < 0 ? 1 : 0;
            }
            assertThat(closed).isEqualTo(2);
            assertThat(server.protection().cutForConnections()).isEqualTo(2);
            assertThat(server.clientProtection().connections("address:127.0.0.1")).isEqualTo(3);
        } finally {
            for (SocketChannel s : sockets) {
                s.close();
            }
            server.close();
        }
        assertThat(server.clientProtection().connections("address:127.0.0.1")).isZero();
    }

    @Test
    void theDaemonReportsItsConfiguredLimitsAndCountsACutOff(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("sock");
        RemoteDaemonComponent daemon = new RemoteDaemonComponent(new TestDriverFactory(), config(Map.of(
                "socketPath", socket.toString(), "readOnlySocketPath", "", "maxConnectionsPerPeer", 7,
                "maxEventCallbacks", 9, "maxUnreadReplyBytes", 12345L)));
        try {
            assertThat(daemon.protection()).isEqualTo(new RemoteDaemon.Protection(7, 9, 12345, 0, 0, 0, 0));
            try (RawRpcClient c = RawRpcClient.connect(socket, TimeUnit.SECONDS.toNanos(60))) {
                c.send(new byte[] {(byte) 0xff, 0, 0, 0}); // a length no packet has
                assertThat(c.read()).isNull();
            }
            assertThat(daemon.protection().cutForBadInput()).isEqualTo(1);
        } finally {
            daemon.deactivate();
        }
    }
}
