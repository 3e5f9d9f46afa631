package io.virtkit.xen.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A {@code xen://} URI: {@code xen:///system} manages the Xen host Virtkit runs on (dom0), as libvirt's libxl driver;
 * {@code xen://[user@]host[:port]/system[?keyfile=PATH&known_hosts=PATH&no_verify=0|1]} manages a Xen host over SSH
 * with no daemon on it (libvirt would need libvirtd there and {@code xen+ssh://}). The path is {@code /system} (or
 * {@code /}, as libvirt accepts). {@code keyfile} may be repeated; without one the user's {@code ~/.ssh/id_*} keys
 * are offered; when no key is accepted, the password is asked through the connection's credential callback. The
 * host key must be in {@code known_hosts} ({@code ~/.ssh/known_hosts} by default) unless
 * {@code no_verify=1}, as libvirt's own SSH transport.
 *
 * @param host       the SSH host, or null for this machine
 * @param user       the SSH user ({@code root} by default)
 * @param port       the SSH port (22 by default)
 * @param keyFiles   identities named by {@code keyfile=}
 * @param knownHosts the {@code known_hosts=} file, or null for the default
 * @param noVerify   whether the host key is accepted unchecked
 * @param text       the URI as given
 */
public record XenUri(String host, String user, int port, List<Path> keyFiles, Path knownHosts, boolean noVerify,
        String text) {

    public XenUri {
        keyFiles = List.copyOf(keyFiles);
    }

    public boolean local() {
        return host == null;
    }

    /** Parses {@code uri}; libvirt's wording for a path it does not serve. */
    public static XenUri parse(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/system")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL,
                    "unexpected Xen URI path '" + path + "', try xen:///system");
        }
        String host = uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host != null && host.isEmpty()) {
            host = null;
        }
        List<Path> keyFiles = new ArrayList<>();
        Path knownHosts = null;
        boolean noVerify = false;
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "keyfile" -> keyFiles.add(Path.of(value));
                    case "known_hosts" -> knownHosts = Path.of(value);
                    case "no_verify" -> noVerify = switch (value) {
                        case "0" -> false;
                        case "1" -> true;
                        default -> throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                                "Query parameter 'no_verify' has unexpected value '" + value + "' (should be 0 or 1)");
                    };
                    default -> {
                        // libvirt ignores parameters it does not know
                    }
                }
            }
        }
        if (host == null && (!keyFiles.isEmpty() || knownHosts != null || noVerify)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                    "SSH parameters need a host: xen://[user@]host[:port]/system");
        }
        String user = uri.getUserInfo() == null || uri.getUserInfo().isEmpty() ? "root" : uri.getUserInfo();
        int port = uri.getPort() < 0 ? 22 : uri.getPort();
        return new XenUri(host, user, port, keyFiles, knownHosts, noVerify, uri.toString());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
