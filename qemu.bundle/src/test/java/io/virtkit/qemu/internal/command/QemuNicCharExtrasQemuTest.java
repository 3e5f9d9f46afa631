package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineQemuTest.qomGet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real QEMU (TCG) runs an interface's driver settings and boot order, and a redirected USB device's log, checked
 * over QMP. Uses {@link QemuCommandLineQemuTest}'s way of starting QEMU paused and talking QMP to it.
 */
class QemuNicCharExtrasQemuTest {

    @BeforeAll
    static void needsQemu() {
        QemuCommandLineQemuTest.needsQemu();
    }

    /** A QEMU starter writing into {@code dir}; {@link QemuCommandLineQemuTest#killQemu} ends what it started. */
    private static QemuCommandLineQemuTest qemuIn(Path dir) {
        QemuCommandLineQemuTest qemu = new QemuCommandLineQemuTest();
        qemu.dir = dir;
        return qemu;
    }

    @Test
    void aVirtioNicRunsItsDriverSettingsAndBootOrder(@TempDir Path dir) throws Exception {
        QemuCommandLineQemuTest qemu = qemuIn(dir);
        String devices = "<interface type='user'><mac address='52:54:00:00:00:31'/><model type='virtio'/>"
                + "<driver txmode='timer' ioeventfd='off' event_idx='on' queues='1' rx_queue_size='512'"
                + " packed='on'><host csum='off' mrg_rxbuf='off'/><guest tso4='off'/></driver>"
                + "<boot order='1'/></interface>";
        try (var qmp = qemu.start(QemuCommandLineQemuTest.domain("nicdriver", devices))) {
            String net = "/machine/peripheral/net0";
            assertThat(qomGet(qmp, net, "tx")).isEqualTo("timer");
            assertThat(qomGet(qmp, net, "rx_queue_size")).isEqualTo("512");
            assertThat(qomGet(qmp, net, "ioeventfd")).isEqualTo("false");
            assertThat(qomGet(qmp, net, "event_idx")).isEqualTo("true");
            assertThat(qomGet(qmp, net, "packed")).isEqualTo("true");
            assertThat(qomGet(qmp, net, "csum")).isEqualTo("false");
            assertThat(qomGet(qmp, net, "mrg_rxbuf")).isEqualTo("false");
            assertThat(qomGet(qmp, net, "guest_tso4")).isEqualTo("false");
            assertThat(qomGet(qmp, net, "bootindex")).isEqualTo("1");
            qemu.quit(qmp);
        } finally {
            qemu.killQemu();
        }
    }

    @Test
    void theLogsOfARedirectedUsbDeviceAndASerialPortAreOpenedAndAppendedTo(@TempDir Path dir) throws Exception {
        QemuCommandLineQemuTest qemu = qemuIn(dir);
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("redir.log");
        Path serialLog = dir.resolve("serial.log");
        java.nio.file.Files.writeString(serialLog, "kept\n");
        String devices = "<serial type='null'><log file='" + serialLog + "' append='on'/></serial>"
                + "<controller type='usb' index='0' model='qemu-xhci'/>"
                + "<redirdev bus='usb' type='tcp'><source mode='bind' host='127.0.0.1' service='" + port + "'>"
                + "<seclabel model='dac' relabel='no'/></source><log file='" + log + "' append='on'/></redirdev>";
        try (var qmp = qemu.start(QemuCommandLineQemuTest.domain("redirlog", devices))) {
            assertThat(qomGet(qmp, "/machine/peripheral/redir0", "chardev")).isEqualTo("charredir0");
            // QEMU opens a chardev's log file when it makes the chardev, before the guest runs
            assertThat(log).exists();
            assertThat(serialLog).hasContent("kept");
            qemu.quit(qmp);
        } finally {
            qemu.killQemu();
        }
    }
}
