package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;
import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceAddress;

/** Character devices: each serial port a {@code -chardev} ({@code char}+alias) and its device (the alias). */
final class QemuCharArgs {

    private QemuCharArgs() {
    }

    static void add(QemuArgv a) {
        for (CharDevice serial : a.def.devices().serials()) {
            String chardev = QemuCommandLine.serialChardevId(serial);
            a.add("-chardev", chardev(serial, chardev));
            String target = serial.targetType() == null ? "isa-serial" : serial.targetType();
            int port = serial.targetPort() == null ? 0 : serial.targetPort();
            String id = serial.alias() != null ? escape(serial.alias()) : "serial" + port;
            switch (target) {
                case "isa-serial" -> {
                    if (port > 3) {
                        throw unsupported("isa-serial port " + port + " is beyond COM4");
                    }
                    a.add("-device", "isa-serial,chardev=" + chardev + ",id=" + id + ",index=" + port);
                }
                case "pci-serial" -> a.add("-device", "pci-serial,chardev=" + chardev + ",id=" + id
                        + a.slots.of(serial.info(), a));
                default -> throw unsupported("serial target type '" + target
                        + "' is not supported by the QEMU driver");
            }
        }
        List<CharDevice> consoles = a.def.devices().consoles();
        for (int n = 0; n < consoles.size(); n++) {
            CharDevice console = consoles.get(n);
            // The first serial console is the serial port itself (the codec has made it mirror one).
            boolean alias = n == 0 && "serial".equals(console.targetType()) && !a.def.devices().serials().isEmpty();
            if (QemuVirtioSerialAddresses.isVirtio(console)) {
                virtconsole(a, console, n);
            } else if (!alias) {
                throw unsupported("console target type '" + console.targetType()
                        + "' is not supported yet by the QEMU driver");
            }
        }
    }

    /** A virtio console: its chardev and a {@code virtconsole} at its virtio-serial port. */
    private static void virtconsole(QemuArgv a, CharDevice console, int n) {
        String id = console.alias() != null ? escape(console.alias()) : "console" + n;
        a.add("-chardev", chardev(console, "char" + id));
        StringBuilder dev = new StringBuilder("virtconsole,chardev=char").append(id).append(",id=").append(id);
        if (console.address() instanceof DeviceAddress.VirtioSerial v) {
            dev.append(",bus=virtio-serial").append(v.controller()).append('.').append(v.bus()).append(",nr=")
                    .append(v.port());
        }
        a.add("-device", dev.toString());
    }

    private static String chardev(CharDevice c, String id) {
        String path = c.sourcePath() == null ? null : escape(c.sourcePath());
        return switch (c.type()) {
            case PTY -> "pty,id=" + id;
            case NULL -> "null,id=" + id;
            case FILE -> "file,id=" + id + ",path=" + path;
            case DEV -> "tty,id=" + id + ",path=" + path;
            case PIPE -> "pipe,id=" + id + ",path=" + path;
            case UNIX -> "socket,id=" + id + ",path=" + path
                    + ("bind".equals(c.sourceMode()) ? ",server=on,wait=off" : "");
            case VC, STDIO -> throw unsupported("character device type '" + c.type().xmlName()
                    + "' is not supported by the QEMU driver");
        };
    }
}
