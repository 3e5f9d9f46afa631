package io.virtkit.remote.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The JDK SSL contexts of libvirt's TLS transport, built from its PEM files with the JDK alone; the files are
 * checked first as libvirt checks its own (see {@link TlsCredentials}), errors naming the bad file.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];
    /** Longer than a TLS 1.3 ticket may live (RFC 8446: 7 days), so the JDK issues none. */
    private static final int NO_TICKETS_SESSION_TIMEOUT = 7 * 24 * 3600 + 1;

    private TlsContexts() {
    }

    /**
     * The daemon's context: its certificate and key. A client's certificate is asked for but not judged during the
     * handshake: as libvirtd, the daemon judges it once the handshake is over ({@link ClientCertificateCheck}), so a
     * refused client is dropped rather than sent an alert, and the refusal is logged in libvirt's words.
     */
    public static SSLContext server(TlsFiles files) {
        return server(TlsCredentials.load(files, true));
    }

    static SSLContext server(TlsCredentials credentials) {
        return context(credentials, new TrustManager[] {new JudgedAfterHandshake(credentials.cas())});
    }

    /**
     * Turns TLS 1.3 session tickets off for the sessions of {@code context} (a context of one connection, its protocol
     * known to be TLS 1.3): libvirtd (GnuTLS without a ticket key) sends none, and libvirt's client, woken by a ticket
     * while it waits for the confirmation byte, reads no data and fails with "Unable to read TLS confirmation:
     * Resource temporarily unavailable". The JDK sends no ticket when sessions outlive a ticket's 7-day maximum. Not for
     * TLS 1.2: there the JDK has promised a ticket in its ServerHello already, and GnuTLS fails when none comes.
     */
    static void noTls13Tickets(SSLContext context) {
        context.getServerSessionContext().setSessionTimeout(NO_TICKETS_SESSION_TIMEOUT);
    }

    /** A client's context: its certificate and key, the server's chain checked against the CA in the handshake. */
    public static SSLContext client(TlsFiles files) {
        return client(TlsCredentials.load(files, false));
    }

    static SSLContext client(TlsCredentials credentials) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(caStore(credentials.cas()));
            return context(credentials, trust.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw failed(credentials, e);
        }
    }

    private static SSLContext context(TlsCredentials credentials, TrustManager[] trust) {
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("own", credentials.key(), NO_PASSWORD,
                    credentials.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw failed(credentials, e);
        }
    }

    private static KeyStore caStore(List<X509Certificate> cas) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca" + i, cas.get(i));
            }
            return store;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static VirtException failed(TlsCredentials credentials, Exception e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, "Unable to set x509 key and certificate: "
                + credentials.files().key() + ", " + credentials.files().cert() + ": " + e.getMessage(), e);
    }

    /**
     * Names the CA in the certificate request (so a client picks the right certificate) and accepts any client chain:
     * the daemon checks it after the handshake, before a byte of the protocol is read. An extended trust manager, so
     * the JDK does not wrap it with checks of its own.
     */
    private static final class JudgedAfterHandshake extends X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        JudgedAfterHandshake(List<X509Certificate> cas) {
            this.issuers = cas.toArray(X509Certificate[]::new);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server context does not check servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
