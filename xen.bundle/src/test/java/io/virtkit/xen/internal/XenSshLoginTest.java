package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * Opening xen://root@host/system against the nested Xen host's dropbear: its host key must be known (an unknown or
 * changed key is refused before anything runs there), no_verify=1 takes any, a key dom0 does not know is a failed
 * login. Password logins are not shown here: dom0's dropbear runs with {@code -s} (keys only); SshLoginTest shows
 * them against a loopback SSH server.
 */
class XenSshLoginTest {

    private static XenHostFixture xen;

    @TempDir
    Path dir;

    @BeforeAll
    static void boot() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
    }

    private static String param(String uri, String name) {
        int at = uri.indexOf(name + "=");
        int end = uri.indexOf('&', at);
        return uri.substring(at + name.length() + 1, end < 0 ? uri.length() : end);
    }

    private String uriWith(String keyfile, String knownHosts, boolean noVerify) {
        String base = xen.uri().substring(0, xen.uri().indexOf('?'));
        return base + "?keyfile=" + keyfile + (knownHosts == null ? "" : "&known_hosts=" + knownHosts)
                + (noVerify ? "&no_verify=1" : "");
    }

    private HypervisorConnection open(String uri) {
        return new XenDriver(XenSettings.DEFAULTS, dir).open(OpenRequest.of(uri), ConnectionEvents.NONE).orElseThrow();
    }

    /** Logins dropbear accepted so far (it logs each). */
    private static int logins() throws IOException {
        return Integer.parseInt(xen.runChecked("grep -c 'auth succeeded' /var/log/dropbear.log || true").strip());
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void theFixturesUriOpens() {
        try (HypervisorConnection conn = open(xen.uri())) {
            assertThat(conn.type()).isEqualTo("Xen");
        }
    }

    @Test
    void anUnknownHostIsRefusedBeforeAnyLogin() throws IOException {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "");
        int before = logins();
        assertThatThrownBy(() -> open(uriWith(param(xen.uri(), "keyfile"), empty.toString(), false)))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("the host key of root@127.0.0.1:" + xen.sshPort() + " is not in " + empty)
                .hasMessageContaining("no_verify=1")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(logins()).isEqualTo(before);
    }

    @Test
    void aMissingKnownHostsFileIsAnUnknownHostAndDefaultsToTheHomeDirectory() throws IOException {
        assertThatThrownBy(() -> open(uriWith(param(xen.uri(), "keyfile"), null, false)))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("is not in " + dir.resolve(".ssh/known_hosts"));
    }

    @Test
    void aChangedHostKeyIsRefused() throws IOException, GeneralSecurityException {
        Path changed = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + xen.sshPort() + " "
                + PublicKeyEntry.toString(newKey().getPublic()) + "\n");
        int before = logins();
        assertThatThrownBy(() -> open(uriWith(param(xen.uri(), "keyfile"), changed.toString(), false)))
                .isInstanceOf(VirtException.class).hasMessageContaining("does not match the one in " + changed)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(logins()).isEqualTo(before);
    }

    @Test
    void noVerifyTakesAnyHostKey() {
        try (HypervisorConnection conn = open(uriWith(param(xen.uri(), "keyfile"), dir.resolve("none").toString(),
                true))) {
            assertThat(conn.hypervisorVersion()).isPositive();
        }
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void aKeyTheHostDoesNotKnowIsAFailedLogin() throws IOException, GeneralSecurityException {
        Path key = dir.resolve("id_ecdsa");
        try (var out = Files.newOutputStream(key)) {
            new OpenSSHKeyPairResourceWriter().writePrivateKey(newKey(), "stranger", null, out);
        }
        assertThatThrownBy(() -> open(uriWith(key.toString(), param(xen.uri(), "known_hosts"), false)))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("SSH login to root@127.0.0.1:" + xen.sshPort() + " failed: none of the keys ["
                        + key + "]")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void aKeyFileThatIsNoKeyIsAClearError() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk"), "not a key\n");
        assertThatThrownBy(() -> open(uriWith(junk.toString(), param(xen.uri(), "known_hosts"), false)))
                .isInstanceOf(VirtException.class).hasMessageContaining(junk.toString());
    }

}
