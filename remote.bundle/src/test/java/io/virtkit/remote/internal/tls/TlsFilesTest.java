package io.virtkit.remote.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.remote.internal.tls.TestPki.KeyFormat;

/** libvirt's PEM files read with the JDK, in every key format certtool and openssl write, and their errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsFilesTest {
    private Path dir;
    private TestPki ca;
    private TestPki other;

    @BeforeAll
    void makePki(@TempDir Path tmp) throws Exception {
        dir = tmp;
        ca = TestPki.create(dir, "main");
        other = TestPki.create(dir, "other");
    }

    @Test
    void readsPkcs1Pkcs8AndSec1KeysAsTheirCertificatesKeys() throws Exception {
        for (KeyFormat format : KeyFormat.values()) {
            TlsFiles files = format == KeyFormat.SEC1_EC
                    ? ca.ecClient("ec-client", "ec") : ca.client("c-" + format, "c", format);
            String header = Files.readString(files.key()).lines().filter(l -> l.startsWith("-----BEGIN")).findFirst()
                    .orElseThrow();
            assertThat(header).isEqualTo(switch (format) {
                case PKCS1_RSA -> "-----BEGIN RSA PRIVATE KEY-----";
                case PKCS8_RSA -> "-----BEGIN PRIVATE KEY-----";
                case SEC1_EC -> "-----BEGIN EC PRIVATE KEY-----";
            });

            TlsCredentials credentials = TlsCredentials.load(files, false);

            assertThat(CertificateChecks.keyMatches(credentials.key(), credentials.chain().get(0))).isTrue();
            assertThat(TlsContexts.client(files).getProtocol()).isEqualTo("TLS");
        }
    }

    @Test
    void missingAndBrokenFilesAreNamedInLibvirtsWords() throws Exception {
        TlsFiles good = ca.client("named", "named", KeyFormat.PKCS1_RSA);
        Path missing = dir.resolve("nowhere.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

        assertThatThrownBy(() -> TlsContexts.server(new TlsFiles(missing, good.cert(), good.key())))
                .isInstanceOf(VirtException.class).hasMessage("Cannot read CA certificate '" + missing
                        + "': No such file or directory")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThatThrownBy(() -> TlsContexts.server(new TlsFiles(good.caCert(), good.cert(), missing)))
                .hasMessage("Cannot read private key '" + missing + "': No such file or directory");
        assertThatThrownBy(() -> TlsContexts.server(new TlsFiles(garbage, good.cert(), good.key())))
                .hasMessageStartingWith("Unable to import CA certificate list " + garbage + ": ");
        assertThatThrownBy(() -> TlsContexts.client(new TlsFiles(good.caCert(), good.cert(), garbage)))
                .hasMessageStartingWith("Unable to read private key " + garbage + ": ");
        // a key that is not the certificate's
        TlsFiles another = ca.client("another", "another", KeyFormat.PKCS8_RSA);
        assertThatThrownBy(() -> TlsContexts.client(new TlsFiles(good.caCert(), good.cert(), another.key())))
                .hasMessageStartingWith("Unable to set x509 key and certificate: " + another.key() + ", " + good.cert());
        // a certificate another CA signed
        assertThatThrownBy(() -> TlsContexts.server(new TlsFiles(other.caCert(), good.cert(), good.key())))
                .hasMessage("Unable to verify server certificate " + good.cert() + " against CA certificate "
                        + other.caCert());
        TlsFiles expired = ca.expiredClient("old", "old");
        assertThatThrownBy(() -> TlsContexts.client(expired))
                .hasMessage("The client certificate " + expired.cert() + " has expired");
    }

    @Test
    void theDistinguishedNameIsGnutlsOwnAsVirtPkiQueryDnPrintsIt() throws Exception {
        TlsFiles client = ca.client("dn", "dn client, with comma", KeyFormat.PKCS1_RSA);
        X509Certificate cert = PemFile.read(client.cert(), "certificate").certificates().get(0);

        String expected = TestPki.run("virt-pki-query-dn", client.cert().toString()).strip();

        assertThat(GnutlsDistinguishedName.of(cert.getSubjectX500Principal())).isEqualTo(expected)
                .startsWith("C=GB,O=Virtkit Test,CN=");
    }

    @Test
    void theHostIsMatchedAsGnutlsMatchesIt() throws Exception {
        X509Certificate withSans = cert(ca.server("sans", KeyFormat.PKCS1_RSA)); // IP 127.0.0.1, DNS localhost
        assertThat(CertificateHostNames.matches(withSans, "127.0.0.1")).isTrue();
        assertThat(CertificateHostNames.matches(withSans, "LOCALHOST")).isTrue();
        assertThat(CertificateHostNames.matches(withSans, "127.0.0.2")).isFalse();
        assertThat(CertificateHostNames.matches(withSans, "example.org")).isFalse();
        X509Certificate cnOnly = cert(ca.serverNamedByCnOnly("cn-only", "host.example.org"));
        assertThat(CertificateHostNames.matches(cnOnly, "host.example.org")).isTrue();
        assertThat(CertificateHostNames.matches(cnOnly, "other.example.org")).isFalse();
        X509Certificate wildcard = cert(ca.serverNamedByCnOnly("wildcard", "*.example.org"));
        assertThat(CertificateHostNames.matches(wildcard, "host.example.org")).isTrue();
        assertThat(CertificateHostNames.matches(wildcard, "a.b.example.org")).isFalse();
    }

    private static X509Certificate cert(TlsFiles files) {
        return PemFile.read(files.cert(), "certificate").certificates().get(0);
    }

    @Test
    void allowListGlobsMatchAsFnmatch() {
        String dn = "C=GB,O=Virtkit Test,CN=client1";
        assertThat(new DnGlob("C=GB,O=Virtkit Test,CN=*").matches(dn)).isTrue();
        assertThat(new DnGlob("*CN=client?").matches(dn)).isTrue();
        assertThat(new DnGlob("*CN=client[0-9]").matches(dn)).isTrue();
        assertThat(new DnGlob("*CN=client[!1]").matches(dn)).isFalse();
        assertThat(new DnGlob("C=GB,O=Virtkit Test").matches(dn)).isFalse(); // whole string, as fnmatch
        assertThat(new DnGlob("C=GB,O=Virtkit.Test,CN=client1").matches(dn)).isFalse(); // '.' is literal
        assertThat(new DnGlob("C=GB,O=Virtkit Test,CN=client\\1").matches(dn)).isTrue();
    }

    @Test
    void clientDefaultsFollowLibvirtsLookup(@TempDir Path home) throws Exception {
        assertThat(TlsFiles.clientDefaults(home, true)).isEqualTo(new TlsFiles(Path.of("/etc/pki/CA/cacert.pem"),
                Path.of("/etc/pki/libvirt/clientcert.pem"), Path.of("/etc/pki/libvirt/private/clientkey.pem")));
        Path user = Files.createDirectories(home.resolve(".pki/libvirt"));
        Files.writeString(user.resolve("clientcert.pem"), "");
        assertThat(TlsFiles.clientDefaults(home, false).cert()).as("a certificate without its key is not used")
                .isEqualTo(Path.of("/etc/pki/libvirt/clientcert.pem"));
        Files.writeString(user.resolve("clientkey.pem"), "");
        TlsFiles files = TlsFiles.clientDefaults(home, false);
        assertThat(files.cert()).isEqualTo(user.resolve("clientcert.pem"));
        assertThat(files.key()).isEqualTo(user.resolve("clientkey.pem"));
        assertThat(files.caCert()).isEqualTo(Path.of("/etc/pki/CA/cacert.pem"));
        assertThat(TlsFiles.serverDefaults().key()).isEqualTo(Path.of("/etc/pki/libvirt/private/serverkey.pem"));
        assertThat(List.of(TlsFiles.clientIn(home).cert())).containsExactly(home.resolve("clientcert.pem"));
    }
}
