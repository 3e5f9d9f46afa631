package io.virtkit.remote.internal.tls;

import javax.net.ssl.SSLContext;

/**
 * The JDK SSL contexts of libvirt's TLS transport, built from its PEM files with the JDK alone.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** The daemon's context: its certificate and key, peers trusted when signed by the CA. */
    public static SSLContext server(TlsFiles files) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A client's context: its certificate and key, the server trusted when signed by the CA. */
    public static SSLContext client(TlsFiles files) {
        throw new UnsupportedOperationException("not yet");
    }
}
