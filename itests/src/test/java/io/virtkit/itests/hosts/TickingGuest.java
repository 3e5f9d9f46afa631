package io.virtkit.itests.hosts;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * A guest of the end-to-end tests: the QEMU tests' tiny Linux guest (TCG) printing a counter every
 * {@value #TICK_SECONDS} s on a console file that every host's QEMU of it appends to ({@link GuestConsole}), and a raw
 * disk; both in {@code dir}, which every host sees (one filesystem: shared storage, as migration and restarts on
 * another host need). Its UUID follows from its name, so a test can find its QEMUs by name alone.
 */
public record TickingGuest(String name, UUID uuid, String domainXml, Path console, Path disk) {

    /** The counter's interval, in seconds. */
    public static final String TICK_SECONDS = "0.2";
    private static final long DISK_BYTES = 16L << 20;

    /**
     * Prepares the guest's files in {@code dir}; {@code extraDevicesXml} goes into {@code <devices>} after the disk,
     * {@code extraModules} into the guest's initramfs (e.g. a NIC's driver).
     */
    public static TickingGuest create(Path dir, String name, String extraDevicesXml, String... extraModules)
            throws IOException {
        TinyLinuxGuest guest = TinyLinuxGuest.prepareForTest(extraModules);
        Path console = dir.resolve(name + "-console.log");
        Path disk = dir.resolve(name + "-disk.img");
        try (RandomAccessFile image = new RandomAccessFile(disk.toFile(), "rw")) {
            image.setLength(DISK_BYTES);
        }
        String serial = "<serial type='file'><source path='" + console + "' append='on'/><target port='0'/></serial>\n"
                + "    <console type='file'><source path='" + console + "' append='on'/>"
                + "<target type='serial' port='0'/></console>";
        String devices = "<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>"
                + "<source file='" + disk + "'/><target dev='vda' bus='virtio'/></disk>"
                + (extraDevicesXml.isEmpty() ? "" : "\n    " + extraDevicesXml);
        UUID uuid = uuidOf(name);
        String xml = guest.domainXml(name, serial, devices, TinyLinuxGuest.tickCmdline(TICK_SECONDS))
                .replace("</name>", "</name>\n  <uuid>" + uuid + "</uuid>");
        return new TickingGuest(name, uuid, xml, console, disk);
    }

    /** The UUID a guest of this name gets. */
    public static UUID uuidOf(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The guest's memory as its XML says, in KiB. */
    public static long memoryKiB() {
        return TinyLinuxGuest.MEMORY_MIB * 1024L;
    }
}
