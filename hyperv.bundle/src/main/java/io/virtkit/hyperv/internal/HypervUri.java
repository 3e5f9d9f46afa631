package io.virtkit.hyperv.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A {@code hyperv://[user@]host[:port]/[?transport=http|https&no_verify=0|1]} URI as libvirt's Hyper-V driver
 * reads it: the transport defaults to https, the port to WinRM's (5986 for https, 5985 for http). Unknown
 * parameters are ignored, as libvirt does (it only logs them; {@code authfile=} is read by the auth.conf
 * lookup). libvirt's driver lets any path pass; this one refuses one, as libvirt's ESX driver does, so a
 * {@code hyperv://host/system} typed from habit is not silently taken for something it is not.
 *
 * @param user      the user named in the URI, or null
 * @param host      the Hyper-V host
 * @param port      the port, the transport's default when the URI names none
 * @param transport {@code https} (default) or {@code http}
 * @param noVerify  {@code no_verify=1}: the host's certificate is not checked
 * @param text      the URI as given ({@code virConnectGetURI} answers it)
 */
record HypervUri(String user, String host, int port, String transport, boolean noVerify, String text) {

    static final int HTTPS_PORT = 5986;
    static final int HTTP_PORT = 5985;

    static HypervUri parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("hyperv")) {
            throw invalid("URI scheme '" + uri.getScheme() + "' is not hyperv");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw invalid("URI is missing the server part");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String transport = "https";
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
                if (name.equals("transport")) {
                    if (!value.equals("http") && !value.equals("https")) {
                        throw invalid("Query parameter 'transport' has unexpected value '" + value
                                + "' (should be http|https)");
                    }
                    transport = value;
                } else if (name.equals("no_verify")) {
                    noVerify = switch (value) {
                        case "0" -> false;
                        case "1" -> true;
                        default -> throw invalid("Query parameter 'no_verify' has unexpected value '" + value
                                + "' (should be 0 or 1)");
                    };
                }
            }
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw invalid("Path has to be empty or '/'");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : transport.equals("https") ? HTTPS_PORT : HTTP_PORT;
        return new HypervUri(uri.getUserInfo(), host, port, transport, noVerify, uri.toString());
    }

    /** The WS-Management endpoint: {@code http(s)://host:port/wsman}. */
    URI wsmanUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create(transport + "://" + h + ":" + port + "/wsman");
    }

    boolean https() {
        return transport.equals("https");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.HYPERV, message);
    }
}
