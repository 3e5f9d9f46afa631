package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.VirtException;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TestPki.KeyFormat;
import io.virtkit.remote.internal.tls.TlsFiles;

/** The TLS listener as pid io.virtkit.remote configures it (libvirtd.conf's listen_tls part). */
class RemoteDaemonTlsConfigTest {

    /** The configuration's defaults, with {@code values} instead where given. */
    private static RemoteDaemonConfig config(Map<String, Object> values) {
        return (RemoteDaemonConfig) Proxy.newProxyInstance(RemoteDaemonConfig.class.getClassLoader(),
                new Class<?>[] {RemoteDaemonConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @Test
    void tlsIsOffByDefaultAndListensOnAnyAddressWhenOn(@TempDir Path dir) throws Exception {
        assertThat(RemoteDaemonComponent.addresses(config(Map.of()))).extracting(ListenAddress::transport)
                .containsExactly("unix", "unix");

        TestPki ca = TestPki.create(dir, "main");
        TlsFiles server = ca.server("server", KeyFormat.SEC1_EC);
        List<ListenAddress> addresses = RemoteDaemonComponent.addresses(config(Map.of("tlsEnabled", true,
                "caFile", server.caCert().toString(), "certFile", server.cert().toString(),
                "keyFile", server.key().toString(), "tlsAllowedDnList", new String[] {"C=GB,*"})));

        ListenAddress tls = addresses.get(2);
        assertThat(tls.transport()).isEqualTo("tls");
        assertThat(tls.display()).isEqualTo("0.0.0.0:16514");
        assertThat(tls.secure()).isTrue();
        assertThat(RemoteDaemonConfig.class.getMethod("tlsPort").getDefaultValue()).isEqualTo(16514);
        assertThat(RemoteDaemonConfig.class.getMethod("caFile").getDefaultValue()).isEqualTo("/etc/pki/CA/cacert.pem");
    }

    @Test
    void aMissingFileStopsTheDaemonNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("servercert.pem");
        assertThatThrownBy(() -> RemoteDaemonComponent.addresses(config(Map.of("tlsEnabled", true,
                "caFile", missing.toString()))))
                .isInstanceOf(VirtException.class)
                .hasMessage("Cannot read CA certificate '" + missing + "': No such file or directory");
    }
}
