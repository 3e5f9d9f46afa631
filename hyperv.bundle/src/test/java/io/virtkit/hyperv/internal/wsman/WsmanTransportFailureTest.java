package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Calls that get no answer: refused, dropped after the request, never answered. A raw socket plays the server. */
class WsmanTransportFailureTest {

    private static final CimReference VM = new CimReference(WinrmAnswers.CS, Map.of("Name", "X"));

    private static WsmanClient client(int port, Duration callTimeout) {
        return new WsmanClient(new WsmanEndpoint(URI.create("http://127.0.0.1:" + port + "/wsman"), "u",
                "p".toCharArray(), null, Duration.ofSeconds(5), callTimeout));
    }

    @Test
    void aRefusedConnectionNamesHostAndPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (WsmanClient client = client(port, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanTransportException.class)
                    .hasMessageStartingWith("cannot connect to 127.0.0.1:" + port);
        }
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsATransportFailure() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                WsmanClient client = client(socket.getLocalPort(), Duration.ofSeconds(10))) {
            Thread server = new Thread(() -> {
                try (Socket connection = socket.accept()) {
                    readRequestHead(connection.getInputStream());
                } catch (IOException e) {
                    // the test sees the client's side
                }
            });
            server.start();
            assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanTransportException.class)
                    .hasMessageContaining("127.0.0.1:" + socket.getLocalPort())
                    .hasMessageContaining("Get Msvm_ComputerSystem");
            server.join(10_000);
        }
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsATransportFailure() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                WsmanClient client = client(socket.getLocalPort(), Duration.ofMillis(300))) {
            Thread server = new Thread(() -> {
                try (Socket connection = socket.accept()) {
                    readRequestHead(connection.getInputStream());
                    done.await(10, TimeUnit.SECONDS); // holds the connection without answering
                } catch (IOException | InterruptedException e) {
                    // the test sees the client's side
                }
            });
            server.start();
            assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanTransportException.class)
                    .hasMessage("no answer from 127.0.0.1:" + socket.getLocalPort()
                            + " to Get Msvm_ComputerSystem within 300 ms");
            done.countDown();
            server.join(10_000);
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Test
    void anHttpsEndpointNeedsItsTlsSettings() {
        assertThatThrownBy(() -> new WsmanEndpoint(URI.create("https://h:5986/wsman"), "u", new char[0], null,
                Duration.ofSeconds(1), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new WsmanEndpoint(URI.create("https://h/wsman"), "u", "secret".toCharArray(), WsmanTls.checked(),
                Duration.ofSeconds(1), Duration.ofSeconds(1))).satisfies(e -> {
                    assertThat(e.hostAndPort()).isEqualTo("h:443");
                    assertThat(e.toString()).doesNotContain("secret");
                });
    }
}
