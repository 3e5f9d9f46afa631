package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;

/**
 * A disk hot-plugged into a running domain as QMP arguments: the same storage and format nodes and the same
 * device as {@link QemuDiskArgs} puts on a command line (so the same checks and tuning apply), turned from
 * QEMU's option syntax into typed JSON ({@code blockdev-add} and {@code device_add} check types strictly).
 *
 * @param storage  {@code blockdev-add} of the storage node ({@code <node>-storage})
 * @param format   {@code blockdev-add} of the format node ({@code <node>-format}) on it
 * @param device   {@code device_add} of the guest device on the format node
 * @param deviceId the device's id, the disk's alias ({@code virtio-disk1}, {@code scsi0-0-0-1})
 */
public record QemuDiskHotplugArgs(Map<String, Object> storage, Map<String, Object> format,
        Map<String, Object> device, String deviceId) {

    /** Properties QEMU types as booleans (the rest of on/off values are on/off/auto enums). */
    private static final Set<String> BOOLEANS = Set.of("read-only", "cache.direct", "cache.no-flush", "removable",
            "share-rw");
    /** Properties QEMU types as integers. */
    private static final Set<String> INTEGERS = Set.of("bootindex", "cache-size", "lun", "scsi-id", "channel",
            "unit", "cyls", "heads", "secs", "discard_granularity", "logical_block_size", "physical_block_size",
            "num-queues", "queue-size", "rotation_rate", "acpi-index", "wwn");

    /**
     * The arguments for {@code disk} (a file or block disk, volumes already resolved, with its alias and, for
     * virtio, its PCI address) added to {@code live} under block node name {@code node} ({@code libvirt-N}).
     *
     * @throws io.virtkit.api.VirtException CONFIG_UNSUPPORTED for what the command line would refuse
     */
    public static QemuDiskHotplugArgs of(DomainDefinition live, DiskDevice disk, String node) {
        DomainDefinition only = live.withDevices(DomainDevices.builder().emulator(live.devices().emulator())
                .disk(disk).controllers(live.devices().controllers()).build());
        QemuArgv a = new QemuArgv(only, "qemu", QemuCommandOptions.DEFAULTS);
        QemuDiskSupport.check(a);
        QemuDiskArgs.add(a);
        List<String> argv = a.argv();
        List<Map<String, Object>> blockdevs = new ArrayList<>();
        Map<String, Object> device = null;
        for (int i = 0; i + 1 < argv.size(); i += 2) {
            if (argv.get(i).equals("-blockdev")) {
                blockdevs.add(typed(argv.get(i + 1), null));
            } else if (argv.get(i).equals("-device")) {
                device = typed(argv.get(i + 1), "driver");
            }
        }
        if (blockdevs.size() != 2 || device == null) {
            throw new IllegalStateException("a disk without a source cannot be hot-plugged: " + argv);
        }
        // one disk alone is libvirt-1 on a command line; here it takes the node name it is given
        blockdevs.get(0).put("node-name", node + "-storage");
        blockdevs.get(1).put("node-name", node + "-format");
        blockdevs.get(1).put("file", node + "-storage");
        device.put("drive", node + "-format");
        return new QemuDiskHotplugArgs(blockdevs.get(0), blockdevs.get(1), device, (String) device.get("id"));
    }

    /** The alias a disk gets when it has none (its bus, and its index or drive address). */
    public static String alias(DiskDevice disk) {
        return disk.alias() != null ? disk.alias() : QemuDeviceAliases.diskAlias(disk);
    }

    /** The bus a disk goes on: its target's bus, or the one its name implies ({@code vd}: virtio …). */
    public static String bus(DiskDevice disk) {
        return QemuDriveAddresses.busOf(disk);
    }

    /** The drive address a disk on an IDE, SATA or SCSI bus takes when it gives none. */
    public static DeviceAddress.Drive driveAddress(DiskDevice disk) {
        return disk.address() instanceof DeviceAddress.Drive d ? d
                : QemuDriveAddresses.defaultAddress(bus(disk), QemuDriveAddresses.indexOf(disk));
    }

    /**
     * QEMU's {@code key=value,…} (a comma inside a value doubled; a first word without '=' taken as
     * {@code firstKey}) as JSON: booleans and integers typed, dotted keys nested.
     */
    static Map<String, Object> typed(String options, String firstKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        int i = 0;
        boolean first = true;
        while (i <= options.length()) {
            StringBuilder part = new StringBuilder();
            while (i < options.length()) {
                char c = options.charAt(i);
                if (c == ',') {
                    if (i + 1 < options.length() && options.charAt(i + 1) == ',') {
                        part.append(',');
                        i += 2;
                        continue;
                    }
                    break;
                }
                part.append(c);
                i++;
            }
            i++;
            String p = part.toString();
            int eq = p.indexOf('=');
            if (eq < 0 && first && firstKey != null) {
                out.put(firstKey, p);
            } else if (eq > 0) {
                put(out, p.substring(0, eq), value(p.substring(0, eq), p.substring(eq + 1)));
            }
            first = false;
        }
        return out;
    }

    private static Object value(String key, String text) {
        if (BOOLEANS.contains(key)) {
            return text.equals("on");
        }
        if (INTEGERS.contains(key)) {
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        }
        return text;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> out, String key, Object value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            out.put(key, value);
            return;
        }
        Map<String, Object> inner = (Map<String, Object>) out.computeIfAbsent(key.substring(0, dot),
                k -> new LinkedHashMap<String, Object>());
        put(inner, key.substring(dot + 1), value);
    }
}
