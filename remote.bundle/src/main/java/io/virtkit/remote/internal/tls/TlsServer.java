package io.virtkit.remote.internal.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.virtkit.api.VirtException;
import io.virtkit.remote.internal.ChannelTransport;

/**
 * The daemon's end of libvirt's TLS transport: its certificate and key, the CA its clients' certificates must lead
 * to, {@code tls_allowed_dn_list}, and how long a client may take over its handshake. Files are read once, when the
 * listener starts, as libvirtd reads them at start-up.
 */
public final class TlsServer {
    private static final Logger LOG = Logger.getLogger(TlsServer.class.getName());
    /** libvirt speaks TLS 1.2 and 1.3 (GnuTLS's defaults on Debian 12); nothing older. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TlsCredentials credentials;
    private final ClientCertificateCheck check;
    private final Duration handshakeTimeout;
    private final List<String> protocols;

    /** A client let in: its transport, and its certificate's distinguished name in GnuTLS's form. */
    public record Admitted(ChannelTransport transport, String distinguishedName) {
    }

    private TlsServer(TlsCredentials credentials, ClientCertificateCheck check, Duration handshakeTimeout,
            List<String> protocols) {
        this.credentials = credentials;
        this.check = check;
        this.handshakeTimeout = handshakeTimeout;
        this.protocols = List.copyOf(protocols);
    }

    /**
     * Reads and checks the daemon's files.
     *
     * @param allowedDnList globs of client distinguished names; empty: any certificate the CA signed
     * @throws VirtException naming the bad file, in libvirt's words
     */
    public static TlsServer load(TlsFiles files, List<String> allowedDnList, Duration handshakeTimeout) {
        TlsCredentials credentials = TlsCredentials.load(files, true);
        TlsContexts.server(credentials); // fails now, at start-up, if the JDK cannot use the files
        return new TlsServer(credentials, new ClientCertificateCheck(credentials.cas(), allowedDnList), handshakeTimeout, PROTOCOLS);
    }

    /** This server speaking only {@code protocols} (JDK names, "TLSv1.2"): tests prove each version works alone. */
    public TlsServer withProtocols(String... protocols) {
        return new TlsServer(credentials, check, handshakeTimeout, List.of(protocols));
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Handshakes with a client just accepted, judges its certificate and confirms with libvirt's byte 1.
     *
     * @param accepted when the client was accepted ({@link System#nanoTime()}): the timeout counts from then
     * @return null when the client is refused: it is logged, the caller closes the socket (libvirtd just drops it)
     * @throws IOException when the handshake fails or times out
     */
    public Admitted admit(SocketChannel socket, long accepted) throws IOException {
        // a context per connection: TLS 1.3 tickets are turned off per context, once the protocol is known
        SSLContext context = TlsContexts.server(credentials);
        ServerHandshake handshake = new ServerHandshake(socket, context, accepted + handshakeTimeout.toNanos());
        SSLEngine engine = handshake.engine();
        engine.setEnabledProtocols(Arrays.stream(engine.getSupportedProtocols())
                .filter(protocols::contains).toArray(String[]::new));
        Object peer = socket.getRemoteAddress();
        String[] dn = new String[1];
        try {
            ChannelTransport transport = handshake.run(() -> dn[0] = check.check(engine.getSession()));
            LOG.log(Level.FINE, "TLS client {0} admitted over {1} as {2}",
                    new Object[] {peer, engine.getSession().getProtocol(), dn[0]});
            return new Admitted(transport, dn[0]);
        } catch (VirtException refused) {
            LOG.log(Level.WARNING, "TLS client {0} refused: {1}", new Object[] {peer, refused.getMessage()});
            return null;
        }
    }

    /** A server engine for {@code socket}'s client: asks for its certificate, judged after the handshake as libvirtd does. */
    static SSLEngine serverEngine(SSLContext context, SocketChannel socket) {
        InetSocketAddress peer;
        try {
            peer = (InetSocketAddress) socket.getRemoteAddress();
        } catch (IOException e) {
            peer = null;
        }
        SSLEngine engine = peer == null ? context.createSSLEngine()
                : context.createSSLEngine(peer.getHostString(), peer.getPort());
        engine.setUseClientMode(false);
        engine.setWantClientAuth(true);
        return engine;
    }
}
