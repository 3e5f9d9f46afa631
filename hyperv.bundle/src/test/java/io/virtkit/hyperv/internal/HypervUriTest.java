package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

class HypervUriTest {

    @Test
    void httpsOnWinrmsPortByDefault() {
        HypervUri uri = HypervUri.parse(URI.create("hyperv://admin@hv1.example.org/"));
        assertThat(uri.user()).isEqualTo("admin");
        assertThat(uri.host()).isEqualTo("hv1.example.org");
        assertThat(uri.transport()).isEqualTo("https");
        assertThat(uri.port()).isEqualTo(5986);
        assertThat(uri.noVerify()).isFalse();
        assertThat(uri.wsmanUrl()).isEqualTo(URI.create("https://hv1.example.org:5986/wsman"));
    }

    @Test
    void httpOnItsOwnPortOrTheOneGiven() {
        assertThat(HypervUri.parse(URI.create("hyperv://hv1?transport=http")).port()).isEqualTo(5985);
        HypervUri uri = HypervUri.parse(URI.create("hyperv://127.0.0.1:4711/?transport=http"));
        assertThat(uri.wsmanUrl()).isEqualTo(URI.create("http://127.0.0.1:4711/wsman"));
        assertThat(uri.user()).isNull();
    }

    @Test
    void noVerifyAndUnknownParameters() {
        HypervUri uri = HypervUri.parse(URI.create("hyperv://hv1/?no_verify=1&authfile=/tmp/auth.conf&x=y"));
        assertThat(uri.noVerify()).isTrue();
        assertThat(uri.text()).isEqualTo("hyperv://hv1/?no_verify=1&authfile=/tmp/auth.conf&x=y");
    }

    @Test
    void ipv6Host() {
        HypervUri uri = HypervUri.parse(URI.create("hyperv://[::1]:5985/?transport=http"));
        assertThat(uri.host()).isEqualTo("::1");
        assertThat(uri.wsmanUrl()).isEqualTo(URI.create("http://[::1]:5985/wsman"));
    }

    @Test
    void badTransportIsLibvirtsError() {
        assertInvalid("hyperv://hv1/?transport=ftp",
                "Query parameter 'transport' has unexpected value 'ftp' (should be http|https)");
    }

    @Test
    void badNoVerify() {
        assertInvalid("hyperv://hv1/?no_verify=yes",
                "Query parameter 'no_verify' has unexpected value 'yes' (should be 0 or 1)");
    }

    @Test
    void pathOrMissingHostRefused() {
        assertInvalid("hyperv://hv1/system", "Path has to be empty or '/'");
        assertInvalid("hyperv:///", "URI is missing the server part");
    }

    private static void assertInvalid(String uri, String message) {
        assertThatThrownBy(() -> HypervUri.parse(URI.create(uri))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.domain()).isEqualTo(ErrorDomain.HYPERV);
            assertThat(e.getMessage()).endsWith(message);
        });
    }
}
