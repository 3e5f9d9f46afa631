package io.virtkit.qemu.internal;

import io.virtkit.api.DeviceModifyFlag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DomainStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.domain.CharDevice;
import io.virtkit.api.domain.DomainDefinition;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.api.spi.DomainRecordHandle;
import io.virtkit.api.spi.FlagSet;

/**
 * A handle on a QEMU domain: the common calls are {@link DomainRecordHandle}'s; devices, statistics, the
 * monitor and consoles are the QEMU driver's.
 */
final class QemuDomainHandle extends DomainRecordHandle<QemuDomainObject, QemuConnection> implements QemuDomain {

    QemuDomainHandle(QemuConnection connection, UUID uuid, String name) {
        super(connection, uuid, name);
    }

    @Override
    protected QemuState operations() {
        return connection().state();
    }

    @Override
    public void attachDevice(String deviceXml, DeviceModifyFlag... flags) {
        operations().changeDevice(record("virDomainAttachDeviceFlags"), deviceXml, true,
                FlagSet.of(DeviceModifyFlag.class, flags));
    }

    @Override
    public void detachDevice(String deviceXml, DeviceModifyFlag... flags) {
        operations().changeDevice(record("virDomainDetachDeviceFlags"), deviceXml, false,
                FlagSet.of(DeviceModifyFlag.class, flags));
    }

    @Override
    public String monitorCommand(String json) {
        if (json == null || json.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "cmd must not be empty");
        }
        return operations().monitorCommand(record("virDomainQemuMonitorCommand"), json);
    }

    /** The base statistics plus vcpu.N.time (from the vCPU threads) and block.* (query-blockstats). */
    @Override
    public DomainStats stats() {
        DomainStats base = QemuDomain.super.stats();
        QemuDomainObject d = record("virConnectGetAllDomainStats");
        if (!d.isActive()) {
            return base;
        }
        Map<String, Object> fields = new LinkedHashMap<>(base.fields());
        try {
            List<Long> vcpus = operations().vcpuTimes(d);
            for (int i = 0; i < vcpus.size(); i++) {
                fields.put("vcpu." + i + ".state", 1);
                fields.put("vcpu." + i + ".time", vcpus.get(i));
            }
            JsonNode blocks = operations().blockStats(d);
            fields.put("block.count", blocks.size());
            int i = 0;
            for (JsonNode b : blocks) {
                JsonNode s = b.path("stats");
                String dev = b.path("qdev").asText(b.path("device").asText(""));
                fields.put("block." + i + ".name", dev);
                fields.put("block." + i + ".rd.reqs", s.path("rd_operations").asLong());
                fields.put("block." + i + ".rd.bytes", s.path("rd_bytes").asLong());
                fields.put("block." + i + ".rd.times", s.path("rd_total_time_ns").asLong());
                fields.put("block." + i + ".wr.reqs", s.path("wr_operations").asLong());
                fields.put("block." + i + ".wr.bytes", s.path("wr_bytes").asLong());
                fields.put("block." + i + ".wr.times", s.path("wr_total_time_ns").asLong());
                fields.put("block." + i + ".fl.reqs", s.path("flush_operations").asLong());
                fields.put("block." + i + ".fl.times", s.path("flush_total_time_ns").asLong());
                i++;
            }
        } catch (VirtException e) {
            // the domain stopped meanwhile: the base statistics are what there is
        }
        return new DomainStats(name(), fields);
    }

    /**
     * Attaches to a serial port or console: its pty (opened as a file) or its UNIX socket. {@code device}
     * is an alias ({@code serial0}, {@code console0}) or null for the first console, else the first serial.
     */
    @Override
    public ConsoleStream openConsole(String device) {
        QemuDomainObject d = record("virDomainOpenConsole");
        DomainDefinition live = operations().liveDefinition(d);
        CharDevice chr = findCharDevice(live, device);
        String alias = device == null ? "console0" : device;
        try {
            if (chr.type() == CharDevice.Type.PTY && chr.sourcePath() != null) {
                // A FileChannel, not file streams: closing it wakes a thread blocked reading the pty, so a
                // detached console stops reading at once and leaves the guest's next output to the next one.
                FileChannel pty = FileChannel.open(Path.of(chr.sourcePath()), StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                return new Console(Channels.newInputStream(pty), Channels.newOutputStream(pty), pty);
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

    private CharDevice findCharDevice(DomainDefinition live, String device) {
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
