package io.virtkit.lxc.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.FilesystemDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices the LXC driver cannot honour, refused with CONFIG_UNSUPPORTED (as libvirt's LXC driver refuses
 * what it cannot set up), never dropped.
 *
 * <p>At define ({@link #checkDefine}): devices a container cannot have at all — disks, controllers, host
 * devices, USB hubs and redirection, leases (a container shares the host's kernel; its storage is
 * {@code <filesystem>}).
 *
 * <p>At start ({@link #checkStart}): what of filesystems, consoles and the auxiliary devices the driver cannot
 * run. Runs: filesystems of type {@code mount} (a bind mount, also the root), {@code ram} (a tmpfs of the
 * usage's size), {@code block} (the device mounted) and {@code file} (a raw image on a loop device),
 * passthrough only; one {@code pty} console; a balloon of model {@code none}.
 */
final class LxcDeviceSupport {

    private LxcDeviceSupport() {
    }

    /** At define: the device families a container cannot have. */
    static void checkDefine(DomainDefinition def) {
        if (!def.devices().disks().isEmpty()) {
            throw unsupported("disk '" + def.devices().disks().get(0).targetDev()
                    + "': disks are not supported by the LXC driver; use <filesystem>");
        }
        if (!def.devices().controllers().isEmpty()) {
            throw unsupported("controller type '" + def.devices().controllers().get(0).type()
                    + "' is not supported by the LXC driver");
        }
        if (!def.devices().hubs().isEmpty() || !def.devices().redirdevs().isEmpty()
                || !def.devices().redirFilter().isEmpty()) {
            throw unsupported("USB hubs and redirection are not supported by the LXC driver");
        }
        if (!def.devices().hostdevs().isEmpty()) {
            throw unsupported("host devices (hostdev mode '" + def.devices().hostdevs().get(0).mode()
                    + "') are not supported by the LXC driver");
        }
        if (!def.devices().leases().isEmpty()) {
            throw unsupported("leases are not supported by the LXC driver (it has no lock manager)");
        }
        if (!def.devices().smartcards().isEmpty()) {
            throw unsupported("smartcard mode '" + def.devices().smartcards().get(0).mode()
                    + "' is not supported by the LXC driver");
        }
    }

    /** At start: the filesystems, consoles and auxiliary devices the driver cannot run. */
    static void checkStart(DomainDefinition def) {
        for (FilesystemDevice fs : def.devices().filesystems()) {
            filesystem(fs);
        }
        for (CharDevice console : def.devices().consoles()) {
            if (console.type() != CharDevice.Type.PTY) {
                throw unsupported("Only PTY console types are supported");
            }
            // the container's console is a bare pty: nothing logs it, labels it or models a device
            if (console.log() != null || console.targetModel() != null
                    || console.seclabels().stream().anyMatch(l -> !Boolean.FALSE.equals(l.relabel()))) {
                throw unsupported("a console's log, target model or source security label is not supported by "
                        + "the LXC driver");
            }
        }
        if (def.devices().consoles().size() > 1) {
            throw unsupported("only one console is supported by the LXC driver");
        }
        AuxiliaryDevices aux = def.devices().auxiliary();
        if (!aux.parallels().isEmpty() || !aux.channels().isEmpty()) {
            throw unsupported("parallel ports and channels are not supported by the LXC driver");
        }
        if (!aux.rngs().isEmpty() || !aux.watchdogs().isEmpty() || !aux.panics().isEmpty() || aux.vsock() != null
                || !aux.tpms().isEmpty() || !aux.shmems().isEmpty() || aux.iommu() != null || aux.nvram() != null
                || !aux.memories().isEmpty()) {
            throw unsupported("rng, watchdog, panic, vsock, tpm, shmem, iommu, nvram and memory devices are not "
                    + "supported by the LXC driver");
        }
        if (aux.memballoon() != null && !aux.memballoon().model().equals("none")) {
            throw unsupported("memory balloon model '" + aux.memballoon().model()
                    + "' is not supported by the LXC driver");
        }
        // a container has no ACPI: an index there would be dropped
        List<DeviceInfo> infos = new ArrayList<>();
        def.devices().interfaces().forEach(i -> infos.add(i.info()));
        def.devices().filesystems().forEach(f -> infos.add(f.info()));
        def.devices().consoles().forEach(c -> infos.add(c.info()));
        def.devices().inputs().forEach(i -> infos.add(i.info()));
        if (aux.memballoon() != null) {
            infos.add(aux.memballoon().info());
        }
        if (infos.stream().anyMatch(i -> i.acpiIndex() != null)) {
            throw unsupported("ACPI index is not supported by the LXC driver");
        }
    }

    private static void filesystem(FilesystemDevice fs) {
        switch (fs.type()) {
            case "mount" -> {
                if (fs.sourceDir() == null) {
                    throw unsupported("filesystem source socket is not supported by the LXC driver");
                }
                if (fs.driver() != null && !"path".equals(fs.driver().type())) {
                    throw unsupported("filesystem driver type '" + fs.driver().type()
                            + "' is not supported by the LXC driver");
                }
            }
            case "file" -> {
                FilesystemDevice.Driver d = fs.driver();
                if (d != null && (d.type() != null && !d.type().equals("loop")
                        || d.format() != null && !d.format().equals("raw"))) {
                    throw unsupported("filesystem driver type '" + d.type() + "' format '" + d.format()
                            + "' is not supported by the LXC driver: only raw images on a loop device");
                }
            }
            case "ram", "block" -> {
                if (fs.driver() != null) {
                    throw unsupported("filesystem driver is not supported for type '" + fs.type() + "'");
                }
            }
            default -> throw unsupported("Unexpected filesystem type " + fs.type());
        }
        if (!fs.accessmode().equals("passthrough")) {
            throw unsupported("Unsupported filesystem accessmode " + fs.accessmode());
        }
        if (fs.model() != null || fs.multidevs() != null || fs.fmode() != null || fs.dmode() != null
                || fs.binary() != null || fs.spaceHardLimitKiB() != null || fs.spaceSoftLimitKiB() != null
                || fs.bootOrder() != null || fs.bootLoadParm() != null
                || fs.driver() != null && !fs.driver().virtio().isEmpty()) {
            throw unsupported("filesystem model, multidevs, fmode, dmode, binary, space limits, boot order and "
                    + "virtio options are not supported by the LXC driver");
        }
    }

    /** The host path a filesystem needs to exist ({@code null} for RAM). */
    static String hostSource(FilesystemDevice fs) {
        return switch (fs.type()) {
            case "file" -> fs.sourceFile();
            case "block" -> fs.sourceDev();
            case "ram" -> null;
            default -> fs.sourceDir();
        };
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, detail);
    }
}
