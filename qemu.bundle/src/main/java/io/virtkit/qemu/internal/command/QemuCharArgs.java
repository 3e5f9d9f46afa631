package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;
import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceAddress;

/**
 * Character devices: each serial port, console, parallel port and channel a {@code -chardev} ({@code char}+alias)
 * and its device (the alias).
 */
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
                    a.add("-device", "isa-serial,chardev=" + chardev + ",id=" + id + ",index=" + port
                            + QemuAddressSupport.isaArgs(serial.info()));
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
        List<CharDevice> parallels = a.def.devices().auxiliary().parallels();
        for (int n = 0; n < parallels.size(); n++) {
            parallel(a, parallels.get(n), n);
        }
        List<CharDevice> channels = a.def.devices().auxiliary().channels();
        for (int n = 0; n < channels.size(); n++) {
            channel(a, channels.get(n), n);
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

    /** A parallel port: its chardev and an {@code isa-parallel}. */
    private static void parallel(QemuArgv a, CharDevice p, int n) {
        String id = p.alias() != null ? escape(p.alias()) : "parallel" + n;
        a.add("-chardev", chardev(p, "char" + id));
        a.add("-device", "isa-parallel,chardev=char" + id + ",id=" + id);
    }

    /** A virtio channel: its chardev and a {@code virtserialport} named as the guest expects. */
    private static void channel(QemuArgv a, CharDevice channel, int n) {
        String id = channel.alias() != null ? escape(channel.alias()) : "channel" + n;
        a.add("-chardev", chardev(channel, "char" + id));
        StringBuilder dev = new StringBuilder("virtserialport");
        if (channel.address() instanceof DeviceAddress.VirtioSerial v) {
            dev.append(",bus=virtio-serial").append(v.controller()).append('.').append(v.bus()).append(",nr=")
                    .append(v.port());
        }
        dev.append(",chardev=char").append(id).append(",id=").append(id);
        if (channel.targetName() != null) {
            dev.append(",name=").append(escape(channel.targetName()));
        }
        a.add("-device", dev.toString());
    }

    /** The {@code -chardev} value of a character device's host side (also an EGD RNG backend's). */
    static String chardev(CharDevice c, String id) {
        String path = c.sourcePath() == null ? null : escape(c.sourcePath());
        String value = switch (c.type()) {
            case PTY -> "pty,id=" + id;
            case NULL -> "null,id=" + id;
            case FILE -> "file,id=" + id + ",path=" + path + (c.append() == null ? "" : ",append=" + c.append());
            case DEV -> "tty,id=" + id + ",path=" + path;
            case PIPE -> "pipe,id=" + id + ",path=" + path;
            case UNIX -> "socket,id=" + id + ",path=" + path + server(c);
            case TCP -> "socket,id=" + id + ",host=" + escape(c.host() == null ? "localhost" : c.host())
                    + ",port=" + escape(c.service()) + ("telnet".equals(c.protocol()) ? ",telnet=on" : "")
                    + server(c);
            case UDP -> "udp,id=" + id + ",host=" + escape(c.host() == null ? "localhost" : c.host())
                    + ",port=" + escape(c.service())
                    + (c.bindHost() == null ? "" : ",localaddr=" + escape(c.bindHost()))
                    + (c.bindService() == null ? "" : ",localport=" + escape(c.bindService()));
            case SPICEVMC -> "spicevmc,id=" + id + ",name=vdagent";
            case QEMU_VDAGENT -> "qemu-vdagent,id=" + id + ",name=vdagent"
                    + (c.clipboardCopypaste() == null ? "" : ",clipboard=" + onOff(c.clipboardCopypaste()))
                    + (c.mouseMode() == null ? "" : ",mouse=" + ("client".equals(c.mouseMode()) ? "on" : "off"));
            default -> throw unsupported("character device type '" + c.type().xmlName()
                    + "' is not supported by the QEMU driver");
        };
        if (c.log() != null) {
            value += ",logfile=" + escape(c.log().file()) + (c.log().append() == null ? ""
                    : ",logappend=" + c.log().append());
        }
        return value;
    }

    private static String server(CharDevice c) {
        if ("bind".equals(c.sourceMode())) {
            return ",server=on,wait=off";
        }
        return c.reconnect() != null && c.reconnect().enabled() ? ",reconnect=" + c.reconnect().timeout() : "";
    }

    private static String onOff(String yesNo) {
        return "yes".equals(yesNo) ? "on" : "off";
    }
}
