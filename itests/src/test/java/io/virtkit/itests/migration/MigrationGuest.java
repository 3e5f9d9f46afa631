package io.virtkit.itests.migration;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.UUID;

import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * The guest the migration tests move, and the virtual network both hosts define for it (same name): the QEMU
 * tests' tiny Linux guest (TCG) with its counter on a console file both hosts' QEMUs append to, a virtio NIC on the
 * network, and a disk on a path both namespaces see (the same filesystem: shared storage, as migration without
 * storage copy needs).
 */
record MigrationGuest(String name, UUID uuid, String domainXml, String networkXml, Path console) {

    static final String NAME = "vke2e-guest";
    static final String NETWORK = "vke2e-net";
    /** The counter's interval, in seconds. */
    static final String TICK_SECONDS = "0.2";
    private static final long DISK_BYTES = 16L << 20;

    static MigrationGuest create(Path dir) throws IOException {
        TinyLinuxGuest guest = TinyLinuxGuest.prepareForTest("virtio_pci", "virtio_net");
        Path console = dir.resolve("console.log");
        Path disk = dir.resolve("disk.img");
        try (RandomAccessFile image = new RandomAccessFile(disk.toFile(), "rw")) {
            image.setLength(DISK_BYTES);
        }
        String serial = "<serial type='file'><source path='" + console + "' append='on'/><target port='0'/></serial>\n"
                + "    <console type='file'><source path='" + console + "' append='on'/>"
                + "<target type='serial' port='0'/></console>";
        String devices = "<disk type='file' device='disk'><driver name='qemu' type='raw' cache='none'/>"
                + "<source file='" + disk + "'/><target dev='vda' bus='virtio'/></disk>\n"
                + "    <interface type='network'><mac address='52:54:00:7e:2e:01'/><source network='" + NETWORK + "'/>"
                + "<model type='virtio'/></interface>";
        UUID uuid = UUID.nameUUIDFromBytes(NAME.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String xml = guest.domainXml(NAME, serial, devices, TinyLinuxGuest.tickCmdline(TICK_SECONDS))
                .replace("</name>", "</name>\n  <uuid>" + uuid + "</uuid>");
        String network = "<network><name>" + NETWORK + "</name><bridge name='vke2ebr0'/>"
                + "<ip address='192.168.177.1' netmask='255.255.255.0'/></network>";
        return new MigrationGuest(NAME, uuid, xml, network, console);
    }
}
