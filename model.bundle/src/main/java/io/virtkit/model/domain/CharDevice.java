package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.List;
import java.util.Objects;

/**
 * A character device: a {@code <serial>}, {@code <parallel>}, {@code <console>} or {@code <channel>}. Which
 * element it is, is the list of {@link DomainDevices} (or {@link AuxiliaryDevices}) holding it. Every value is
 * libvirt's XML word; {@code null} where the XML has none.
 *
 * @param type               the host side of the device
 * @param sourcePath         the host path (file, device, pipe, UNIX socket or, live, the allocated pty), or {@code null}
 * @param sourceMode         for {@link Type#UNIX} and {@link Type#TCP}: {@code bind} (listen) or {@code connect}
 * @param targetType         the guest side (e.g. {@code isa-serial} for serials, {@code serial}/{@code virtio} for
 *                           consoles, {@code virtio}/{@code guestfwd}/{@code xen} for channels), or {@code null}
 * @param targetPort         the guest port number, or {@code null}
 * @param info               alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 * @param host               TCP's host, UDP's remote host
 * @param service            TCP's port, UDP's remote port
 * @param bindHost           UDP's local host
 * @param bindService        UDP's local port
 * @param tls                TCP's {@code tls} ({@code yes}/{@code no})
 * @param append             a file's {@code append} ({@code on}/{@code off})
 * @param channel            a spiceport's or dbus channel name
 * @param master             nmdm's master device
 * @param slave              nmdm's slave device
 * @param reconnect          a client socket's reconnect policy
 * @param clipboardCopypaste qemu-vdagent's clipboard sharing ({@code yes}/{@code no})
 * @param mouseMode          qemu-vdagent's mouse mode ({@code server}/{@code client})
 * @param protocol           TCP's protocol ({@code raw}, {@code telnet}, {@code telnets}, {@code tls})
 * @param log                where the device's output is also logged
 * @param targetName         a channel's name in the guest (e.g. {@code org.qemu.guest_agent.0})
 * @param targetState        a virtio channel's state, live only ({@code connected}/{@code disconnected})
 * @param targetAddress      a guestfwd channel's guest address
 * @param targetModel        the serial device model ({@code <target><model name>})
 * @param tty                a live console's pty ({@code <console tty>})
 * @param seclabels          the security label overrides of its source ({@code <source><seclabel>})
 */
