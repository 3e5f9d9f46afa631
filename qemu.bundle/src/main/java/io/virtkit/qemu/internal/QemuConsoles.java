package io.virtkit.qemu.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;

/** virDomainOpenConsole for QEMU guests: attaching to a serial port's or console's pty or UNIX socket. */
final class QemuConsoles {

    private QemuConsoles() {
    }

    /**
     * Attaches to a serial port or console of the running definition {@code live}: its pty (opened as a
     * file) or its UNIX socket. {@code device} is an alias ({@code serial0}, {@code console0}) or null for
     * the first console, else the first serial.
     */
    static ConsoleStream open(DomainDefinition live, String device) {
        CharDevice chr = findCharDevice(live, device);
        String alias = device == null ? "console0" : device;
        try {
            if (chr.type() == CharDevice.Type.PTY && chr.sourcePath() != null) {
                // FileChannels, not file streams: closing one wakes a thread blocked reading the pty, so a
                // detached console stops reading at once and leaves the guest's next output to the next one.
                // Two of them: a FileChannel's read and write share one lock, so with one channel a keystroke
                // would wait for a reader blocked until the (silent) guest prints something.
                Path path = Path.of(chr.sourcePath());
                FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
                FileChannel out;
                try {
                    out = FileChannel.open(path, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    in.close();
                    throw e;
                }
                return new Console(Channels.newInputStream(in), Channels.newOutputStream(out), out);
            }
            if (chr.type() == CharDevice.Type.UNIX && chr.sourcePath() != null) {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(chr.sourcePath()));
                return new Console(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "cannot open console " + alias + ": " + e.getMessage(), e);
        }
        throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                "character device " + alias + " is not using a PTY");
    }

    private static CharDevice findCharDevice(DomainDefinition live, String device) {
        List<CharDevice> consoles = live.devices().consoles();
        List<CharDevice> serials = live.devices().serials();
        if (device == null) {
            if (!consoles.isEmpty()) {
                return consoles.get(0);
            }
            if (!serials.isEmpty()) {
                return serials.get(0);
            }
        } else {
            // by alias, as libvirt finds it; then serialN/consoleN by position for a console0 that mirrors serial0
            var byAlias = live.devices().charDeviceByAlias(device);
            if (byAlias.isPresent()) {
                return byAlias.get();
            }
            for (String prefix : List.of("serial", "console")) {
                if (device.startsWith(prefix) && device.substring(prefix.length()).matches("\\d+")) {
                    int idx = Integer.parseInt(device.substring(prefix.length()));
                    List<CharDevice> list = prefix.equals("serial") ? serials : consoles;
                    if (idx < list.size()) {
                        return list.get(idx);
                    }
                }
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "cannot find character device " + (device == null ? "<null>" : device));
    }

    private record Console(InputStream input, OutputStream output, AutoCloseable channel) implements ConsoleStream {
        @Override
        public void close() {
            try {
                input.close();
            } catch (IOException e) {
                // detaching anyway
            }
            try {
                output.close();
            } catch (IOException e) {
                // detaching anyway
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (Exception e) {
                    // detaching anyway
                }
            }
        }
    }
}
