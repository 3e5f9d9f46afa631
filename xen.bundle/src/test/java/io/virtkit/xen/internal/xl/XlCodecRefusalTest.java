package io.virtkit.xen.internal.xl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.GraphicsDevice;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What libvirt's Xen configuration code refuses, with its codes and words. */
class XlCodecRefusalTest {
    private static final String PV = """
            <domain type='xen'>
              <name>refused</name>
              <uuid>22222222-3333-4444-8555-666666666666</uuid>
              <memory unit='KiB'>262144</memory>
              <os><type arch='x86_64' machine='xenpv'>xen</type><kernel>/boot/vmlinuz</kernel></os>
              <devices>
              </devices>
            </domain>
            """;
    private static final String HVM = PV.replace("machine='xenpv'>xen<", "machine='xenfv'>hvm<")
            .replace("<kernel>/boot/vmlinuz</kernel>", "");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "kernel = \"/k\"|INTERNAL_ERROR|internal error: config value name was missing",
        "name = \"a\"; type = \"pvhvm\"|CONFIG_UNSUPPORTED|unsupported configuration: type pvhvm is not supported",
        "name = \"a\"; uuid = \"not-a-uuid\"|CONF_SYNTAX|configuration file syntax error: not-a-uuid not parseable",
        "name = \"a\"; uuid = \"\"|CONF_SYNTAX|configuration file syntax error: uuid can't be empty",
        "name = \"a\"; memory = \"lots\"|INTERNAL_ERROR|internal error: config value memory was malformed",
        "name = \"a\"; vcpus = [ 1 ]|INTERNAL_ERROR|internal error: config value vcpus was malformed",
        "name = [ \"a\" ]|INTERNAL_ERROR|internal error: expected a string for 'name' parameter",
        "name = \"a\"; on_poweroff = \"explode\"|INTERNAL_ERROR|internal error: unexpected value explode for on_poweroff",
        "name = \"a\"; cpus = \"2-1\"|INVALID_ARG|invalid argument: Failed to parse bitmap '2-1'",
        "name = \"a\"; vif = [ \"mac=00:16:3e:zz:00:01\" ]|INTERNAL_ERROR|internal error: malformed mac address '00:16:3e:zz:00:01'",
        "name = \"a\"; vif = [ \"model=rtl8139-extended\" ]|INTERNAL_ERROR|internal error: Model rtl8139-extended too big for destination",
        "name = \"a\"; vif = [ \"bridge=br0,rate=fast\" ]|INTERNAL_ERROR|internal error: Invalid rate 'fast' specified",
        "name = \"a\"; vif = [ \"bridge=br0:\" ]|INTERNAL_ERROR|internal error: malformed vif entry 'bridge=br0:'",
        "name = \"a\"; vif = [ \"bridge=br0:10:\" ]|INTERNAL_ERROR|internal error: malformed vif entry 'bridge=br0:10:'",
        "name = \"a\"; vif = [ \"bridge=br0.\" ]|INTERNAL_ERROR|internal error: malformed vif entry 'bridge=br0.'",
        "name = \"a\"; vif = [ \"bridge=br0.4096\" ]|INTERNAL_ERROR|internal error: malformed vif entry 'bridge=br0.4096'",
        "name = \"a\"; vif = [ \"bridge=br0,ip=10.1.2.3 10.1.2.x\" ]|SYSTEM_ERROR|Cannot parse socket address '10.1.2.x': Name or service not known",
        "name = \"a\"; vif = [ \"ip=fd00::1::2\" ]|SYSTEM_ERROR|Cannot parse socket address 'fd00::1::2': Name or service not known",
        "name = \"a\"; vif = [ \"script=vif-bridge\" ]|INTERNAL_ERROR|internal error: No <source> 'bridge' attribute specified with <interface type='bridge'/>",
        "name = \"a\"; vif = [ \"bridge=,script=vif-vnic\" ]|INTERNAL_ERROR|internal error: No <source> 'bridge' attribute specified with <interface type='bridge'/>",
        "name = \"a\"; builder = \"hvm\"; serial = \"carrier-pigeon:x\"|INTERNAL_ERROR|internal error: unknown chr device type 'carrier-pigeon'",
        "name = \"a\"; builder = \"hvm\"; serial = \"tcp:nowhere\"|INTERNAL_ERROR|internal error: malformed char device string",
        "name = \"a\"; builder = \"hvm\"; spice = 1|INTERNAL_ERROR|internal error: config value spicepasswd was missing",
        "name = \"a\"; vfb = [ \"type=vnc,vncdisplay=one\" ]|INTERNAL_ERROR|internal error: invalid vncdisplay value 'one'",
        "name = \"a\"; vfb = [ \"type=vnc,vncdisplay=59636\" ]|INTERNAL_ERROR|internal error: invalid vncdisplay value '59636'",
        "name = \"a\"; vfb = [ \"type=vnc,vncdisplay=-1\" ]|INTERNAL_ERROR|internal error: invalid vncdisplay value '-1'",
        "name = \"a\"; builder = \"hvm\"; vnc = 1; vncunused = 0; vncdisplay = 70000|INTERNAL_ERROR|internal error: config value vncdisplay was malformed",
        "name = \"a\"; disk = [ \"vdev=xvda,backendtype=standalone,target=/x\" ]|CONFIG_UNSUPPORTED|unsupported configuration: disk backend not supported: standalone",
        "name = \"a\"; disk = [ \",,xvda\" ]|NO_SOURCE|missing source information for device xvda",
        "name = \"a\"; disk = [ \"vdev=xvdb,access=rw,target=\" ]|NO_SOURCE|missing source information for device xvdb",
        "name = \"a\"; cpuid = \"0x1:eax=x\"|CONF_SYNTAX|configuration file syntax error: cpuid starting with 0x1:eax=x is not supported, only libxl format is",
        "name = \"a\"; cpuid = \"host,aes\"|CONF_SYNTAX|configuration file syntax error: Invalid libxl cpuid key=value element: aes",
        "name = \"a\"; cpuid = \"host,aes=2\"|CONF_SYNTAX|configuration file syntax error: Invalid libxl cpuid value: aes=2",
        "name = \"a\"; vnuma = [ [ \"pnode=3\", \"size=512\", \"vcpus=0\" ] ]|CONFIG_UNSUPPORTED|unsupported configuration: vnuma vnode 0 contains invalid pnode value '3'",
        "name = \"a\"; vnuma = [ [ \"pnode=0\", \"size=512\" ] ]|CONF_SYNTAX|configuration file syntax error: Incomplete vnuma configuration for vnode 0",
        "name = \"a\"; vnuma = [ [ \"pnode=0\", \"colour=red\" ] ]|CONF_SYNTAX|configuration file syntax error: Invalid vnuma configuration for vnode 0",
        "name = \"a\"; vnuma = [ [ \"pnode=0\", \"size=512\", \"vcpus=0-1\" ] ]|CONFIG_UNSUPPORTED|unsupported configuration: vnuma configuration contains 2 vcpus, which is greater than 1 maxvcpus",
        "name = \"a\"; pci = [ \"00:1b\" ]|INTERNAL_ERROR|internal error: Malformed PCI address 1b",
        "name = \"a\"; pci = [ \"00:1b.0,permissive\" ]|INTERNAL_ERROR|internal error: Malformed PCI options permissive",
        "name = \"a\"; builder = \"hvm\"; soundhw = \"ac97,kazoo\"|INTERNAL_ERROR|internal error: unknown sound model 'kazoo'"})
    void refusesToReadXl(String text, ErrorCode code, String message) {
        assertRefused(() -> XlCodec.toDomain(text, XlFormat.XL), code, message);
    }

    @Test
    void refusesWhatOnlyXmRefuses() {
        assertRefused(() -> XlCodec.toDomain("name = 'a'\nbuilder = 'hvm'\nkernel = '/l'\nserial = [ 'pty' ]\n",
                XlFormat.XM), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Multiple serial devices are not supported by xen-xm");
        assertRefused(() -> XlCodec.toDomain("name = 'a'\nbuilder = 'hvm'\n", XlFormat.XM),
                ErrorCode.INTERNAL_ERROR, "internal error: config value kernel was missing");
        assertRefused(() -> XlCodec.toDomain("name = 'a'\nkernel = '/k'\ndisk = [ ',xvda,w' ]\n", XlFormat.XM),
                ErrorCode.NO_SOURCE, "missing source information for device xvda");
    }

    @Test
    void readsPastWhatLibvirtSkips() {
        DomainDefinition def = XlCodec.toDomain("""
                name = 'a'
                passthrough = 'sometimes'
                vif = [ 42, 'bridge=br0' ]
                disk = [ 'no-commas-here', 'tap:vmdk9:/x,xvda,w' ]
                """, XlFormat.XM);

        assertThat(def.featureSettings()).isNull();
        assertThat(def.devices().interfaces()).hasSize(1);
        assertThat(def.devices().disks()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=vnc|-1|true",
        "type=vnc;ed=1|-1|true",
        "type=vnc,vncunused=0|5900|false",
        "type=vnc,vncdisplay=3|5903|false",
        "type=vnc,vncunused=1,vncdisplay=3|-1|true",
        "type=vnc,vncdisplay=59635|65535|false"})
    void readsAVfbsVncPortAsLibxlPicksIt(String vfb, int port, boolean autoport) {
        GraphicsDevice vnc = XlCodec.toDomain("name = 'a'\nvfb = [ '" + vfb + "' ]\n", XlFormat.XL).devices()
                .graphics().get(0);

        assertThat(vnc.port()).isEqualTo(port);
        assertThat(vnc.autoport()).isEqualTo(autoport);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "<disk type='file' device='disk'><transient/><source file='/x'/><target dev='xvda'/></disk>|CONFIG_UNSUPPORTED|unsupported configuration: transient disks not supported yet",
        "<disk type='network' device='disk'><source protocol='nbd' name='x'><host name='h'/></source><target dev='xvda'/></disk>|NO_SUPPORT|this function is not supported by the connection driver: Unsupported network block protocol 'nbd'",
        "<disk type='volume' device='disk'><source pool='p' volume='v'/><target dev='xvda'/></disk>|INTERNAL_ERROR|internal error: unsupported storage type for this code path",
        "<interface type='user'><mac address='00:16:3e:00:00:01'/></interface>|CONFIG_UNSUPPORTED|unsupported configuration: Unsupported net type 'user'",
        "<interface type='network'><mac address='00:16:3e:00:00:01'/><source network='idle'/></interface>|NO_NETWORK|Network not found: no network with matching name 'idle'"})
    void refusesToWriteDevices(String device, ErrorCode code, String message) {
        DomainDefinition def = DomainXmlCodec.parse(PV.replace("</devices>", device + "</devices>"));

        assertRefused(() -> XlCodec.toConfig(def, XlFormat.XL, network -> null), code, message);
    }

    @Test
    void writesANetworkInterfaceOnItsNetworksBridge() {
        DomainDefinition def = DomainXmlCodec.parse(PV.replace("</devices>", "<interface type='network'>"
                + "<mac address='00:16:3e:00:00:01'/><source network='default'/></interface></devices>"));

        XlConfig xl = XlCodec.toConfig(def, XlFormat.XL, network -> network.equals("default") ? "virbr0" : null);

        assertThat(xl.get("vif")).isEqualTo(XlValue.strings(java.util.List.of(
                "mac=00:16:3e:00:00:01,bridge=virbr0,script=vif-bridge")));
    }

    @Test
    void refusesClocksAndTimersXenCannotKeep() {
        assertFormatRefused(PV.replace("<devices>", "<clock offset='timezone' timezone='Europe/Berlin'/><devices>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unsupported clock offset='timezone'");
        assertFormatRefused(HVM.replace("<devices>", "<clock offset='utc' adjustment='reset'/><devices>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unsupported clock adjustment='reset'");
        assertFormatRefused(PV.replace("<devices>", "<clock offset='utc'><timer name='hpet' present='yes'/></clock>"
                + "<devices>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unsupported timer type (name) 'hpet'");
        assertFormatRefused(HVM.replace("<devices>", "<clock offset='utc'><timer name='rtc' tickpolicy='catchup'/>"
                + "</clock><devices>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unsupported timer type (name) 'rtc'");
    }

    @Test
    void refusesSerialPortsXenCannotDescribe() {
        String twoSerials = HVM.replace("</devices>", "<serial type='pty'><target port='0'/></serial>"
                + "<serial type='pty'><target port='1'/></serial></devices>");
        assertRefused(() -> XlCodec.toConfig(DomainXmlCodec.parse(twoSerials), XlFormat.XM),
                ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Multiple serial devices are not supported by xen-xm");
        assertFormatRefused(HVM.replace("</devices>", "<serial type='spiceport'><source channel='org.x'/>"
                + "<target port='0'/></serial></devices>"), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unsupported chr device type 'spiceport'");
    }

    @Test
    void reportsFromLibvirtsErrorDomains() {
        assertThatThrownBy(() -> XlCodec.toDomain("name = 'a'\ntype = 'x'\n", XlFormat.XL))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.domain()).isEqualTo(ErrorDomain.XEN));
        assertThatThrownBy(() -> XlCodec.toDomain("name = 'a'\ndisk = [ 'vdev=xvda,backendtype=standalone,"
                + "target=/x' ]\n", XlFormat.XL)).isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.domain()).isEqualTo(ErrorDomain.XENXL));
        assertThatThrownBy(() -> XlFormat.of("xen-sxpr")).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.getMessage()).isEqualTo("invalid argument: unsupported config type xen-sxpr");
        });
    }

    private static void assertFormatRefused(String xml, ErrorCode code, String message) {
        DomainDefinition def = DomainXmlCodec.parse(xml);
        assertRefused(() -> XlCodec.toConfig(def, XlFormat.XL), code, message);
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