public record CharDevice(Type type,
        String sourcePath,
        String sourceMode,
        String targetType,
        Integer targetPort,
        DeviceInfo info,
        String host,
        String service,
        String bindHost,
        String bindService,
        String tls,
        String append,
        String channel,
        String master,
        String slave,
        Reconnect reconnect,
        String clipboardCopypaste,
        String mouseMode,
        String protocol,
        Log log,
        String targetName,
        String targetState,
        String targetAddress,
        String targetModel,
        String tty,
        List<SourceSeclabel> seclabels) {

    public CharDevice {
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
        seclabels = seclabels == null ? List.of() : List.copyOf(seclabels);
    }

    /** A character device of the form before source security labels were modelled. */
    public CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort,
            DeviceInfo info, String host, String service, String bindHost, String bindService, String tls,
            String append, String channel, String master, String slave, Reconnect reconnect,
            String clipboardCopypaste, String mouseMode, String protocol, Log log, String targetName,
            String targetState, String targetAddress, String targetModel, String tty) {
        this(type, sourcePath, sourceMode, targetType, targetPort, info, host, service, bindHost, bindService, tls,
                append, channel, master, slave, reconnect, clipboardCopypaste, mouseMode, protocol, log, targetName,
                targetState, targetAddress, targetModel, tty, List.of());
    }

    /** A character device of the form before network, spice and channel sources were modelled. */
    public CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort, DeviceInfo info) {
        this(type, sourcePath, sourceMode, targetType, targetPort, info, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A character device without alias and address (the form before device identity existed). */
    public CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort) {
        this(type, sourcePath, sourceMode, targetType, targetPort, DeviceInfo.NONE);
    }

    /** A socket client's reconnect policy: {@code <reconnect enabled timeout>}. */
    public record Reconnect(boolean enabled, Integer timeout) {
    }

    /** {@code <log file append>}: a file the device's output is copied to. */
    public record Log(String file, String append) {
        public Log {
            Objects.requireNonNull(file, "file");
        }
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** The address, or {@code null}. */
    public DeviceAddress address() {
        return info.address();
    }

    /** A copy with another alias and address. */
    public CharDevice withInfo(DeviceInfo newInfo) {
        return new CharDevice(type, sourcePath, sourceMode, targetType, targetPort, newInfo, host, service, bindHost, bindService, tls, append, channel, master, slave, reconnect, clipboardCopypaste, mouseMode, protocol, log, targetName, targetState, targetAddress, targetModel, tty, seclabels);
    }

    /** A copy with another guest port. */
    public CharDevice withTargetPort(Integer newTargetPort) {
        return new CharDevice(type, sourcePath, sourceMode, targetType, newTargetPort, info, host, service, bindHost, bindService, tls, append, channel, master, slave, reconnect, clipboardCopypaste, mouseMode, protocol, log, targetName, targetState, targetAddress, targetModel, tty, seclabels);
    }

    /** The character device's {@code type} attribute. */
    public enum Type {
        NULL, VC, PTY, DEV, FILE, PIPE, STDIO, UNIX, TCP, UDP, SPICEVMC, SPICEPORT, NMDM, QEMU_VDAGENT, DBUS;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder with libvirt's default type ({@code pty}) and no identity. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.sourcePath = sourcePath;
        b.sourceMode = sourceMode;
        b.targetType = targetType;
        b.targetPort = targetPort;
        b.info = info;
        b.host = host;
        b.service = service;
        b.bindHost = bindHost;
        b.bindService = bindService;
        b.tls = tls;
        b.append = append;
        b.channel = channel;
        b.master = master;
        b.slave = slave;
        b.reconnect = reconnect;
        b.clipboardCopypaste = clipboardCopypaste;
        b.mouseMode = mouseMode;
        b.protocol = protocol;
        b.log = log;
        b.targetName = targetName;
        b.targetState = targetState;
        b.targetAddress = targetAddress;
        b.targetModel = targetModel;
        b.tty = tty;
        b.seclabels = seclabels;
        return b;
    }

    /** Builds a {@link CharDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private Type type = Type.PTY;
        private String sourcePath;
        private String sourceMode;
        private String targetType;
        private Integer targetPort;
        private DeviceInfo info = DeviceInfo.NONE;
        private String host;
        private String service;
        private String bindHost;
        private String bindService;
        private String tls;
        private String append;
        private String channel;
        private String master;
        private String slave;
        private Reconnect reconnect;
        private String clipboardCopypaste;
        private String mouseMode;
        private String protocol;
        private Log log;
        private String targetName;
        private String targetState;
        private String targetAddress;
        private String targetModel;
        private String tty;
        private List<SourceSeclabel> seclabels = List.of();

        private Builder() {
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder sourcePath(String value) {
            this.sourcePath = value;
            return this;
        }

        public Builder sourceMode(String value) {
            this.sourceMode = value;
            return this;
        }

        public Builder targetType(String value) {
            this.targetType = value;
            return this;
        }

        public Builder targetPort(Integer value) {
            this.targetPort = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder service(String value) {
            this.service = value;
            return this;
        }

        public Builder bindHost(String value) {
            this.bindHost = value;
            return this;
        }

        public Builder bindService(String value) {
            this.bindService = value;
            return this;
        }

        public Builder tls(String value) {
            this.tls = value;
            return this;
        }

        public Builder append(String value) {
            this.append = value;
            return this;
        }

        public Builder channel(String value) {
            this.channel = value;
            return this;
        }

        public Builder master(String value) {
            this.master = value;
            return this;
        }

        public Builder slave(String value) {
            this.slave = value;
            return this;
        }

        public Builder reconnect(Reconnect value) {
            this.reconnect = value;
            return this;
        }

        public Builder clipboardCopypaste(String value) {
            this.clipboardCopypaste = value;
            return this;
        }

        public Builder mouseMode(String value) {
            this.mouseMode = value;
            return this;
        }

        public Builder protocol(String value) {
            this.protocol = value;
            return this;
        }

        public Builder log(Log value) {
            this.log = value;
            return this;
        }

        public Builder targetName(String value) {
            this.targetName = value;
            return this;
        }

        public Builder targetState(String value) {
            this.targetState = value;
            return this;
        }

        public Builder targetAddress(String value) {
            this.targetAddress = value;
            return this;
        }

        public Builder targetModel(String value) {
            this.targetModel = value;
            return this;
        }

        public Builder tty(String value) {
            this.tty = value;
            return this;
        }

        public Builder seclabels(List<SourceSeclabel> value) {
            this.seclabels = value;
            return this;
        }

        public CharDevice build() {
            return new CharDevice(type, sourcePath, sourceMode, targetType, targetPort, info, host, service, bindHost, bindService, tls, append, channel, master, slave, reconnect, clipboardCopypaste, mouseMode, protocol, log, targetName, targetState, targetAddress, targetModel, tty, seclabels);
        }
    }
}
