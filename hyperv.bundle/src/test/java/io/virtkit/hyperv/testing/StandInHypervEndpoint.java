package io.virtkit.hyperv.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in Hyper-V host: a WS-Management endpoint (SOAP 1.2 over HTTP or HTTPS, POST /wsman, Basic
 * authentication) in front of a small Hyper-V model ({@link StandInHypervHost}). A stand-in for a boundary that
 * cannot run on this machine, built from DMTF DSP0226, WS-Transfer, WS-Enumeration and Microsoft's Msvm_*
 * documentation; tests check it with third-party WS-Man clients.
 */
public final class StandInHypervEndpoint implements AutoCloseable {

    static final String PATH = "/wsman";
    static final String CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SelfSignedCertificate certificate;
    private final StandInHypervHost host = new StandInHypervHost();
    private final WsmanDispatcher dispatcher = new WsmanDispatcher(host);
    private final String credentials;
    private final AtomicLong requests = new AtomicLong();

    private StandInHypervEndpoint(String user, String password, SelfSignedCertificate certificate)
            throws IOException {
        this.certificate = certificate;
        this.credentials = user + ":" + password;
        // the JDK's server writes an answer's headers and body apart; without TCP_NODELAY the client's delayed ACK
        // holds the body ~40 ms (a WinRM service answers in one go). Read once, when the first server is made.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (certificate == null) {
            server = HttpServer.create(address, 50);
        } else {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            server = https;
        }
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "standin-hyperv-" + server.getAddress().getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** An endpoint over HTTP on 127.0.0.1 and a free port. */
    public static StandInHypervEndpoint startHttp(String user, String password) {
        try {
            return new StandInHypervEndpoint(user, password, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in Hyper-V endpoint", e);
        }
    }

    /** An endpoint over HTTPS with a self-signed certificate made now ({@link #certificatePem()}). */
    public static StandInHypervEndpoint startHttps(String user, String password) {
        SelfSignedCertificate certificate = SelfSignedCertificate.create();
        try {
            return new StandInHypervEndpoint(user, password, certificate);
        } catch (IOException | RuntimeException e) {
            certificate.delete();
            throw new IllegalStateException("cannot start the stand-in Hyper-V endpoint", e);
        }
    }

    public URI url() {
        return URI.create(scheme() + "://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The libvirt URI that reaches this endpoint: {@code hyperv://127.0.0.1:PORT/?transport=http|https}. */
    public String libvirtUri() {
        return "hyperv://127.0.0.1:" + server.getAddress().getPort() + "/?transport=" + scheme();
    }

    /** The HTTPS certificate to trust (PEM); null over HTTP. */
    public Path certificatePem() {
        return certificate == null ? null : certificate.pem();
    }

    public StandInHypervHost host() {
        return host;
    }

    /** HTTP requests served so far, every one counted (refused ones too). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (certificate != null) {
            certificate.delete();
        }
    }

    private String scheme() {
        return certificate == null ? "http" : "https";
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().add("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null
                    || !contentType.toLowerCase(Locale.ROOT).startsWith("application/soap+xml")) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            answer(exchange, body);
        }
    }

    private void answer(HttpExchange exchange, byte[] body) throws IOException {
        SoapRequest request = null;
        byte[] answer;
        int status = 200;
        boolean truncate = false;
        try {
            request = SoapRequest.parse(body);
            truncate = host.consumeTruncate(request.action());
            if (host.consumeDrop(request.action())) {
                // Closing the exchange before any header was sent closes the connection without an answer.
                return;
            }
            answer = dispatcher.answer(request);
        } catch (WsmanFault fault) {
            status = 500;
            answer = SoapAnswerWriter.fault(fault, request == null ? null : request.messageId());
        } catch (RuntimeException e) {
            status = 500;
            answer = SoapAnswerWriter.fault(WsmanFault.internalError(e), request == null ? null
                    : request.messageId());
        }
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, answer.length);
        OutputStream out = exchange.getResponseBody();
        if (truncate) {
            // Half the promised body, then the socket closes: closing the exchange with bytes missing does that.
            out.write(answer, 0, answer.length / 2);
            out.flush();
            return;
        }
        try (out) {
            out.write(answer);
        }
    }

    /**
     * Basic credentials, their bytes in UTF-8 or in ISO-8859-1 (RFC 7617 leaves the charset open; Python's requests
     * sends Latin-1, the JDK and curl UTF-8).
     */
    private boolean authorized(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || !given.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(given.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(decoded, credentials.getBytes(StandardCharsets.UTF_8))
                || MessageDigest.isEqual(decoded, credentials.getBytes(StandardCharsets.ISO_8859_1));
    }
}
