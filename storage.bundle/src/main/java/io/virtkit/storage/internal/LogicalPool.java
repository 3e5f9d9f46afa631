package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code logical} pool's host side: an LVM volume group on the pool's devices, built with pvcreate and
 * vgcreate, activated with vgchange, deleted with vgremove and pvremove; its volumes are logical volumes
 * (lvcreate, lvresize, lvremove) and refresh reads lvs' and vgs' JSON reports in bytes. Logical volumes need
 * the kernel's device-mapper ({@link DeviceMapper}); without it the volume entries refuse clearly while the
 * group itself still works. The LVM tools need CAP_SYS_ADMIN (and read-write access to the devices).
 */
final class LogicalPool {
    /** What libvirt clears at the start of each device before pvcreate: old partition tables and labels. */
    private static final int WIPE_BYTES = 1024 * 1024;

    private final String vgName;
    private final List<Path> devices;
    private final DeviceMapper deviceMapper;

    LogicalPool(String vgName, List<Path> devices) {
        this(vgName, devices, new DeviceMapper());
    }

    LogicalPool(String vgName, List<Path> devices, DeviceMapper deviceMapper) {
        this.vgName = vgName;
        this.devices = List.copyOf(devices);
        this.deviceMapper = deviceMapper;
    }

    String vgName() {
        return vgName;
    }

    /** Whether the volume group exists (vgs finds it). */
    boolean exists() {
        return HostCommand.run(List.of("vgs", "--noheadings", "-o", "vg_name", vgName)).ok();
    }

    /**
     * Builds the group: each device cleared at its start and made a physical volume, then the group over
     * them. NO_OVERWRITE refuses a device holding anything; a failure removes the physical volumes made.
     */
    void build(PoolBuildMode mode) {
        if (devices.isEmpty()) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "cannot build a logical pool without source devices");
        }
        if (mode == PoolBuildMode.NO_OVERWRITE) {
            for (Path device : devices) {
                DeviceProbe.requireEmpty(device, "LVM2_member", "lvm2");
            }
        }
        List<Path> made = new ArrayList<>();
        try {
            for (Path device : devices) {
                clearStart(device);
                HostCommand.check(List.of("pvcreate", device.toString()));
                made.add(device);
            }
            List<String> vgcreate = new ArrayList<>(List.of("vgcreate", vgName));
            devices.forEach(d -> vgcreate.add(d.toString()));
            HostCommand.check(vgcreate);
        } catch (RuntimeException e) {
            for (Path device : made) {
                HostCommand.Result r = HostCommand.run(List.of("pvremove", "-f", device.toString()));
                if (!r.ok()) {
                    e.addSuppressed(r.failure());
                }
            }
            throw e;
        }
    }

    /** Activates the group's logical volumes (vgchange -aly). */
    void start() {
        HostCommand.check(List.of("vgchange", "-aly", vgName));
    }

    /** Deactivates them (vgchange -aln). */
    void stop() {
        HostCommand.check(List.of("vgchange", "-aln", vgName));
    }

    /** Removes the group, whatever volumes it holds, then the physical volume labels on its devices. */
    void delete() {
        HostCommand.check(List.of("vgremove", "-f", vgName));
        for (Path device : devices) {
            HostCommand.check(List.of("pvremove", device.toString()));
        }
    }

    /** The group's size, use and free space in bytes. */
    PoolSpace space() {
        return LvmReports.space(report("vgs", LvmReports.VG_FIELDS));
    }

    /** The group's logical volumes, by name. */
    List<HostVolume> refresh() {
        return LvmReports.volumes(vgName, report("lvs", LvmReports.LV_FIELDS)).stream()
                .sorted(java.util.Comparator.comparing(HostVolume::name)).toList();
    }

    /** A new logical volume of {@code capacity} bytes (LVM rounds up to whole extents). */
    HostVolume createVolume(String name, long capacity) {
        checkName(name);
        if (find(name) != null) {
            throw StorageErrors.error(ErrorCode.STORAGE_VOL_EXIST, "'" + name + "'");
        }
        deviceMapper.require("create logical volume '" + name + "'");
        HostCommand.check(List.of("lvcreate", "--name", name, "-L", kib(capacity) + "K", vgName));
        return require(name);
    }

    /** Resizes a logical volume; shrinking (which loses its end) only with {@code shrink}. */
    HostVolume resizeVolume(String name, long capacity, boolean shrink) {
        HostVolume vol = require(name);
        if (capacity < vol.capacity() && !shrink) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG,
                    "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        }
        deviceMapper.require("resize logical volume '" + name + "'");
        List<String> cmd = new ArrayList<>(List.of("lvresize"));
        if (shrink) {
            cmd.add("-f"); // lvresize otherwise asks before reducing
        }
        cmd.addAll(List.of("-L", kib(capacity) + "K", vgName + "/" + name));
        HostCommand.check(cmd);
        return require(name);
    }

    /** Removes a logical volume. */
    void deleteVolume(String name) {
        require(name);
        deviceMapper.require("delete logical volume '" + name + "'");
        HostCommand.check(List.of("lvremove", "-f", vgName + "/" + name));
    }

    private HostVolume require(String name) {
        HostVolume vol = find(name);
        if (vol == null) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name '" + name + "'");
        }
        return vol;
    }

    private HostVolume find(String name) {
        return refresh().stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }

    private String report(String tool, String fields) {
        return HostCommand.check(List.of(tool, "--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields,
                vgName)).stdout();
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw StorageErrors.error(ErrorCode.NO_NAME, "volume");
        }
        if (name.indexOf('/') >= 0) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' cannot contain '/'");
        }
    }

    /** Zeros the device's first MiB so pvcreate finds no old label to ask about. */
    private static void clearStart(Path device) {
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(WIPE_BYTES);
            long pos = 0;
            while (zeros.hasRemaining()) {
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot clear the start of device '" + device + "'");
        }
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
