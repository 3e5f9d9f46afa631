package io.virtkit.hyperv.internal.wsman;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The HTTP side of a WS-Man endpoint: SOAP posts to its URL with Basic authentication sent with every request
 * (WinRM would answer 401 first and cost a round trip each time), one JDK client per endpoint (its connections
 * kept alive), answers read whole (they are bounded by {@code w:MaxEnvelopeSize}). Failures to get an answer
 * become {@link WsmanTransportException}s naming host:port. Counts the requests sent. Thread-safe.
 */
final class WsmanHttp {

    /** An HTTP answer: its status and its whole body. */
    record HttpAnswer(int status, byte[] body) {
    }

    private final WsmanEndpoint endpoint;
    private final HttpClient client;
    private final String authorization;
    private final AtomicLong requests = new AtomicLong();

    WsmanHttp(WsmanEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(endpoint.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if ("https".equals(endpoint.url().getScheme())) {
            try {
                builder.sslContext(TlsContexts.of(endpoint.tls()));
            } catch (IOException | GeneralSecurityException e) {
                throw new WsmanTransportException("cannot set up TLS for " + endpoint.hostAndPort() + ": "
                        + e.getMessage(), e);
            }
        }
        this.client = builder.build();
        this.authorization = basic(endpoint.user(), endpoint.password());
    }

    private static String basic(String user, char[] password) {
        CharBuffer credentials = CharBuffer.allocate(user.length() + 1 + password.length);
        credentials.put(user).put(':').put(password).flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(credentials);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(credentials.array(), '\0');
        }
    }

    /** Posts an envelope; the answer whatever its status. */
    HttpAnswer post(String operation, String envelope) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(endpoint.callTimeout())
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .header("Authorization", authorization)
                .header("User-Agent", "virtkit-hyperv")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                .build();
        requests.incrementAndGet();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new HttpAnswer(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw failure("no connection to " + where() + " within " + endpoint.connectTimeout().toMillis() + " ms",
                    e);
        } catch (HttpTimeoutException e) {
            throw failure("no answer from " + where() + " to " + operation + " within "
                    + endpoint.callTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw broken(operation, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WsmanTransportException("interrupted during " + operation + " at " + where(), e);
        }
    }

    private WsmanTransportException broken(String operation, IOException e) {
        SSLException tls = cause(e, SSLException.class);
        if (tls != null) {
            return failure("TLS with " + where() + " failed: " + tls.getMessage()
                    + (endpoint.tls() != null && !endpoint.tls().noVerify()
                            ? " (trust the server's certificate with a CA file, or connect with no_verify=1)" : ""), e);
        }
        if (cause(e, ConnectException.class) != null) {
            return failure("cannot connect to " + where() + ": " + reason(cause(e, ConnectException.class)), e);
        }
        return failure("the connection to " + where() + " broke off during " + operation + ": " + reason(e), e);
    }

    private static WsmanTransportException failure(String message, IOException e) {
        return new WsmanTransportException(message, e);
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    String where() {
        return endpoint.hostAndPort();
    }

    String user() {
        return endpoint.user();
    }

    long requests() {
        return requests.get();
    }
}
