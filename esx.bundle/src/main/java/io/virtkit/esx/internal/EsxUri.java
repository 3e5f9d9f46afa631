package io.virtkit.esx.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * An {@code esx://}, {@code gsx://} or {@code vpx://} URI as libvirt's ESX driver parses it:
 * {@code esx://[user@]host[:port]/[?transport=http|https&no_verify=0|1&auto_answer=0|1&vcenter=...]} for an
 * ESX host, {@code vpx://[user@]vcenter[:port]/datacenter[/cluster]/host[?...]} for a host through vCenter
 * (the datacenter may sit in folders: every segment but the last one or two). Unknown parameters are ignored,
 * as libvirt does (it only logs them).
 *
 * @param scheme        {@code esx}, {@code gsx} or {@code vpx}
 * @param user          the user named in the URI, or null
 * @param host          the server
 * @param port          the port, the transport's default when the URI names none
 * @param transport     {@code https} (default) or {@code http}
 * @param noVerify      {@code no_verify=1}: the server's certificate is not checked
 * @param autoAnswer    {@code auto_answer=1}: questions a VM asks while it powers on are answered with defaults
 * @param vcenter       {@code vcenter=} (an ESX host's managing vCenter, or {@code *}), or null
 * @param path          the vpx path segments (datacenter…, compute resource, [host]); empty for esx/gsx
 * @param text          the URI as given (libvirt's {@code virConnectGetURI} answers it)
 */
record EsxUri(String scheme, String user, String host, int port, String transport, boolean noVerify,
        boolean autoAnswer, String vcenter, List<String> path, String text) {

    EsxUri {
        path = List.copyOf(path);
    }

    static EsxUri parse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("esx") && !scheme.equals("gsx") && !scheme.equals("vpx")) {
            throw invalid("URI scheme '" + uri.getScheme() + "' is not one of esx, gsx, vpx");
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
        boolean autoAnswer = false;
        String vcenter = null;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "transport" -> {
                        if (!value.equals("http") && !value.equals("https")) {
                            throw invalid("Query parameter 'transport' has unexpected value '" + value
                                    + "' (should be http|https)");
                        }
                        transport = value;
                    }
                    case "no_verify" -> noVerify = zeroOrOne("no_verify", value);
                    case "auto_answer" -> autoAnswer = zeroOrOne("auto_answer", value);
                    case "vcenter" -> vcenter = value;
                    default -> {
                        // libvirt logs unexpected parameters and goes on (e.g. authfile=, read by auth.conf lookup)
                    }
                }
            }
        }
        List<String> segments = new ArrayList<>();
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        if (scheme.equals("vpx")) {
            if (segments.size() < 2) {
                throw invalid("Path has to specify the datacenter and compute resource");
            }
        } else if (!segments.isEmpty()) {
            throw invalid("Path has to be empty or '/'");
        }
        int port = uri.getPort();
        if (port < 0) {
            port = scheme.equals("gsx") ? (transport.equals("https") ? 8333 : 8222)
                    : (transport.equals("https") ? 443 : 80);
        }
        return new EsxUri(scheme, uri.getUserInfo(), host, port, transport, noVerify, autoAnswer, vcenter, segments,
                uri.toString());
    }

    /** The server's base URL ({@code https://host:port}). */
    URI base() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create(transport + "://" + h + ":" + port);
    }

    /** The auth.conf service name libvirt looks credentials up under, and the default user it proposes. */
    String authService() {
        return scheme;
    }

    String defaultUser() {
        return scheme.equals("vpx") ? "administrator" : "root";
    }

    private static boolean zeroOrOne(String name, String value) {
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw invalid("Query parameter '" + name + "' has unexpected value '" + value
                    + "' (should be 0 or 1)");
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, message);
    }
}
