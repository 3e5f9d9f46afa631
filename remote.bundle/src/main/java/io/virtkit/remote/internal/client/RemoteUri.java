package io.virtkit.remote.internal.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A URI the remote client driver serves, read as libvirt's remote driver reads it: the transport after {@code +}
 * ({@code tls} when a host is named without one), host and port (libvirt's defaults 16514 for TLS, 16509 for TCP),
 * the driver's own query parameters, and the URI the daemon is asked to open, which is the one given with the
 * transport, user, host, port and those parameters taken out ({@code qemu+tls://b/system?pkipath=/d} opens
 * {@code qemu:///system} on b).
 *
 * @param transport {@code unix}, {@code tcp} or {@code tls}
 * @param host the host for TCP and TLS ({@code localhost} when the URI names none; null for a UNIX socket)
 * @param socket the UNIX socket ({@code socket=})
 * @param pkiPath the directory of the TLS client files ({@code pkipath=}), or null for libvirt's default files
 * @param verify whether the server's certificate must name the host (false with {@code no_verify=1})
 * @param name the URI the daemon opens
 */
record RemoteUri(String transport, String host, int port, Path socket, Path pkiPath, boolean verify, String name) {
    static final int TLS_PORT = 16514;
    static final int TCP_PORT = 16509;

    /** The query parameters libvirt's remote driver keeps for itself and never passes to the daemon. */
    private static final Set<String> CLIENT_PARAMETERS = Set.of("name", "command", "socket", "auth", "netcat",
            "keyfile", "no_verify", "no_tty", "pkipath", "known_hosts", "known_hosts_verify", "sshauth",
            "tls_priority", "mode", "proxy");
    private static final Set<String> TRANSPORTS = Set.of("unix", "tcp", "tls");

    /**
     * The remote target {@code uri} names, or empty when it is a local driver's: no transport and no host, or
     * {@code +unix} without {@code socket=} (this host's daemon, which for Virtkit is itself); also a transport this
     * driver does not speak (ssh, libssh, ext), and {@code xen://host/} which the Xen driver reaches over SSH itself.
     */
    static Optional<RemoteUri> of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int plus = scheme.indexOf('+');
        String driver = plus < 0 ? scheme : scheme.substring(0, plus);
        String host = uri.getHost() == null || uri.getHost().isEmpty() ? null : uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String transport;
        if (plus >= 0) {
            transport = scheme.substring(plus + 1);
            if (!TRANSPORTS.contains(transport)) {
                return Optional.empty();
            }
        } else if (host != null && !driver.equals("xen")) {
            transport = "tls"; // libvirt's default once a host is named
        } else {
            return Optional.empty();
        }
        Path socket = null;
        Path pkiPath = null;
        boolean verify = true;
        String name = null;
        List<String> kept = new ArrayList<>();
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!CLIENT_PARAMETERS.contains(key.toLowerCase(Locale.ROOT))) {
                kept.add(pair);
                continue;
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "socket" -> socket = Path.of(value);
                case "pkipath" -> pkiPath = Path.of(value);
                case "no_verify" -> verify = !value.equals("1");
                case "name" -> name = value;
                default -> {
                    // ssh's and the proxy's parameters mean nothing to these transports
                }
            }
        }
        if (name == null) {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            name = driver + "://" + path + (kept.isEmpty() ? "" : "?" + String.join("&", kept))
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        }
        int port = uri.getPort() > 0 ? uri.getPort() : transport.equals("tcp") ? TCP_PORT : TLS_PORT;
        if (transport.equals("unix")) {
            if (socket == null && host == null) {
                // this host's own daemon: in Virtkit that is Virtkit itself, whose local drivers serve the URI
                return Optional.empty();
            }
            if (socket == null) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.REMOTE,
                        "the 'unix' transport reaches a daemon on this host only: give its socket with socket=");
            }
            return Optional.of(new RemoteUri(transport, null, 0, socket, null, verify, name));
        }
        // test+tcp:///default: libvirt's remote driver goes to localhost
        return Optional.of(new RemoteUri(transport, host == null ? "localhost" : host, port, null, pkiPath, verify,
                name));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Where the connection goes, for messages: the socket's path or host:port. */
    String peer() {
        return transport.equals("unix") ? socket.toString() : host + ":" + port;
    }
}
