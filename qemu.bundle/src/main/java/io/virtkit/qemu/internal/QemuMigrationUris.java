package io.virtkit.qemu.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Migration addresses as libvirt writes them: a caller's {@code migrate_uri} ({@code tcp://host[:port]}, or QEMU's
 * own {@code tcp:host:port} that prepare hands back) and QEMU's target ({@code tcp:host:port}, an IPv6 host in
 * brackets).
 */
final class QemuMigrationUris {

    /** A host and a port (0: none given). */
    record Address(String host, int port) {
        /** QEMU's and libvirt's {@code uri_out} form. */
        String qemu() {
            return "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private QemuMigrationUris() {
    }

    /**
     * The host and port of {@code uri}: {@code tcp://host[:port]}, {@code tcp:host[:port]} or {@code tcp:[v6]:port}.
     *
     * @throws VirtException INVALID_ARG for another transport or no host, as libvirt refuses them
     */
    static Address parse(String uri) {
        String rest;
        if (uri.startsWith("tcp://")) {
            rest = uri.substring("tcp://".length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
        } else if (uri.startsWith("tcp:")) {
            rest = uri.substring("tcp:".length());
        } else {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "unsupported scheme " + scheme(uri) + " in migration URI " + uri);
        }
        String host;
        int port = 0;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw malformed(uri);
            }
            host = rest.substring(1, close);
            rest = rest.substring(close + 1);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1), uri);
            } else if (!rest.isEmpty()) {
                throw malformed(uri);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            if (colon >= 0) {
                port = port(rest.substring(colon + 1), uri);
            }
        }
        if (host.isEmpty()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "missing host in migration URI: " + uri);
        }
        return new Address(host, port);
    }

    /** QEMU's {@code migrate} target for {@code uri}; a port is required. */
    static String qemuTarget(String uri) {
        if (uri == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "migration URI is missing");
        }
        Address a = parse(uri);
        if (a.port() == 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "missing port in migration URI: " + uri);
        }
        return a.qemu();
    }

    private static int port(String text, String uri) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw malformed(uri);
            }
            return p;
        } catch (NumberFormatException e) {
            throw malformed(uri);
        }
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, colon);
    }

    private static VirtException malformed(String uri) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "unable to parse URI " + uri);
    }
}
