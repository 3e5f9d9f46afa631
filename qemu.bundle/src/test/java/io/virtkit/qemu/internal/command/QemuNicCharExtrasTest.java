package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.hvm;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line of an interface's driver and boot order, and of a redirdev's log and reconnect; and what of
 * the interface, character device and redirdev extras the driver refuses at start.
 */
class QemuNicCharExtrasTest {

    private static final String DRIVER = "<driver txmode='timer' ioeventfd='off' event_idx='on' queues='1'"
            + " rx_queue_size='512' packed='on' page_per_vq='on'><host csum='off' mrg_rxbuf='off'/>"
            + "<guest tso4='off' ecn='off'/></driver>";

    @Test
    void aUserNicsDriverBecomesVirtioNetPropertiesAndItsBootOrderABootIndex() {
        List<String> argv = argv(hvm("<interface type='user'><mac address='52:54:00:00:00:01'/>"
                + "<model type='virtio'/>" + DRIVER + "<boot order='2'/></interface>"));
        assertThat(values(argv, "-device")).anyMatch(d -> d.startsWith("virtio-net-pci,netdev=hostnet0,id=net0,"
                + "mac=52:54:00:00:00:01,tx=timer,ioeventfd=off,event_idx=on,rx_queue_size=512,packed=on,"
                + "page-per-vq=on,csum=off,mrg_rxbuf=off,guest_tso4=off,guest_ecn=off,bootindex=2"));
    }

    @Test
    void aTapNicsDriverGoesIntoItsDeviceAdd() {
        var def = DomainXmlCodec.parse(hvm("<interface type='network'><mac address='52:54:00:00:00:02'/>"
                + "<source network='default'/><model type='virtio'/>" + DRIVER + "<boot order='1'/></interface>"));
        Map<String, Object> args = QemuCommandLine.tapNics(def).get(0).deviceArgs();
        assertThat(args).containsEntry("tx", "timer").containsEntry("rx_queue_size", 512)
                .containsEntry("packed", true).containsEntry("mrg_rxbuf", false).containsEntry("bootindex", 1);
    }

    @Test
    void aRedirdevKeepsItsLogAndReconnect() {
        List<String> argv = argv(hvm("<controller type='usb' index='0' model='qemu-xhci'/>"
                + "<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' service='4000'>"
                + "<reconnect enabled='yes' timeout='3'/><seclabel model='dac' relabel='no'/></source>"
                + "<log file='/tmp/r.log' append='on'/></redirdev>"));
        assertThat(values(argv, "-chardev")).contains("socket,id=charredir0,host=127.0.0.1,port=4000,reconnect=3,"
                + "logfile=/tmp/r.log,logappend=on");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <interface type='user'><model type='virtio'/><driver name='vhost'/></interface> | interface driver name 'vhost' is not supported by the QEMU driver
            <interface type='user'><model type='virtio'/><driver queues='4'/></interface> | multiqueue network interfaces (driver queues='4') are not supported by the QEMU driver
            <interface type='user'><model type='virtio'/><driver tx_queue_size='512'/></interface> | interface driver tx_queue_size is not supported by the QEMU driver (QEMU takes it for vhost-user only)
            <interface type='user'><model type='virtio'/><driver rx_queue_size='100'/></interface> | interface driver rx_queue_size must be a power of two from 256 to 1024
            <interface type='user'><model type='virtio'/><driver rss='on'/></interface> | interface driver rss is not supported by the QEMU driver
            <interface type='user'><model type='virtio'/><driver iommu='on'/></interface> | interface driver iommu and ats options are not supported by the QEMU driver
            <interface type='user'><model type='e1000'/><driver txmode='timer'/></interface> | interface driver settings are only supported on virtio network interfaces
            <interface type='user'><ip address='10.0.2.15' prefix='24'/></interface> | interface <ip> is not supported by the QEMU driver
            <interface type='user'><route address='10.1.0.0' prefix='16' gateway='10.0.2.2'/></interface> | interface <route> is not supported by the QEMU driver
            <interface type='user'><portForward proto='tcp'><range start='22'/></portForward></interface> | interface <portForward> is not supported by the QEMU driver
            <interface type='ethernet'><source><ip address='10.0.0.1'/></source></interface> | interface <source> is not supported by the QEMU driver
            <interface type='internal'><source name='n'/></interface> | interface type 'internal' is not supported by the QEMU driver
            <serial type='file'><source path='/tmp/s'><seclabel model='selinux' relabel='yes'><label>x</label></seclabel></source></serial> | security label of a character device source (model 'selinux') is not supported by the QEMU driver; only relabel='no' is
            <console type='pty'><target type='serial' port='0'><model name='isa-serial'/></target></console> | target model 'isa-serial' of a console or parallel port is not supported by the QEMU driver
            <parallel type='pty'><target port='0'><model name='isa-debugcon'/></target></parallel> | target model 'isa-debugcon' of a console or parallel port is not supported by the QEMU driver
            <controller type='usb' index='0'/><redirdev bus='usb' type='tcp'><source mode='connect' host='h' service='1' tls='yes'/></redirdev> | TLS for USB redirection over TCP is not supported by the QEMU driver
            <controller type='usb' index='0'/><redirdev bus='usb' type='unix'><source mode='connect' path='/tmp/r'><seclabel model='dac' relabel='yes'><label>+0:+0</label></seclabel></source></redirdev> | security label of a character device source (model 'dac') is not supported by the QEMU driver; only relabel='no' is
            """)
    void whatTheDriverCannotRunIsRefusedAtStart(String device, String message) {
        assertThatThrownBy(() -> argv(hvm(device))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + message);
        });
    }
}
