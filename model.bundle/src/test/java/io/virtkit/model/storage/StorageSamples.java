package io.virtkit.model.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/** The pool and volume samples beside this class, each as libvirt writes it. */
final class StorageSamples {
    static final List<String> POOLS = Stream.of("dir", "fs", "netfs", "netfs-cifs", "logical", "disk", "iscsi",
            "iscsi-direct", "scsi", "scsi-parentaddr", "scsi-fc", "mpath", "rbd", "sheepdog", "gluster", "zfs",
            "vstorage").map(n -> "pool-" + n).toList();
    static final List<String> FORMATS = List.of("vdi", "vhd", "vpc", "qed", "ploop", "bochs", "cloop", "dmg", "fat",
            "cow", "none", "linux", "fat16", "fat32", "linux-swap", "linux-raid", "extended");
    static final List<String> VOLUMES = Stream.concat(Stream.of("raw", "qcow2", "qcow2-plain", "luks",
            "qcow-legacy", "lv", "partition", "vmdk", "iso", "rbd", "dir", "netdir"),
            FORMATS.stream().map(f -> "fmt-" + f)).map(n -> "vol-" + n).toList();

    private StorageSamples() {
    }

    static String read(String name) {
        try (InputStream in = StorageSamples.class.getResourceAsStream(name + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
