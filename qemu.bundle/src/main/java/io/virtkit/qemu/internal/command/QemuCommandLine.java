package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainOs;
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

    /**
     * libvirt's default NIC for x86 guests: rtl8139 (what {@code qemuDomainDefaultNetModel} picks), so the same
     * XML gives the same guest hardware under both.
     */
    public static final String DEFAULT_NIC_MODEL = "rtl8139";

    private QemuCommandLine() {
    }

    /**
     * The full argv (emulator first) to run {@code def}: {@code -name guest=…}, {@code -uuid}, {@code -machine}
     * with accel (tcg for type='qemu', kvm for type='kvm'), {@code -m}, {@code -smp}, {@code -no-user-config
     * -nodefaults}, {@code -S}, QMP on {@code monitorSocket} (server, nowait), {@code -display none}, devices.
     * Every value from the XML is escaped for QEMU's option syntax (commas doubled) or rejected. Devices are
     * placed at their addresses and named by their aliases; a definition without them (domxml-to-native
     * input) gets them first ({@link #identified}).
     *
     * @throws io.virtkit.api.VirtException CONFIG_UNSUPPORTED for what this driver cannot run
     */
    public static List<String> build(DomainDefinition def, String emulator, Path monitorSocket) {
        return build(def, emulator, monitorSocket, QemuCommandOptions.DEFAULTS);
    }

    /** As {@link #build(DomainDefinition, String, Path)}, with host-side choices. */
    public static List<String> build(DomainDefinition def, String emulator, Path monitorSocket,
            QemuCommandOptions options) {
        QemuArgv a = new QemuArgv(identified(def), emulator, options);
        checkSupported(a);
        a.add(emulator);
        a.add("-name", "guest=" + escapeOptionValue(def.name()) + ",debug-threads=on");
        a.add("-S");
        machine(a);
        QemuCpuArgs.cpu(a);
        a.add("-m", "size=" + def.memoryKiB() + "k");
        QemuTopLevelArgs.memory(a);
        QemuCpuArgs.smp(a);
        QemuNumaArgs.add(a);
        a.add("-uuid", def.uuid().toString());
        if (def.devices().graphics().isEmpty()) {
            a.add("-display", "none");
        }
        a.add("-no-user-config");
        a.add("-nodefaults");
        a.add("-chardev", "socket,id=" + MONITOR_CHARDEV + ",path="
                + escapeOptionValue(monitorSocket.toString()) + ",server=on,wait=off");
        a.add("-mon", "chardev=" + MONITOR_CHARDEV + ",id=monitor,mode=control");
        if (def.devices().interfaces().stream().anyMatch(QemuCommandLine::isTap)) {
            QemuArgv.checkChars("monitor socket path", monitorSocket.toString());
            QmpFdChannel.monitorArgs(fdPassSocket(monitorSocket)).forEach(a::add);
        }
        QemuTopLevelArgs.rtc(a);
        if (def.onReboot() == LifecycleAction.DESTROY) {
            a.add("-no-reboot");
        }
        QemuTopLevelArgs.boot(a);
        QemuTopLevelArgs.firmware(a);
        QemuTopLevelArgs.sysinfo(a);
        QemuMachineArgs.directKernel(a);
        QemuTopLevelArgs.devices(a);
        QemuControllerArgs.add(a);
        QemuDiskArgs.add(a);
        QemuNicArgs.add(a);
        QemuCharArgs.add(a);
        QemuInputArgs.add(a);
        QemuSoundArgs.addAudio(a);
        QemuGraphicsArgs.add(a);
        QemuUsbDeviceArgs.add(a);
        QemuVideoArgs.add(a);
        QemuSoundArgs.add(a);
        QemuAuxiliaryArgs.add(a);
        if (options.sandbox()) {
            a.add("-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
        }
        a.add("-msg", "timestamp=on");
        QemuTopLevelArgs.passthroughArgs(a);
        return a.argv();
    }

    /**
     * {@code def} as a start runs it: every device at an address ({@link QemuDeviceAddresses#assignKnown}, a
     * no-op for a definition post-parsed at define) and with an alias ({@link QemuDeviceAliases#assign}).
     */
    public static DomainDefinition identified(DomainDefinition def) {
        return QemuDeviceAliases.assign(QemuDeviceAddresses.assignKnown(def));
    }

    /**
     * Escapes a value for QEMU's option parsers (QemuOpts and keyval): a comma ends a value, so each one is
     * doubled. NUL and newline cannot be passed at all and are rejected.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for a value containing NUL or a newline
     */
    public static String escapeOptionValue(String value) {
        return QemuArgv.escape(value);
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

    /** The chardev id of a serial port: {@code char} and its alias ({@code charserial0}). */
    public static String serialChardevId(CharDevice serial) {
        return "char" + (serial.alias() != null ? QemuArgv.escape(serial.alias())
                : "serial" + (serial.targetPort() == null ? 0 : serial.targetPort()));
    }

    /**
     * A guest NIC whose host side is a TAP the driver opens and hands to QEMU by descriptor (types
     * network, bridge and ethernet). QEMU cannot inherit our descriptors (the JVM closes them in the
     * child), so such a NIC is not on the command line: the driver adds it over QMP before the CPUs run,
     * {@code netdev_add} on the fd-passing monitor, then {@code device_add} with {@link #deviceArgs()}.
     *
     * @param index     the interface's position in the definition
     * @param iface     the interface as defined (with its alias and address)
     * @param netdevId  {@code host} and its alias ({@code hostnet0}), also the name the TAP descriptor is passed under
     * @param deviceId  its alias ({@code net0})
     * @param driver    the QEMU device ({@code virtio-net-pci}, {@code e1000}, {@code rtl8139}, …)
     * @param mac       the guest MAC, canonical
     * @param virtio    whether the NIC is virtio (the TAP then needs a vnet header)
     * @param hostMtu   the MTU advertised to a virtio guest, or null
     * @param bootIndex the NIC's boot index, or null
     * @param bus       the bus of its address (a bridge or root port: see {@link QemuPciAddresses}), or null
     * @param addr      its slot on that bus, or null
     */
    public record TapNic(int index, InterfaceDevice iface, String netdevId, String deviceId, String driver,
            String mac, boolean virtio, Integer hostMtu, Integer bootIndex, String bus, String addr) {

        /** The {@code device_add} arguments for this NIC. */
        public Map<String, Object> deviceArgs() {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("driver", driver);
            args.put("netdev", netdevId);
            args.put("id", deviceId);
            args.put("mac", mac);
            args.putAll(QemuNicDriverArgs.properties(iface));
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
            if (iface.info().acpiIndex() != null) {
                args.put("acpi-index", iface.info().acpiIndex());
            }
            return args;
        }
    }

    /**
     * The QEMU side of interface {@code iface} (with its alias and address) hot-plugged into a running
     * {@code def}, whose controllers name the buses; no boot index, as the guest has booted.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for an unknown model or an MTU on a non-virtio NIC
     */
    public static TapNic hotplugNic(DomainDefinition def, InterfaceDevice iface) {
        DomainDefinition only = def.withDevices(DomainDevices.builder().emulator(def.devices().emulator())
                .nic(iface).controllers(def.devices().controllers()).build());
        QemuNicSupport.check(only.devices());
        return QemuNicArgs.nic(new QemuArgv(only, "qemu", QemuCommandOptions.DEFAULTS), 0);
    }

    /** Whether {@code nic}'s host side is a TAP handed over by descriptor rather than on the command line. */
    public static boolean isTap(InterfaceDevice nic) {
        return QemuNicArgs.isTap(nic);
    }

    /**
     * The NICs of {@code def} the driver must add over QMP, in definition order, each at its address and
     * with its alias (empty when there are none, and then no fd-passing monitor is on the command line either).
     *
     * @throws VirtException CONFIG_UNSUPPORTED for an unknown model or an MTU on a non-virtio NIC
     */
    public static List<TapNic> tapNics(DomainDefinition def) {
        return QemuNicArgs.taps(new QemuArgv(identified(def), "qemu", QemuCommandOptions.DEFAULTS));
    }

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

    static boolean isQ35(String machine) {
        return QemuMachineBuses.isQ35(machine);
    }

    /** Everything this driver cannot run, refused before any argv is made. */
    private static void checkSupported(QemuArgv a) {
        DomainDefinition def = a.def;
        if (!def.type().equals("qemu") && !def.type().equals("kvm")) {
            throw unsupported("Emulator '" + a.emulator + "' does not support virt type '" + def.type() + "'");
        }
        DomainOs os = def.os();
        if (!os.type().equals("hvm")) {
            throw unsupported("Emulator '" + a.emulator + "' does not support os type '" + os.type() + "'");
        }
        if (os.arch() != null && !os.arch().equals("x86_64") && !os.arch().equals("i686")) {
            throw unsupported("Emulator '" + a.emulator + "' does not support arch '" + os.arch() + "'");
        }
        // A machine type is the implied first value of -machine: a bare word, or QEMU would read keys.
        if (!MACHINE_TYPE.matcher(a.machine).matches() || a.machine.equals("help")) {
            throw unsupported("Emulator '" + a.emulator + "' does not support machine type '" + a.machine + "'");
        }
        QemuAddressSupport.check(a);
        QemuDiskSupport.check(a);
        QemuControllerSupport.check(a);
        QemuUsbDeviceArgs.check(a);
        if (!def.devices().filesystems().isEmpty()) {
            throw unsupported("filesystem devices are not supported yet by the QEMU driver");
        }
        QemuChardevSupport.check(def);
        if (def.clock().offset() == DomainClock.Offset.TIMEZONE) {
            throw unsupported("clock offset 'timezone' is not supported yet by the QEMU driver");
        }
        QemuDisplaySupport.check(def.devices());
        QemuNicSupport.check(def.devices());
        QemuSmartcardSupport.check(def.devices());
        QemuTopLevelSupport.check(a);
    }

    /**
     * The environment {@code qemu:commandline} asks QEMU to run with (its {@code <qemu:env>}), empty
     * without; the caller also marks the domain tainted ({@link #taints}).
     */
    public static Map<String, String> environment(DomainDefinition def) {
        return QemuTopLevelArgs.passthroughEnv(def);
    }

    /** libvirt's taint reasons for a start of {@code def}: {@code custom-argv} for qemu:commandline. */
    public static List<String> taints(DomainDefinition def) {
        return def.namespaces() != null && def.namespaces().hasQemuCommandline() ? List.of("custom-argv") : List.of();
    }

    private static void machine(QemuArgv a) {
        String accel = a.def.type().equals("kvm") ? "kvm" : "tcg";
        Long tbCache = QemuTopLevelArgs.tbCacheMiB(a.def);
        // with a TCG setting the accelerator is an option of its own, as libvirt passes it
        StringBuilder sb = new StringBuilder(a.machine).append(tbCache == null ? ",accel=" + accel : "")
                .append(",usb=off,dump-guest-core=").append(QemuTopLevelArgs.dumpGuestCore(a.def));
        if (!a.def.features().contains("acpi")) {
            // As libvirt: no <acpi/> feature, no ACPI (and so no ACPI power button for shutdown).
            sb.append(",acpi=off");
        }
        QemuTopLevelArgs.machineProperties(a, sb);
        a.add("-machine", sb.toString());
        if (tbCache != null) {
            a.add("-accel", "tcg,tb-size=" + tbCache);
        }
        QemuTopLevelArgs.deprecation(a);
    }
}
