package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** domxml-from-native / domxml-to-native for xen-xl and xen-xm, without a host (the nested test runs xl on them). */
class XenNativeConfigsTest {

    private static final String PV = """
            name = "vk-conv-unit"
            uuid = "3b0c5b6e-6d1f-4c4e-9a55-0f7d0d6e2a11"
            memory = 128
            maxmem = 256
            vcpus = 2
            kernel = "/boot/vmlinuz"
            extra = "console=hvc0"
            disk = [ 'format=raw, vdev=xvda, access=rw, target=/srv/root.img' ]
            vif = [ 'mac=00:16:3e:00:00:11,bridge=xenbr0,script=vif-bridge' ]
            """;

    /** The same in xm's older disk syntax (xm knows no key=value disks). */
    private static final String PV_XM = PV.replace("'format=raw, vdev=xvda, access=rw, target=/srv/root.img'",
            "'file:/srv/root.img,xvda,w'");

    @ParameterizedTest
    @ValueSource(strings = {"xen-xl", "xen-xm"})
    void readsANativeConfigurationAsInactiveXml(String format) {
        String xml = XenNativeConfigs.fromNative(format, sample(format));

        assertThat(xml).startsWith("<domain type='xen'>").doesNotContain(" id=")
                .contains("<name>vk-conv-unit</name>", "<uuid>3b0c5b6e-6d1f-4c4e-9a55-0f7d0d6e2a11</uuid>",
                        "<memory unit='KiB'>262144</memory>", "<currentMemory unit='KiB'>131072</currentMemory>",
                        "<vcpu placement='static'>2</vcpu>", "<kernel>/boot/vmlinuz</kernel>",
                        "<cmdline>console=hvc0</cmdline>", "<source file='/srv/root.img'/>",
                        "<mac address='00:16:3e:00:00:11'/>", "<source bridge='xenbr0'/>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xen-xl", "xen-xm"})
    void writesWhatItReadsBack(String format) {
        String xml = XenNativeConfigs.fromNative(format, sample(format));

        String text = XenNativeConfigs.toNative(format, xml);

        assertThat(XenNativeConfigs.fromNative(format, text)).isEqualTo(xml);
        assertThat(text).contains("name = \"vk-conv-unit\"", "maxmem = 256", "memory = 128", "vcpus = 2",
                "bridge=xenbr0");
    }

    @Test
    void refusesOtherFormatsInLibvirtsWords() {
        assertRefused(() -> XenNativeConfigs.fromNative("qemu-argv", PV), ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                "invalid argument: unsupported config type qemu-argv");
        assertRefused(() -> XenNativeConfigs.toNative("xen-sxpr", XenNativeConfigs.fromNative("xen-xl", PV)),
                ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "invalid argument: unsupported config type xen-sxpr");
    }

    @Test
    void badNativeTextIsAConfigurationSyntaxError() {
        assertRefused(() -> XenNativeConfigs.fromNative("xen-xl", "name = \"x\"\nmemory = \n"), ErrorCode.CONF_SYNTAX,
                ErrorDomain.CONF, "configuration file syntax error: memory conf:2: expecting a value");
        assertRefused(() -> XenNativeConfigs.fromNative("xen-xm", "name = \"x\"\nvcpus 2\n"),
                ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                "configuration file syntax error: memory conf:2: expecting an assignment");
    }

    @Test
    void aNetworkInterfaceIsRefusedAsAnUnknownNetwork() {
        String xml = XenNativeConfigs.fromNative("xen-xl", PV).replace(
                "</devices>", "<interface type='network'><source network='default'/></interface></devices>");

        assertRefused(() -> XenNativeConfigs.toNative("xen-xl", xml), ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                "Network not found: no network with matching name 'default'");
    }

    @Test
    void aDomainOfAnotherTypeIsRefused() {
        String kvm = XenNativeConfigs.fromNative("xen-xl", PV).replace("<domain type='xen'>", "<domain type='kvm'>");

        assertRefused(() -> XenNativeConfigs.toNative("xen-xl", kvm), ErrorCode.CONFIG_UNSUPPORTED,
                ErrorDomain.LIBXL, null);
    }

    private static String sample(String format) {
        return format.equals("xen-xm") ? PV_XM : PV;
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, ErrorDomain domain, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(domain);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }
}
