package io.virtkit.qemu.internal.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;

/**
 * The host files a guest's QEMU opens by path, which the DAC driver gives to QEMU's user (libvirt's
 * {@code virSecurityDACSetAllLabel}): file and block disks, kernel, initrd, dtb, the UEFI variable store, the
 * files serial/console/channel/parallel devices write to, their log files, and UNIX sockets QEMU connects to.
 * Sockets QEMU listens on it creates itself in the domain's own directory. Disks come resolved (volume disks as
 * their files); a disk without a source (an empty CD-ROM) or on the network has no file.
 */
public final class GuestFiles {

    /**
     * One file.
     *
     * @param path            the host path
     * @param disk            whether it is a disk's image (refusal names it a storage file)
     * @param readOnly        whether every use is read-only (a read-only disk: write bits taken while in use)
     * @param createIfMissing an output QEMU would create (a chardev file or log): the daemon creates it first
     */
    public record GuestFile(Path path, boolean disk, boolean readOnly, boolean createIfMissing) {
    }

    private GuestFiles() {
    }

    /** Every file of {@code def} (resolved), each once. */
    public static List<GuestFile> of(DomainDefinition def) {
        List<GuestFile> files = new ArrayList<>();
        for (DiskDevice disk : def.devices().disks()) {
            files.addAll(of(disk));
        }
        DomainOs os = def.os();
        if (os != null) {
            Stream.of(os.kernel(), os.initrd(), os.dtb()).filter(p -> p != null && !p.isBlank())
                    .forEach(p -> files.add(new GuestFile(Path.of(p), false, false, false)));
            if (os.firmware() != null && os.firmware().nvram() != null && os.firmware().nvram().path() != null) {
                files.add(new GuestFile(Path.of(os.firmware().nvram().path()), false, false, false));
            }
        }
        Stream.of(def.devices().serials(), def.devices().consoles(), def.devices().auxiliary().channels(),
                def.devices().auxiliary().parallels()).flatMap(List::stream).forEach(c -> files.addAll(of(c)));
        return merged(files);
    }

    /** The image of one disk (none for an empty drive or a network disk). */
    public static List<GuestFile> of(DiskDevice disk) {
        boolean local = disk.type() == DiskDevice.Type.FILE || disk.type() == DiskDevice.Type.BLOCK;
        if (!local || disk.source() == null || disk.source().isBlank()) {
            return List.of();
        }
        return List.of(new GuestFile(Path.of(disk.source()), true, disk.readonly(), false));
    }

    private static List<GuestFile> of(CharDevice c) {
        List<GuestFile> files = new ArrayList<>();
        if (c.sourcePath() != null) {
            if (c.type() == CharDevice.Type.FILE) {
                files.add(new GuestFile(Path.of(c.sourcePath()), false, false, true));
            } else if (c.type() == CharDevice.Type.UNIX && "connect".equals(c.sourceMode())) {
                files.add(new GuestFile(Path.of(c.sourcePath()), false, false, false));
            }
        }
        if (c.log() != null) {
            files.add(new GuestFile(Path.of(c.log().file()), false, false, true));
        }
        return files;
    }

    /** One entry per path: read-only only when every use is. */
    private static List<GuestFile> merged(List<GuestFile> files) {
        Map<Path, GuestFile> byPath = new LinkedHashMap<>();
        for (GuestFile f : files) {
            byPath.merge(f.path(), f, (a, b) -> new GuestFile(a.path(), a.disk() || b.disk(),
                    a.readOnly() && b.readOnly(), a.createIfMissing() || b.createIfMissing()));
        }
        return List.copyOf(byPath.values());
    }
}
