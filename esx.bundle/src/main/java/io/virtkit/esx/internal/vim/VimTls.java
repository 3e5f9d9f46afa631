package io.virtkit.esx.internal.vim;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS contexts of a vSphere connection. Checked (libvirt's default, curl's {@code VERIFYPEER} and
 * {@code VERIFYHOST}): the server's chain must lead to a trusted CA and name the host; trusted are the JDK's
 * CAs plus the certificates of any extra PEM files (the driver's {@code caFile} setting). Unchecked
 * ({@code no_verify=1}): any certificate and name are accepted, as libvirt then does.
 */
public final class VimTls {

    private VimTls() {
    }

    /** A context that checks chains against the JDK's CAs and those in {@code extraCaFiles}. */
    public static SSLContext checking(List<Path> extraCaFiles) throws IOException, GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        if (extraCaFiles.isEmpty()) {
            return context(jdk.getTrustManagers());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                int i = 0;
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + i++, ca);
                }
            }
        }
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path file : extraCaFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate cert : certificates.generateCertificates(in)) {
                    store.setCertificateEntry("extra-" + n++, cert);
                }
            }
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        return context(combined.getTrustManagers());
    }

    /** A context that accepts any server ({@code no_verify=1}). */
    public static SSLContext unchecked() throws GeneralSecurityException {
        return context(new TrustManager[] {new AcceptingEveryServer()});
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    /**
     * Accepts every chain and host name: an extended trust manager, so the JDK does not add its own host
     * name check around it.
     */
    private static final class AcceptingEveryServer extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // no_verify=1: accepted as it is
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // no_verify=1: accepted as it is
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // no_verify=1: accepted as it is
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
