package io.virtkit.hyperv.internal.wsman;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach a WS-Man service.
 *
 * @param url            {@code http(s)://host:port/wsman}
 * @param user           the Basic authentication user
 * @param password       its password (the client keeps no copy of the array)
 * @param tls            how to check the service's certificate; null for http
 * @param connectTimeout how long opening a connection may take
 * @param callTimeout    how long one request may wait for its answer (also sent as {@code w:OperationTimeout})
 */
public record WsmanEndpoint(URI url, String user, char[] password, WsmanTls tls, Duration connectTimeout,
        Duration callTimeout) {

    public WsmanEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("a WS-Man endpoint is http or https, not " + url);
        }
        if ("https".equals(scheme) && tls == null) {
            throw new IllegalArgumentException("an https endpoint needs its TLS settings: " + url);
        }
    }

    /** {@code host:port} for messages, the scheme's default port when the URL names none. */
    public String hostAndPort() {
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }

    @Override
    public String toString() { // never the password
        return "WsmanEndpoint[" + url + ", user=" + user + ", tls=" + tls + "]";
    }
}
