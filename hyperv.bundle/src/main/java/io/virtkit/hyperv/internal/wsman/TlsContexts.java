package io.virtkit.hyperv.internal.wsman;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS context of an https endpoint ({@link WsmanTls}). Checked: a chain is trusted when the JDK's CAs or the
 * CAs of the extra PEM files accept it, the host name checked either way (each is an extended trust manager,
 * which checks the name itself). Unchecked ({@code no_verify}): everything is accepted.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext of(WsmanTls tls) throws IOException, GeneralSecurityException {
        List<X509ExtendedTrustManager> trusted = new ArrayList<>();
        if (!tls.noVerify()) {
            trusted.add(trustManager(null));
            if (!tls.caFiles().isEmpty()) {
                trusted.add(trustManager(extraCas(tls.caFiles())));
            }
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyOf(trusted)}, null);
        return context;
    }

    private static KeyStore extraCas(List<Path> files) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate certificate : certificates.generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
            }
        }
        return store;
    }

    /** The JDK's trust manager over {@code store} (null: the JDK's own CAs). */
    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    /**
     * Trusts a server chain when one of its managers does (none: every chain, {@code no_verify}); the last refusal
     * is the one reported. Client side only.
     */
    private static final class AnyOf extends X509ExtendedTrustManager {
        private final List<X509ExtendedTrustManager> managers;

        AnyOf(List<X509ExtendedTrustManager> managers) {
            this.managers = List.copyOf(managers);
        }

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void anyAccepts(Check check) throws CertificateException {
            CertificateException refused = null;
            for (X509ExtendedTrustManager manager : managers) {
                try {
                    check.run(manager);
                    return;
                } catch (CertificateException e) {
                    refused = e;
                }
            }
            if (refused != null) {
                throw refused;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anyAccepts(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            anyAccepts(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            anyAccepts(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
