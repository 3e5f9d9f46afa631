package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** Parsing xen:// URIs: the local host, an SSH host with its parameters, and what is refused. */
class XenUriTest {

    private static XenUri parse(String uri) {
        return XenUri.parse(URI.create(uri));
    }

    @Test
    void xenSystemIsThisHost() {
        for (String uri : List.of("xen:///system", "xen:///")) {
            XenUri parsed = parse(uri);
            assertThat(parsed.local()).as(uri).isTrue();
            assertThat(parsed.keyFiles()).isEmpty();
            assertThat(parsed.noVerify()).isFalse();
        }
    }

    @Test
    void aHostIsReachedOverSshAsRootOnPort22ByDefault() {
        XenUri parsed = parse("xen://xenhost.example/system");
        assertThat(parsed.local()).isFalse();
        assertThat(parsed).extracting(XenUri::host, XenUri::user, XenUri::port, XenUri::knownHosts)
                .containsExactly("xenhost.example", "root", 22, null);
    }

    @Test
    void userPortAndParametersAreTaken() {
        XenUri parsed = parse("xen://admin@10.0.0.5:2222/system?keyfile=/k/one&keyfile=%2Fk%2Ftwo%20x"
                + "&known_hosts=/kh&no_verify=1&unknown=ignored");
        assertThat(parsed).extracting(XenUri::host, XenUri::user, XenUri::port, XenUri::knownHosts, XenUri::noVerify)
                .containsExactly("10.0.0.5", "admin", 2222, Path.of("/kh"), true);
        assertThat(parsed.keyFiles()).containsExactly(Path.of("/k/one"), Path.of("/k/two x"));
        assertThat(parse("xen://h/?no_verify=0").noVerify()).isFalse();
        assertThat(parse("xen://h/?KEYFILE=/a+b").keyFiles()).containsExactly(Path.of("/a+b"));
    }

    @Test
    void anIpv6HostLosesItsBrackets() {
        assertThat(parse("xen://[::1]:2200/system").host()).isEqualTo("::1");
    }

    @Test
    void anotherPathIsRefusedInLibvirtsWords() {
        for (String path : List.of("/session", "/system/", "/embed")) {
            assertThatThrownBy(() -> parse("xen://" + path)).as(path).isInstanceOf(VirtException.class)
                    .hasMessageContaining("unexpected Xen URI path '" + path + "', try xen:///system")
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        }
    }

    @Test
    void aBadNoVerifyOrSshParametersWithoutAHostAreRefused() {
        assertThatThrownBy(() -> parse("xen://h/system?no_verify=yes")).isInstanceOf(VirtException.class)
                .hasMessageContaining("Query parameter 'no_verify' has unexpected value 'yes' (should be 0 or 1)")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        assertThatThrownBy(() -> parse("xen:///system?keyfile=/k")).isInstanceOf(VirtException.class)
                .hasMessageContaining("SSH parameters need a host");
    }
}
