package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Character devices of every source type and the auxiliary devices: their values, defaults and errors. */
class AuxiliaryDevicesXmlTest {

    private static DomainDefinition vm(String devices) {
        return DomainXmlCodec.parse("<domain type='kvm'><name>vm</name><memory>1024</memory><os><type>hvm</type>"
                + "</os><devices>" + devices + "</devices></domain>");
    }

    @Test
    void virtInstallsAgentChannelLeavesItsSocketToTheDriver() {
        CharDevice agent = vm("<channel type='unix'><source mode='bind'/>"
                + "<target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel>")
                .devices().auxiliary().channels().get(0);
        assertThat(agent.type()).isEqualTo(CharDevice.Type.UNIX);
        assertThat(agent.sourcePath()).isNull();
        assertThat(agent.sourceMode()).isEqualTo("bind");
        assertThat(agent.targetName()).isEqualTo("org.qemu.guest_agent.0");
        assertThat(agent.targetState()).as("live only").isNull();
    }

    @Test
    void tcpDefaultsToConnectAndRawAndWatchdogToReset() {
        DomainDefinition def = vm("<serial type='tcp'><source host='h' service='1'/></serial>"
                + "<watchdog model='ib700'/><parallel type='pty'/><parallel type='null'/>");
        CharDevice tcp = def.devices().serials().get(0);
        assertThat(tcp.sourceMode()).isEqualTo("connect");
        assertThat(tcp.protocol()).isEqualTo("raw");
        assertThat(def.devices().auxiliary().watchdogs().get(0).action()).isEqualTo("reset");
        assertThat(def.devices().auxiliary().parallels()).extracting(CharDevice::targetPort).containsExactly(0, 1);
        assertThat(DomainXmlCodec.format(def)).contains("<protocol type='raw'/>",
                "<watchdog model='ib700' action='reset'/>");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <serial type='udp'><source mode='bind' service='1'/></serial> | Missing source service attribute for char device
            <serial type='nmdm'><source master='/dev/a'/></serial> | Missing master or slave path attribute for nmdm device
            <serial type='unix'><source mode='connect' path='/s'><reconnect enabled='no' timeout='3'/></source></serial> | reconnect attribute 'timeout' requires 'enabled' set to 'yes'
            <serial type='tcp'><source service='1'/><protocol type='ssh'/></serial> | Unknown protocol 'ssh'
            <serial type='unix'/> | Missing source path attribute for char device
            <channel type='pty'/> | character device target type must be specified
            <channel type='pty'><target type='guestfwd'/></channel> | guestfwd channel does not define a target address and port
            <memballoon/> | balloon memory model must be specified
            <memballoon model='none'/><memballoon model='none'/> | only a single memory balloon device is supported
            <rng model='virtio'><backend model='egd'/></rng> | missing EGD backend type
            <rng model='virtio'><rate period='5'/><backend model='builtin'/></rng> | missing RNG rate bytes
            <watchdog model='i6300esb' action='explode'/> | unknown watchdog action 'explode'
            <vsock><cid address='2'/></vsock> | guest CID must be >= 3
            <tpm><backend type='emulator' version='3.0'/></tpm> | Unsupported TPM version '3.0'
            <memory model='dimm'><target><node>0</node></target></memory> | missing memory size
            <filesystem type='ram'><source/><target dir='/r'/></filesystem> | missing 'usage' attribute for RAM filesystem
            """)
    void badValuesAreXmlErrors(String devices, String message) {
        assertThatThrownBy(() -> vm(devices)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.getMessage()).endsWith(message);
        });
    }

    @Test
    void aUserAliasNamesOneDeviceAcrossTheFamilies() {
        assertThatThrownBy(() -> vm("<rng model='virtio'><backend model='builtin'/><alias name='ua-x'/></rng>"
                + "<watchdog model='ib700'><alias name='ua-x'/></watchdog>"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }
}
