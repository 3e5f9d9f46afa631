package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.hvm;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The command line of channels, parallel ports, network serials, balloon, RNG, watchdog and panic. */
class QemuChardevArgsTest {

    @Test
    void virtInstallsDefaultsBecomeTheirDevices() {
        List<String> argv = argv(hvm("""
                <channel type='unix'><source mode='bind' path='/run/g/agent.sock'/>
                  <target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <memballoon model='virtio' autodeflate='on'/>
                <rng model='virtio'><rate bytes='1024'/><backend model='random'>/dev/urandom</backend></rng>
                <watchdog model='i6300esb' action='poweroff'/>
                <panic model='isa'/>"""));
        assertThat(values(argv, "-chardev")).contains(
                "socket,id=charchannel0,path=/run/g/agent.sock,server=on,wait=off");
        assertThat(values(argv, "-device")).contains(
                "virtserialport,bus=virtio-serial0.0,nr=1,chardev=charchannel0,id=channel0,name=org.qemu.guest_agent.0",
                "pvpanic,ioport=1285");
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("virtio-serial-pci,id=virtio-serial0"));
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("virtio-balloon-pci,id=balloon0")
                && d.endsWith(",deflate-on-oom=on"));
        assertThat(values(argv, "-object")).containsExactly("rng-random,id=objrng0,filename=/dev/urandom");
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith(
                "virtio-rng-pci,rng=objrng0,id=rng0,max-bytes=1024,period=1000"));
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("i6300esb,id=watchdog0"));
        assertThat(values(argv, "-action")).containsExactly("watchdog=poweroff");
    }

    @Test
    void balloonModelNoneIsNoDevice() {
        assertThat(values(argv(hvm("<memballoon model='none'/>")), "-device"))
                .noneMatch(d -> d.contains("balloon"));
    }

    @Test
    void networkSerialsWithLogAndReconnect() {
        List<String> argv = argv(hvm("""
                <serial type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/><protocol type='telnet'/>
                  <log file='/var/log/s0.log' append='on'/></serial>
                <serial type='tcp'><source mode='connect' host='127.0.0.1' service='4556'>
                  <reconnect enabled='yes' timeout='5'/></source></serial>
                <serial type='udp'><source mode='bind' host='0.0.0.0' service='2445'/>
                  <source mode='connect' host='127.0.0.1' service='2446'/></serial>
                <parallel type='file'><source path='/tmp/lp' append='on'/></parallel>"""));
        assertThat(values(argv, "-chardev")).contains(
                "socket,id=charserial0,host=127.0.0.1,port=4555,telnet=on,server=on,wait=off,"
                        + "logfile=/var/log/s0.log,logappend=on",
                "socket,id=charserial1,host=127.0.0.1,port=4556,reconnect=5",
                "udp,id=charserial2,host=127.0.0.1,port=2446,localaddr=0.0.0.0,localport=2445",
                "file,id=charparallel0,path=/tmp/lp,append=on");
        assertThat(values(argv, "-device")).contains("isa-parallel,chardev=charparallel0,id=parallel0");
    }

    @Test
    void spicevmcIsTheSpiceAgentsChardev() {
        CharDevice vmc = CharDevice.builder().type(CharDevice.Type.SPICEVMC).targetType("virtio")
                .targetName("com.redhat.spice.0").build();
        assertThat(QemuCharArgs.chardev(vmc, "charchannel1")).isEqualTo("spicevmc,id=charchannel1,name=vdagent");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel> | spicevmc character device requires SPICE graphics
            <channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel> | channel target type 'guestfwd' is not supported by the QEMU driver
            <serial type='spiceport'><source channel='x'/></serial> | character device type 'spiceport' is not supported by the QEMU driver
            <serial type='tcp'><source mode='connect' host='h' service='1' tls='yes'/></serial> | TLS for TCP character devices is not supported yet by the QEMU driver
            <memballoon model='virtio'><stats period='5'/></memballoon> | memory balloon statistics period is not supported yet by the QEMU driver
            <watchdog model='i6300esb' action='dump'/> | watchdog action 'dump' is not supported by the QEMU driver
            <watchdog model='diag288'/> | watchdog model 'diag288' is not supported by the QEMU driver
            <panic model='hyperv'/> | panic model 'hyperv' is not supported by the QEMU driver
            <vsock model='virtio'><cid auto='yes'/></vsock> | vsock devices are not supported yet by the QEMU driver
            <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm> | TPM devices are not supported yet by the QEMU driver
            <shmem name='s'><model type='ivshmem-plain'/></shmem> | shmem devices are not supported yet by the QEMU driver
            <iommu model='intel'/> | IOMMU devices are not supported yet by the QEMU driver
            <nvram/> | nvram device is only supported for PPC64
            <memory model='dimm'><target><size unit='MiB'>128</size><node>0</node></target></memory> | memory devices are not supported yet by the QEMU driver
            """)
    void whatTheDriverCannotRunIsRefusedAtStart(String device, String message) {
        assertThatThrownBy(() -> argv(hvm(device))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + message);
        });
    }
}
