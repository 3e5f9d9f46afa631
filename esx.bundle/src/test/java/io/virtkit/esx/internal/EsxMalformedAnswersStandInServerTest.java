package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;

/**
 * Answers no vSphere server gives but a broken proxy, a web server on the wrong port or a dropped connection
 * can: garbage, an HTML error page, a SOAP envelope cut off, silence. A stand-in at the HTTP boundary (a tiny
 * server of the test's own; vcsim cannot be made to answer so) that speaks just enough SOAP for the driver to
 * log in when the broken answer is to come later. Each ends in a clear INTERNAL_ERROR, in time, with the
 * session logged out.
 */
class EsxMalformedAnswersStandInServerTest {

    private static final String SERVICE_CONTENT = """
            <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>\
            <rootFolder type="Folder">ha-folder-root</rootFolder>\
            <propertyCollector type="PropertyCollector">ha-property-collector</propertyCollector>\
            <about><name>stand-in</name><apiType>HostAgent</apiType><apiVersion>6.5</apiVersion>\
            <version>6.5.0</version></about>\
            <sessionManager type="SessionManager">ha-sessionmgr</sessionManager>\
            </returnval></RetrieveServiceContentResponse>""";
    private static final String LOGIN = """
            <LoginResponse xmlns="urn:vim25"><returnval><key>k</key><userName>root</userName></returnval>\
            </LoginResponse>""";

    /** What the stand-in answers to the calls it does not serve properly. */
    enum Broken {
        GARBAGE(200, "text/plain", "this is not a SOAP answer"),
        HTML_500(500, "text/html", "<html><head><title>500 Internal Server Error</title></head>"
                + "<body><h1>Internal Server Error</h1></body></html>"),
        TRUNCATED(200, "text/xml", envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects>"
                + "<obj type=\"Datacenter\">ha-datacenter</obj>").substring(0, 260)),
        SILENT(0, null, null);

        final int status;
        final String type;
        final String body;

        Broken(int status, String type, String body) {
            this.status = status;
            this.type = type;
            this.body = body;
        }
    }

    private HttpServer server;
    private volatile Broken broken;
    private volatile boolean brokenFromTheStart;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/sdk", this::answer);
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        stop.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = request.replaceAll("(?s).*<soapenv:Body><([A-Za-z_]+).*", "$1");
        calls.add(method);
        if (!brokenFromTheStart) {
            switch (method) {
                case "RetrieveServiceContent" -> {
                    send(exchange, 200, "text/xml", envelope(SERVICE_CONTENT));
                    return;
                }
                case "Login" -> {
                    send(exchange, 200, "text/xml", envelope(LOGIN));
                    return;
                }
                case "Logout" -> {
                    send(exchange, 200, "text/xml", envelope("<LogoutResponse xmlns=\"urn:vim25\"/>"));
                    return;
                }
                default -> {
                    // broken below
                }
            }
        }
        if (broken == Broken.SILENT) {
            try {
                stop.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        send(exchange, broken.status, broken.type, broken.body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope "
                + "xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>" + body
                + "</soapenv:Body></soapenv:Envelope>";
    }

    /** Opens Virtkit's driver on the stand-in (plain HTTP); the failure. */
    private VirtException openFails(Broken answer, boolean fromTheStart) {
        broken = answer;
        brokenFromTheStart = fromTheStart;
        EsxDriver driver = new EsxDriver(EsxSettings.DEFAULTS.withCallTimeout(Duration.ofSeconds(2)),
                Map.of("HOME", "/nonexistent"));
        URI uri = URI.create("esx://root@127.0.0.1:" + server.getAddress().getPort() + "/?transport=http");
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> driver.open(new OpenRequest(uri, false,
                credentials -> credentials.forEach(c -> c.answer("secret")), ClientIdentity.UNKNOWN),
                ConnectionEvents.NONE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure).isInstanceOf(VirtException.class);
        VirtException e = (VirtException) failure;
        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(e.domain()).isEqualTo(ErrorDomain.ESX);
        return e;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void garbageInsteadOfTheServiceContent() {
        assertThat(openFails(Broken.GARBAGE, true).getMessage())
                .contains("malformed answer from " + base() + " to 'RetrieveServiceContent'");
        assertThat(calls).containsExactly("RetrieveServiceContent");
    }

    @Test
    void anHtmlErrorPageInsteadOfTheServiceContent() {
        assertThat(openFails(Broken.HTML_500, true).getMessage())
                .contains("HTTP response code 500 for call to 'RetrieveServiceContent'");
    }

    @Test
    void garbageAfterLoginLogsOut() {
        assertThat(openFails(Broken.GARBAGE, false).getMessage())
                .contains("malformed answer from " + base() + " to 'RetrievePropertiesEx'");
        assertThat(calls).containsExactly("RetrieveServiceContent", "Login", "RetrievePropertiesEx", "Logout");
    }

    @Test
    void anHtmlErrorPageAfterLoginLogsOut() {
        assertThat(openFails(Broken.HTML_500, false).getMessage())
                .contains("HTTP response code 500 for call to 'RetrievePropertiesEx'");
        assertThat(calls).endsWith("Logout");
    }

    @Test
    void aTruncatedEnvelopeAfterLoginLogsOut() {
        assertThat(openFails(Broken.TRUNCATED, false).getMessage())
                .contains("malformed answer from " + base() + " to 'RetrievePropertiesEx'");
        assertThat(calls).endsWith("Logout");
    }

    @Test
    void aSilentServerTimesOutInsteadOfHanging() {
        assertThat(openFails(Broken.SILENT, false).getMessage())
                .contains("no answer from " + base() + " to 'RetrievePropertiesEx' in time");
        assertThat(calls).endsWith("Logout");
    }
}
