package io.virtkit.model.storage;

import java.util.Locale;

/** libvirt's storage pool types ({@code <pool type='…'>}) and what each one's source and target need. */
public enum StoragePoolType {
    DIR, FS, NETFS, LOGICAL, DISK, ISCSI, ISCSI_DIRECT, SCSI, MPATH, RBD, SHEEPDOG, GLUSTER, ZFS, VSTORAGE;

    /** The name in XML: {@code iscsi-direct}, {@code dir} … */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type of an XML name, {@code null} for none. */
    public static StoragePoolType fromXml(String name) {
        for (StoragePoolType t : values()) {
            if (t.xmlName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Whether the pool lives on a network server (rbd, sheepdog, gluster, iscsi-direct): libvirt gives it no
     * local target and writes none.
     */
    public boolean isNetwork() {
        return this == RBD || this == SHEEPDOG || this == GLUSTER || this == ISCSI_DIRECT;
    }

    /** Whether the source's {@code <name>} is the pool's (the pool name defaults to it and back). */
    public boolean hasSourceName() {
        return this == LOGICAL || this == RBD || this == SHEEPDOG || this == GLUSTER || this == ZFS
                || this == VSTORAGE;
    }

    /** Whether the source lists hosts (required then). */
    public boolean hasSourceHosts() {
        return this == NETFS || this == ISCSI || this == ISCSI_DIRECT || this == RBD || this == SHEEPDOG
                || this == GLUSTER;
    }

    /** Whether the source lists devices. */
    public boolean hasSourceDevices() {
        return this == FS || this == LOGICAL || this == DISK || this == ISCSI || this == ISCSI_DIRECT
                || this == ZFS;
    }

    /** Whether the source has a {@code <dir>} (required then). */
    public boolean hasSourceDir() {
        return this == NETFS || this == GLUSTER;
    }

    /** Whether the source names an initiator IQN. */
    public boolean hasInitiator() {
        return this == ISCSI || this == ISCSI_DIRECT;
    }

    /** The source formats this type accepts (the first is the default); empty for none. */
    public java.util.List<String> sourceFormats() {
        return switch (this) {
            case FS -> java.util.List.of("auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2",
                    "vfat", "hfs+", "xfs", "ocfs2", "vmfs");
            case NETFS -> java.util.List.of("auto", "nfs", "glusterfs", "cifs");
            case DISK -> java.util.List.of("unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2");
            case LOGICAL -> java.util.List.of("lvm2", "unknown");
            default -> java.util.List.of();
        };
    }
}
