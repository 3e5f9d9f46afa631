package io.virtkit.remote.internal.tls;

import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * A client's TLS connection to a libvirt daemon.
 */
public final class TlsClientSockets {

    private TlsClientSockets() {
    }

    /**
     * TCP connect, TLS handshake, server certificate checked against the CA and (verify) the host name/IP, then
     * libvirt's one-byte confirmation (\1) read; errors in libvirt's wording.
     */
    public static SSLSocket connect(String host, int port, TlsFiles files, boolean verify, Duration timeout)
            throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
