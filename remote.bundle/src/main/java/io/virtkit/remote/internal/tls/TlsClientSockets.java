package io.virtkit.remote.internal.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A client's TLS connection to a libvirt daemon (libvirtd, or Virtkit's own), as libvirt's client makes it.
 */
public final class TlsClientSockets {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsClientSockets() {
    }

    /**
     * TCP connect, TLS handshake, server certificate checked against the CA and (verify) the host name/IP, then
     * libvirt's one-byte confirmation (\1) read; errors in libvirt's wording.
     *
     * @param verify whether the server's certificate must name {@code host} (libvirt's {@code no_verify=1} turns
     *        it off); its chain is checked against the CA either way
     * @param timeout for the TCP connect, and again for the handshake with the confirmation
     * @return the connected socket, ready for libvirt's RPC packets, with no read timeout
     * @throws IOException when the daemon cannot be reached or the connection breaks
     * @throws VirtException when a file is bad (naming it), the server is not trusted, or it refuses this client
     */
    public static SSLSocket connect(String host, int port, TlsFiles files, boolean verify, Duration timeout)
            throws IOException {
        SSLContext context = TlsContexts.client(files);
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket tcp = new Socket();
        SSLSocket tls = null;
        try {
            tcp.connect(new InetSocketAddress(host, port), millis);
            tcp.setTcpNoDelay(true);
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            tls.setUseClientMode(true);
            tls.setEnabledProtocols(Arrays.stream(tls.getSupportedProtocols())
                    .filter(p -> Arrays.asList(PROTOCOLS).contains(p)).toArray(String[]::new));
            tls.setSoTimeout(millis);
            handshake(tls);
            if (verify) {
                X509Certificate server = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                if (!CertificateHostNames.matches(server, host)) {
                    throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "Certificate "
                            + ClientCertificateCheck.SESSION + " owner does not match the hostname " + host);
                }
            }
            readConfirmation(tls);
            tls.setSoTimeout(0);
            return tls;
        } catch (IOException | RuntimeException e) {
            (tls != null ? tls : tcp).close();
            throw e;
        }
    }

    private static void handshake(SSLSocket tls) throws IOException {
        try {
            tls.startHandshake();
        } catch (SSLHandshakeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof CertificateException) {
                    throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                            "Unable to verify TLS peer: The certificate is not trusted.", e);
                }
            }
            throw e;
        }
    }

    /** The server's verdict on this client: byte 1, else (closed, or anything else) it refused us. */
    private static void readConfirmation(SSLSocket tls) {
        int b;
        try {
            b = tls.getInputStream().read();
        } catch (IOException e) {
            // a server that drops a refused client may reset the connection rather than close it
            b = -1;
        }
        if (b != 1) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "server verification (of our certificate or IP address) failed");
        }
    }
}
