package io.virtkit.qemu.internal.command;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;

/**
 * Domain XML to QEMU's argv, the libvirt way.
 *
 * <p>Injection safety: every value taken from the XML either lands in an argv element of its own (the value
 * of {@code -kernel}, {@code -initrd}, {@code -append}, which QEMU takes verbatim whatever it starts with), or
 * is the value of an explicit {@code key=} inside an option string and is escaped with
 * {@link #escapeOptionValue(String)} (QEMU's option parsers end a value at a single comma and read a doubled
 * comma as a literal one), or is checked against a closed set (machine type, NIC model, disk format, listen
 * address) because it sits where QEMU would read {@code key=value} or {@code help}. Values QEMU cannot take
 * at all (NUL, newline) are rejected.
 *
 * <p>Deliberately not passed: {@code -no-shutdown}. QEMU exits when the guest powers off, and the driver maps
 * that exit (after a SHUTDOWN event) to SHUTOFF/SHUTDOWN. {@code -no-reboot} is passed when
 * {@code on_reboot} is {@code destroy}, so a guest reboot also ends QEMU.
 */
public final class QemuCommandLine {

    /** The chardev id of the QMP monitor. */
    public static final String MONITOR_CHARDEV = "charmonitor";

    /** Machine types are bare words; anything else could be read by QEMU as {@code key=value}. */
    private static final Pattern MACHINE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** An IPv4/IPv6 literal or a host name. */
    private static final Pattern LISTEN_ADDRESS = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:_-]*");
    private static final Pattern DISK_TARGET = Pattern.compile("(hd|sd|vd|xvd|fd)([a-z]+)");

    /** libvirt model names to QEMU device names, for the NICs this emulator has. */
    private static final Map<String, String> NIC_MODELS = Map.of(
            "virtio", "virtio-net-pci", "e1000", "e1000", "e1000e", "e1000e", "rtl8139", "rtl8139",
            "ne2k_pci", "ne2k_pci", "pcnet", "pcnet", "i82559er", "i82559er", "vmxnet3", "vmxnet3");

    /**
     * libvirt's default NIC for x86 guests: rtl8139 (what {@code qemuDomainDefaultNetModel} picks), so the same
     * XML gives the same guest hardware under both.
     */
    public static final String DEFAULT_NIC_MODEL = "rtl8139";

    private static final Set<String> DISK_FORMATS = Set.of("raw", "qcow2");

    private QemuCommandLine() {
    }

    /**
     * The full argv (emulator first) to run {@code def}: {@code -name guest=…}, {@code -uuid}, {@code -machine}
     * with accel (tcg for type='qemu', kvm for type='kvm'), {@code -m}, {@code -smp}, {@code -no-user-config
     * -nodefaults}, {@code -S}, QMP on {@code monitorSocket} (server, nowait), {@code -display none}, devices.
     * Every value from the XML is escaped for QEMU's option syntax (commas doubled) or rejected.
     *
     * @throws io.virtkit.api.VirtException CONFIG_UNSUPPORTED for what this driver cannot run
     */
    public static List<String> build(DomainDefinition def, String emulator, Path monitorSocket) {
        return build(def, emulator, monitorSocket, QemuCommandOptions.DEFAULTS);
    }

    /** As {@link #build(DomainDefinition, String, Path)}, with host-side choices. */
    public static List<String> build(DomainDefinition def, String emulator, Path monitorSocket,
            QemuCommandOptions options) {
        return new Builder(def, emulator, options).build(monitorSocket);
    }

    /**
     * Escapes a value for QEMU's option parsers (QemuOpts and keyval): a comma ends a value, so each one is
     * doubled. NUL and newline cannot be passed at all and are rejected.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for a value containing NUL or a newline
     */
    public static String escapeOptionValue(String value) {
        checkChars("option value", value);
        return value.replace(",", ",,");
    }

    /**
     * The argv as one POSIX shell line, each word quoted only when it needs it (as {@code virsh
     * domxml-to-native} prints it).
     */
    public static String toShellString(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String arg : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(shellQuote(arg));
        }
        return sb.toString();
    }

    /** The chardev id of a serial port: {@code charserialN}. */
    public static String serialChardevId(CharDevice serial) {
        return "charserial" + portOf(serial);
    }

    /** The guest device id of a disk, as libvirt names it ({@code virtio-disk0}, {@code ide0-1-0}, …). */
    public static String diskDeviceId(DiskDevice disk, String machine) {
        return diskPlacement(disk, isQ35(machine)).id();
    }

    /**
     * A guest NIC whose host side is a TAP the driver opens and hands to QEMU by descriptor (types
     * network, bridge and ethernet). QEMU cannot inherit our descriptors (the JVM closes them in the
     * child), so such a NIC is not on the command line: the driver adds it over QMP before the CPUs run,
     * {@code netdev_add} on the fd-passing monitor, then {@code device_add} with {@link #deviceArgs()}.
     *
     * @param index     the interface's position in the definition (the N of hostnetN/netN)
     * @param iface     the interface as defined
     * @param netdevId  {@code hostnetN}, also the name the TAP descriptor is passed under
     * @param deviceId  {@code netN}
     * @param driver    the QEMU device ({@code virtio-net-pci}, {@code e1000}, {@code rtl8139}, …)
     * @param mac       the guest MAC, canonical
     * @param virtio    whether the NIC is virtio (the TAP then needs a vnet header)
     * @param hostMtu   the MTU advertised to a virtio guest, or null
     * @param bootIndex the NIC's boot index, or null
     * @param bus       the hotplug-capable bus it goes on (see {@link #TAP_BRIDGE}), or null
     * @param addr      its slot on that bus, or null
     */
    public record TapNic(int index, InterfaceDevice iface, String netdevId, String deviceId, String driver,
            String mac, boolean virtio, Integer hostMtu, Integer bootIndex, String bus, String addr) {

        /** The {@code device_add} arguments for this NIC. */
        public Map<String, Object> deviceArgs() {
            Map<String, Object> args = new java.util.LinkedHashMap<>();
            args.put("driver", driver);
            args.put("netdev", netdevId);
            args.put("id", deviceId);
            args.put("mac", mac);
            if (bus != null) {
                args.put("bus", bus);
                if (addr != null) {
                    args.put("addr", addr);
                }
            }
            if (hostMtu != null) {
                args.put("host_mtu", hostMtu);
            }
            if (bootIndex != null) {
                args.put("bootindex", bootIndex);
            }
            return args;
        }
    }

    /**
     * The QEMU side of an interface hot-plugged into a running {@code def} as {@code hostnetN}/{@code netN}
     * on {@code bus}/{@code addr} (null for QEMU's choice); no boot index, as the guest has booted.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for an unknown model or an MTU on a non-virtio NIC
     */
    public static TapNic hotplugNic(DomainDefinition def, InterfaceDevice iface, int n, String bus, String addr) {
        DomainDevices dev = def.devices();
        DomainDefinition only = def.withDevices(new DomainDevices(dev.emulator(), List.of(), List.of(),
                List.of(iface), List.of(), List.of(), List.of()));
        TapNic nic = new Builder(only, "qemu", QemuCommandOptions.DEFAULTS).nic(0);
        return new TapNic(n, iface, "hostnet" + n, "net" + n, nic.driver(), nic.mac(), nic.virtio(), nic.hostMtu(),
                null, bus, addr);
    }

    /** Whether {@code nic}'s host side is a TAP handed over by descriptor rather than on the command line. */
    public static boolean isTap(InterfaceDevice nic) {
        return nic.type() != InterfaceDevice.Type.USER;
    }

    /**
     * The NICs of {@code def} the driver must add over QMP, in definition order (empty when there are
     * none, and then no fd-passing monitor is on the command line either).
     *
     * @throws VirtException CONFIG_UNSUPPORTED for an unknown model or an MTU on a non-virtio NIC
     */
    public static List<TapNic> tapNics(DomainDefinition def) {
        Builder b = new Builder(def, "qemu", QemuCommandOptions.DEFAULTS);
        b.assignBootOrder();
        List<TapNic> out = new ArrayList<>();
        List<InterfaceDevice> nics = def.devices().interfaces();
        boolean q35 = isQ35(b.machine);
        for (int n = 0; n < nics.size(); n++) {
            if (isTap(nics.get(n))) {
                TapNic nic = b.nic(n);
                int k = out.size();
                if (k >= MAX_TAP_NICS) {
                    throw unsupported("more than " + MAX_TAP_NICS + " interfaces of type network, bridge or "
                            + "ethernet are not supported by the QEMU driver");
                }
                // q35: a root port each, the NIC in its only slot; pc: slots 1… of the one bridge
                out.add(new TapNic(nic.index(), nic.iface(), nic.netdevId(), nic.deviceId(), nic.driver(),
                        nic.mac(), nic.virtio(), nic.hostMtu(), nic.bootIndex(),
                        q35 ? TAP_ROOT_PORT + k : TAP_BRIDGE, q35 ? "0x0" : "0x" + Integer.toHexString(k + 1)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The id of the PCI bridge that TAP NICs go on with machine type pc. They are added over QMP once
     * QEMU runs, which is a hotplug even while the CPUs are stopped, and the root bus of pc can only
     * take one with ACPI on; a bridge takes it either way (its own SHPC hotplug). The guest firmware
     * then finds the NICs there at boot.
     */
    public static final String TAP_BRIDGE = "pci.1";

    /** The id prefix of the PCIe root ports TAP NICs go on with q35 (its root bus takes no hotplug). */
    public static final String TAP_ROOT_PORT = "pci.tap";

    private static final int MAX_TAP_NICS = 31;

    /** The socket of the fd-passing monitor that goes with the QMP monitor at {@code monitorSocket}. */
    public static Path fdPassSocket(Path monitorSocket) {
        return monitorSocket.resolveSibling(monitorSocket.getFileName() + ".fdpass");
    }

    private static String shellQuote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || "_-+=:,./@%".indexOf(c) >= 0))) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static void checkChars(String what, String value) {
        if (value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw unsupported(what + " '" + value.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r")
                    + "' contains a character QEMU cannot take (NUL or newline)");
        }
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, detail);
    }

    private static int portOf(CharDevice c) {
        return c.targetPort() == null ? 0 : c.targetPort();
    }

    static boolean isQ35(String machine) {
        return machine != null && (machine.equals("q35") || machine.startsWith("pc-q35"));
    }

    /** Where a disk sits on its bus and what libvirt calls it. */
    private record DiskPlacement(String bus, int index, String id) {
    }

    private static DiskPlacement diskPlacement(DiskDevice disk, boolean q35) {
        var m = DISK_TARGET.matcher(disk.targetDev());
        if (!m.matches()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "cannot convert disk '" + disk.targetDev() + "' to bus/device index");
        }
        int index = -1;
        for (char c : m.group(2).toCharArray()) {
            index = (index + 1) * 26 + (c - 'a');
        }
        String bus = disk.targetBus();
        if (bus == null) {
            bus = switch (m.group(1)) {
                case "hd" -> "ide";
                case "sd" -> "scsi";
                case "vd" -> "virtio";
                case "fd" -> "fdc";
                default -> "xen";
            };
        }
        String id = switch (bus) {
            case "virtio" -> "virtio-disk" + index;
            case "ide" -> "ide0-" + index / 2 + "-" + index % 2;
            case "sata" -> "sata0-0-" + index;
            case "scsi" -> "scsi0-0-0-" + index;
            default -> throw unsupported("disk bus '" + bus + "' is not supported by the QEMU driver");
        };
        if (bus.equals("ide") && (q35 || index > 3)) {
            throw unsupported(q35 ? "IDE controllers are unsupported for this QEMU binary or machine type"
                    : "disk '" + disk.targetDev() + "' is beyond the two IDE buses of machine 'pc'");
        }
        if (bus.equals("sata") && index > 5) {
            throw unsupported("disk '" + disk.targetDev() + "' is beyond the six ports of the SATA controller");
        }
        return new DiskPlacement(bus, index, id);
    }

    /** One build: the definition, the emulator and the argv being assembled. */
    private static final class Builder {
        private final DomainDefinition def;
        private final String emulator;
        private final QemuCommandOptions options;
        private final String machine;
        private final List<String> argv = new ArrayList<>();
        /** Boot indexes from {@code <os><boot dev=…>}, keyed by device identity. */
        private final Map<Object, Integer> bootIndex = new IdentityHashMap<>();
        /** The root bus's slots: where each PCI device of this command line goes. */
        private final QemuPciAddresses.Slots slots;

        Builder(DomainDefinition def, String emulator, QemuCommandOptions options) {
            this.def = def;
            this.emulator = emulator;
            this.options = options;
            this.machine = def.os().machine() == null ? "pc" : def.os().machine();
            this.slots = new QemuPciAddresses.Slots(def, machine);
        }

        List<String> build(Path monitorSocket) {
            checkSupported();
            assignBootOrder();
            argv.add(emulator);
            add("-name", "guest=" + escapeOptionValue(def.name()) + ",debug-threads=on");
            argv.add("-S");
            machine();
            cpu();
            add("-m", "size=" + def.memoryKiB() + "k");
            add("-smp", def.vcpus() + ",sockets=" + def.vcpus() + ",cores=1,threads=1");
            add("-uuid", def.uuid().toString());
            if (def.devices().graphics().isEmpty()) {
                add("-display", "none");
            }
            argv.add("-no-user-config");
            argv.add("-nodefaults");
            add("-chardev", "socket,id=" + MONITOR_CHARDEV + ",path="
                    + escapeOptionValue(monitorSocket.toString()) + ",server=on,wait=off");
            add("-mon", "chardev=" + MONITOR_CHARDEV + ",id=monitor,mode=control");
            if (def.devices().interfaces().stream().anyMatch(QemuCommandLine::isTap)) {
                checkChars("monitor socket path", monitorSocket.toString());
                argv.addAll(QmpFdChannel.monitorArgs(fdPassSocket(monitorSocket)));
            }
            rtc();
            if (def.onReboot() == LifecycleAction.DESTROY) {
                argv.add("-no-reboot");
            }
            add("-boot", "strict=on");
            directKernel();
            disks();
            interfaces();
            tapControllers();
            serials();
            graphics();
            if (options.sandbox()) {
                add("-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
            }
            add("-msg", "timestamp=on");
            return List.copyOf(argv);
        }

        private void add(String option, String value) {
            argv.add(option);
            argv.add(value);
        }

        /** Everything this driver cannot run, refused before any argv is made. */
        private void checkSupported() {
            if (!def.type().equals("qemu") && !def.type().equals("kvm")) {
                throw unsupported("Emulator '" + emulator + "' does not support virt type '" + def.type() + "'");
            }
            DomainOs os = def.os();
            if (!os.type().equals("hvm")) {
                throw unsupported("Emulator '" + emulator + "' does not support os type '" + os.type() + "'");
            }
            if (os.arch() != null && !os.arch().equals("x86_64") && !os.arch().equals("i686")) {
                throw unsupported("Emulator '" + emulator + "' does not support arch '" + os.arch() + "'");
            }
            // A machine type is the implied first value of -machine: a bare word, or QEMU would read keys.
            if (!MACHINE_TYPE.matcher(machine).matches() || machine.equals("help")) {
                throw unsupported("Emulator '" + emulator + "' does not support machine type '" + machine + "'");
            }
            if (!def.devices().filesystems().isEmpty()) {
                throw unsupported("filesystem devices are not supported yet by the QEMU driver");
            }
            if (def.clock().offset() == DomainClock.Offset.TIMEZONE) {
                throw unsupported("clock offset 'timezone' is not supported yet by the QEMU driver");
            }
        }

        /**
         * libvirt's boot order: each {@code <boot dev>} gives the next bootindex to the first device of its
         * kind; {@code -boot strict=on} then keeps the firmware to that list.
         */
        void assignBootOrder() {
            int next = 1;
            for (String dev : def.os().bootDevices()) {
                Object first = switch (dev) {
                    case "hd" -> firstDisk(DiskDevice.Device.DISK);
                    case "cdrom" -> firstDisk(DiskDevice.Device.CDROM);
                    case "fd" -> firstDisk(DiskDevice.Device.FLOPPY);
                    case "network" -> def.devices().interfaces().isEmpty() ? null
                            : def.devices().interfaces().get(0);
                    default -> null;
                };
                if (first != null && !bootIndex.containsKey(first)) {
                    bootIndex.put(first, next++);
                }
            }
        }

        private DiskDevice firstDisk(DiskDevice.Device kind) {
            return def.devices().disks().stream().filter(d -> d.device() == kind).findFirst().orElse(null);
        }

        private String bootIndexSuffix(Object device) {
            Integer index = bootIndex.get(device);
            return index == null ? "" : ",bootindex=" + index;
        }

        private void machine() {
            String accel = def.type().equals("kvm") ? "kvm" : "tcg";
            StringBuilder sb = new StringBuilder(machine).append(",accel=").append(accel)
                    .append(",usb=off,dump-guest-core=off");
            if (!def.features().contains("acpi")) {
                // As libvirt: no <acpi/> feature, no ACPI (and so no ACPI power button for shutdown).
                sb.append(",acpi=off");
            }
            add("-machine", sb.toString());
        }

        private void cpu() {
            String mode = def.cpuMode();
            if (mode == null || mode.equals("custom")) {
                return;
            }
            boolean kvm = def.type().equals("kvm");
            switch (mode) {
                case "host-passthrough" -> {
                    if (!kvm) {
                        throw unsupported("CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is "
                                + "not supported by hypervisor");
                    }
                    add("-cpu", "host");
                }
                case "host-model" -> add("-cpu", kvm ? "host" : "max");
                case "maximum" -> add("-cpu", "max");
                default -> throw unsupported("CPU mode '" + mode + "' is not supported by the QEMU driver");
            }
        }

        private void rtc() {
            DomainClock clock = def.clock();
            String base = switch (clock.offset()) {
                case UTC -> "utc";
                case LOCALTIME -> "localtime";
                case VARIABLE -> DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).format(
                        Instant.now().plusSeconds(clock.adjustment() == null ? 0 : clock.adjustment())
                                .atOffset(ZoneOffset.UTC));
                case TIMEZONE -> throw new IllegalStateException("refused in checkSupported");
            };
            add("-rtc", "base=" + base);
        }

        private void directKernel() {
            DomainOs os = def.os();
            // Each of these is an argv element of its own, which QEMU takes verbatim: no escaping needed.
            if (os.kernel() != null) {
                checkChars("kernel path", os.kernel());
                add("-kernel", os.kernel());
            }
            if (os.initrd() != null) {
                checkChars("initrd path", os.initrd());
                add("-initrd", os.initrd());
            }
            if (os.cmdline() != null) {
                checkChars("kernel command line", os.cmdline());
                add("-append", os.cmdline());
            }
        }

        private void disks() {
            List<DiskDevice> disks = def.devices().disks();
            boolean q35 = isQ35(machine);
            boolean scsiController = false;
            boolean sataController = false;
            for (int n = 0; n < disks.size(); n++) {
                DiskDevice disk = disks.get(n);
                if (disk.device() == DiskDevice.Device.FLOPPY) {
                    throw unsupported("floppy disks are not supported yet by the QEMU driver");
                }
                DiskPlacement place = diskPlacement(disk, q35);
                boolean cdrom = disk.device() == DiskDevice.Device.CDROM;
                boolean readonly = disk.readonly() || cdrom;
                if (disk.readonly() && !cdrom && (place.bus().equals("ide") || place.bus().equals("sata"))) {
                    throw unsupported("readonly ide disks are not supported");
                }
                if (cdrom && place.bus().equals("virtio")) {
                    throw unsupported("disk type of '" + disk.targetDev() + "' does not support ejectable media");
                }
                if (disk.driverName() != null && !disk.driverName().equals("qemu")) {
                    throw unsupported("unsupported driver name '" + disk.driverName() + "' for disk '"
                            + disk.targetDev() + "'");
                }
                // libvirt numbers block nodes from the last disk down: the first disk is libvirt-N.
                String node = "libvirt-" + (disks.size() - n);
                String drive = null;
                if (disk.source() != null) {
                    drive = blockdev(disk, node, readonly);
                }
                if (place.bus().equals("scsi") && !scsiController) {
                    add("-device", "virtio-scsi-pci,id=scsi0" + slots.of(DeviceInfo.NONE));
                    scsiController = true;
                }
                if (place.bus().equals("sata") && !q35 && !sataController) {
                    add("-device", "ich9-ahci,id=sata0" + slots.of(DeviceInfo.NONE));
                    sataController = true;
                }
                StringBuilder dev = new StringBuilder();
                switch (place.bus()) {
                    case "virtio" -> dev.append("virtio-blk-pci").append(slots.of(disk.info()));
                    case "ide" -> dev.append(cdrom ? "ide-cd" : "ide-hd").append(",bus=ide.")
                            .append(place.index() / 2).append(",unit=").append(place.index() % 2);
                    case "sata" -> dev.append(cdrom ? "ide-cd" : "ide-hd").append(",bus=")
                            .append(q35 ? "ide." : "sata0.").append(place.index());
                    case "scsi" -> dev.append(cdrom ? "scsi-cd" : "scsi-hd").append(",bus=scsi0.0,channel=0")
                            .append(",scsi-id=0,lun=").append(place.index());
                    default -> throw new IllegalStateException(place.bus());
                }
                if (drive != null) {
                    dev.append(",drive=").append(drive);
                }
                dev.append(",id=").append(place.id()).append(bootIndexSuffix(disk));
                add("-device", dev.toString());
            }
        }

        /** The storage node and the format node of a disk; returns the format node's name. */
        private String blockdev(DiskDevice disk, String node, boolean readonly) {
            checkChars("disk source", disk.source());
            String format = disk.driverType() == null ? "raw" : disk.driverType();
            if (!DISK_FORMATS.contains(format)) {
                throw unsupported("disk format '" + format + "' of disk '" + disk.targetDev()
                        + "' is not supported by the QEMU driver");
            }
            String protocol = disk.type() == DiskDevice.Type.FILE ? "file"
                    : disk.device() == DiskDevice.Device.CDROM ? "host_cdrom" : "host_device";
            String ro = readonly ? "on" : "off";
            add("-blockdev", "driver=" + protocol + ",filename=" + escapeOptionValue(disk.source())
                    + ",node-name=" + node + "-storage,read-only=" + ro);
            add("-blockdev", "node-name=" + node + "-format,read-only=" + ro + ",driver=" + format
                    + ",file=" + node + "-storage");
            return node + "-format";
        }

        private void interfaces() {
            List<InterfaceDevice> nics = def.devices().interfaces();
            for (int n = 0; n < nics.size(); n++) {
                TapNic nic = nic(n);
                if (isTap(nic.iface())) {
                    continue; // added over QMP with a TAP descriptor, see TapNic
                }
                StringBuilder dev = new StringBuilder(nic.driver()).append(",netdev=").append(nic.netdevId())
                        .append(",id=").append(nic.deviceId()).append(",mac=").append(nic.mac());
                if (nic.hostMtu() != null) {
                    dev.append(",host_mtu=").append(nic.hostMtu());
                }
                if (nic.bootIndex() != null) {
                    dev.append(",bootindex=").append(nic.bootIndex());
                }
                dev.append(slots.of(nic.iface().info()));
                add("-netdev", "user,id=" + nic.netdevId());
                add("-device", dev.toString());
            }
        }

        /** Where the TAP NICs added over QMP will go: see {@link QemuCommandLine#TAP_BRIDGE}. */
        private void tapControllers() {
            List<TapNic> taps = tapNics(def);
            if (taps.isEmpty()) {
                return;
            }
            if (isQ35(machine)) {
                for (int k = 0; k < taps.size(); k++) {
                    add("-device", "pcie-root-port,port=" + (0x20 + k) + ",chassis=" + (20 + k) + ",id="
                            + TAP_ROOT_PORT + k + ",bus=pcie.0" + slots.next());
                }
            } else {
                add("-device", "pci-bridge,chassis_nr=1,id=" + TAP_BRIDGE + ",bus=pci.0" + slots.next());
            }
        }

        /** The QEMU side of interface {@code n}: device, ids, MAC, checked against what QEMU can take. */
        TapNic nic(int n) {
            InterfaceDevice nic = def.devices().interfaces().get(n);
            String model = nic.model() == null ? DEFAULT_NIC_MODEL : nic.model();
            String device = NIC_MODELS.get(model);
            if (device == null) {
                throw unsupported("interface model '" + model + "' is not supported by the QEMU driver");
            }
            // The codec hands over a canonical MAC; re-checked because it lands inside an option string.
            String mac = DomainXmlCodec.normalizeMac(nic.mac());
            if (nic.mtu() != null && !model.equals("virtio")) {
                throw unsupported("setting MTU is only supported on virtio network interfaces");
            }
            return new TapNic(n, nic, "hostnet" + n, "net" + n, device, mac, model.equals("virtio"), nic.mtu(),
                    bootIndex.get(nic), null, null);
        }

        private void serials() {
            for (CharDevice serial : def.devices().serials()) {
                String id = serialChardevId(serial);
                add("-chardev", chardev(serial, id));
                String target = serial.targetType() == null ? "isa-serial" : serial.targetType();
                int port = portOf(serial);
                switch (target) {
                    case "isa-serial" -> {
                        if (port > 3) {
                            throw unsupported("isa-serial port " + port + " is beyond COM4");
                        }
                        add("-device", "isa-serial,chardev=" + id + ",id=serial" + port + ",index=" + port);
                    }
                    case "pci-serial" -> add("-device", "pci-serial,chardev=" + id + ",id=serial" + port
                            + slots.of(DeviceInfo.NONE));
                    default -> throw unsupported("serial target type '" + target
                            + "' is not supported by the QEMU driver");
                }
            }
            List<CharDevice> consoles = def.devices().consoles();
            for (int n = 0; n < consoles.size(); n++) {
                CharDevice console = consoles.get(n);
                // The first serial console is the serial port itself (the codec has made it mirror one).
                boolean alias = n == 0 && "serial".equals(console.targetType()) && !def.devices().serials().isEmpty();
                if (!alias) {
                    throw unsupported("console target type '" + console.targetType()
                            + "' is not supported yet by the QEMU driver");
                }
            }
        }

        private String chardev(CharDevice c, String id) {
            String path = c.sourcePath() == null ? null : escapeOptionValue(c.sourcePath());
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

        private void graphics() {
            List<GraphicsDevice> graphics = def.devices().graphics();
            if (graphics.size() > 1) {
                throw unsupported("only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported");
            }
            for (GraphicsDevice g : graphics) {
                String listen = g.listen() == null ? options.vncListen() : g.listen();
                // The address is the implied first value of -vnc: a bare word, or QEMU would read keys.
                if (!LISTEN_ADDRESS.matcher(listen).matches()) {
                    throw unsupported("VNC listen address '" + listen + "' is not a valid address");
                }
                String host = listen.indexOf(':') >= 0 ? "[" + listen + "]" : listen;
                StringBuilder vnc = new StringBuilder(host).append(':');
                if (g.autoport()) {
                    // QEMU takes the first free display in the range; the driver reads the port with query-vnc.
                    vnc.append(options.vncPortMin() - QemuCommandOptions.VNC_BASE_PORT).append(",to=")
                            .append(options.vncPortMax() - QemuCommandOptions.VNC_BASE_PORT);
                } else {
                    if (g.port() < QemuCommandOptions.VNC_BASE_PORT || g.port() > 65535) {
                        throw unsupported("vnc port must be in range [5900,65535]");
                    }
                    vnc.append(g.port() - QemuCommandOptions.VNC_BASE_PORT);
                }
                if (g.passwd() != null) {
                    // The password itself goes over QMP (change-vnc-password), never on the command line.
                    vnc.append(",password=on");
                }
                add("-vnc", vnc.toString());
                add("-device", "VGA,id=video0" + slots.vga());
            }
        }
    }
}
