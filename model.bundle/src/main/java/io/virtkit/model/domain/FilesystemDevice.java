package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <filesystem>}: a host directory, image, device or RAM shown to the guest as a filesystem (a mount in
 * a container; 9p or virtiofs in a virtual machine). Values are libvirt's XML words.
 *
 * @param sourceDir the host directory ({@code mount}, {@code bind}), else {@code null}
 * @param targetDir where the guest sees it (a mount point, or a virtiofs/9p tag)
 * @param readonly whether the guest may only read
 * @param info alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 * @param type {@code mount} (the default), {@code bind}, {@code template}, {@code file}, {@code block} or {@code ram}
 * @param accessmode {@code passthrough}, {@code mapped} or {@code squash}, or {@code null}
 * @param model {@code virtio}, {@code virtio-transitional} or {@code virtio-non-transitional}, or {@code null}
 * @param multidevs 9p's {@code multidevs} ({@code default}, {@code remap}, {@code forbid}, {@code warn}), or {@code null}
 * @param fmode the mode of files created in mapped mode (octal text), or {@code null}
 * @param dmode the mode of directories created in mapped mode (octal text), or {@code null}
 * @param sourceName a {@code template}'s name
 * @param sourceFile a {@code file}'s image
 * @param sourceDev a {@code block}'s device
 * @param sourceSocket a {@code mount}'s external virtiofsd socket
 * @param ramUsageKiB a {@code ram} filesystem's size in KiB
 * @param driver {@code <driver>}, or {@code null}
 * @param binary virtiofs's {@code <binary>}, or {@code null}
 * @param spaceHardLimitKiB {@code <space_hard_limit>} in KiB, or {@code null}
 * @param spaceSoftLimitKiB {@code <space_soft_limit>} in KiB, or {@code null}
 * @param bootOrder {@code <boot order>}, or {@code null}
 * @param bootLoadParm {@code <boot loadparm>}, the s390 boot load parameter, or {@code null}
 */
public record FilesystemDevice(String sourceDir,
        String targetDir,
        boolean readonly,
        DeviceInfo info,
        String type,
        String accessmode,
        String model,
        String multidevs,
        String fmode,
        String dmode,
        String sourceName,
        String sourceFile,
        String sourceDev,
        String sourceSocket,
        Long ramUsageKiB,
        Driver driver,
        Binary binary,
        Long spaceHardLimitKiB,
        Long spaceSoftLimitKiB,
        Integer bootOrder,
        String bootLoadParm) {

    public FilesystemDevice {
        Objects.requireNonNull(targetDir, "targetDir");
        info = DeviceInfo.orNone(info);
        type = type == null ? "mount" : type;
        accessmode = accessmode == null ? "passthrough" : accessmode; // libvirt's default, which it writes
        if ((type.equals("mount") && sourceSocket == null || type.equals("bind")) && sourceDir == null) {
            throw new NullPointerException("sourceDir");
        }
    }

    /** A filesystem without boot load parameter. */
    public FilesystemDevice(String sourceDir, String targetDir, boolean readonly, DeviceInfo info, String type,
            String accessmode, String model, String multidevs, String fmode, String dmode, String sourceName,
            String sourceFile, String sourceDev, String sourceSocket, Long ramUsageKiB, Driver driver, Binary binary,
            Long spaceHardLimitKiB, Long spaceSoftLimitKiB, Integer bootOrder) {
        this(sourceDir, targetDir, readonly, info, type, accessmode, model, multidevs, fmode, dmode, sourceName,
                sourceFile, sourceDev, sourceSocket, ramUsageKiB, driver, binary, spaceHardLimitKiB, spaceSoftLimitKiB,
                bootOrder, null);
    }

    /** A {@code mount} filesystem of the form before the other types were modelled. */
    public FilesystemDevice(String sourceDir, String targetDir, boolean readonly, DeviceInfo info) {
        this(sourceDir, targetDir, readonly, info, "mount", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A filesystem without alias and address (the form before device identity existed). */
    public FilesystemDevice(String sourceDir, String targetDir, boolean readonly) {
        this(sourceDir, targetDir, readonly, DeviceInfo.NONE);
    }

    /**
     * {@code <driver>}.
     *
     * @param type     {@code path}, {@code handle}, {@code loop}, {@code nbd}, {@code ploop} or {@code virtiofs}
     * @param format   the image format ({@code loop}, {@code nbd}), or {@code null}
     * @param wrpolicy {@code immediate}, or {@code null}
     * @param queue    virtiofs's queue size, or {@code null}
     * @param virtio   the virtio options ({@code iommu}, {@code ats} …; {@link VirtioOptions#NONE}: none)
     */
    public record Driver(String type, String format, String wrpolicy, Integer queue, VirtioOptions virtio) {
        public Driver {
            virtio = virtio == null ? VirtioOptions.NONE : virtio;
        }

        /** A driver without virtio options. */
        public Driver(String type, String format, String wrpolicy, Integer queue) {
            this(type, format, wrpolicy, queue, VirtioOptions.NONE);
        }
    }

    /**
     * virtiofs's {@code <binary>}: the daemon and its settings.
     *
     * @param path           the virtiofsd binary, or {@code null}
     * @param xattr          {@code on}/{@code off}, or {@code null}
     * @param cacheMode      {@code none}/{@code always}, or {@code null}
     * @param sandboxMode    {@code namespace}/{@code chroot}, or {@code null}
     * @param lockPosix      {@code on}/{@code off}, or {@code null}
     * @param lockFlock      {@code on}/{@code off}, or {@code null}
     * @param threadPoolSize the daemon's thread pool size, or {@code null}
     */
    public record Binary(String path, String xattr, String cacheMode, String sandboxMode, String lockPosix,
            String lockFlock, Integer threadPoolSize) {
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** The address, or {@code null}. */
    public DeviceAddress address() {
        return info.address();
    }

    /** A copy with another alias and address. */
    public FilesystemDevice withInfo(DeviceInfo newInfo) {
        return new FilesystemDevice(sourceDir, targetDir, readonly, newInfo, type, accessmode, model, multidevs, fmode, dmode, sourceName, sourceFile, sourceDev, sourceSocket, ramUsageKiB, driver, binary, spaceHardLimitKiB, spaceSoftLimitKiB, bootOrder, bootLoadParm);
    }

    /** A builder of a {@code mount} filesystem. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sourceDir = sourceDir;
        b.targetDir = targetDir;
        b.readonly = readonly;
        b.info = info;
        b.type = type;
        b.accessmode = accessmode;
        b.model = model;
        b.multidevs = multidevs;
        b.fmode = fmode;
        b.dmode = dmode;
        b.sourceName = sourceName;
        b.sourceFile = sourceFile;
        b.sourceDev = sourceDev;
        b.sourceSocket = sourceSocket;
        b.ramUsageKiB = ramUsageKiB;
        b.driver = driver;
        b.binary = binary;
        b.spaceHardLimitKiB = spaceHardLimitKiB;
        b.spaceSoftLimitKiB = spaceSoftLimitKiB;
        b.bootOrder = bootOrder;
        b.bootLoadParm = bootLoadParm;
        return b;
    }

    /** Builds a {@link FilesystemDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private String sourceDir;
        private String targetDir;
        private boolean readonly;
        private DeviceInfo info = DeviceInfo.NONE;
        private String type = "mount";
        private String accessmode;
        private String model;
        private String multidevs;
        private String fmode;
        private String dmode;
        private String sourceName;
        private String sourceFile;
        private String sourceDev;
        private String sourceSocket;
        private Long ramUsageKiB;
        private Driver driver;
        private Binary binary;
        private Long spaceHardLimitKiB;
        private Long spaceSoftLimitKiB;
        private Integer bootOrder;
        private String bootLoadParm;

        private Builder() {
        }

        public Builder sourceDir(String value) {
            this.sourceDir = value;
            return this;
        }

        public Builder targetDir(String value) {
            this.targetDir = value;
            return this;
        }

        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder accessmode(String value) {
            this.accessmode = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder multidevs(String value) {
            this.multidevs = value;
            return this;
        }

        public Builder fmode(String value) {
            this.fmode = value;
            return this;
        }

        public Builder dmode(String value) {
            this.dmode = value;
            return this;
        }

        public Builder sourceName(String value) {
            this.sourceName = value;
            return this;
        }

        public Builder sourceFile(String value) {
            this.sourceFile = value;
            return this;
        }

        public Builder sourceDev(String value) {
            this.sourceDev = value;
            return this;
        }

        public Builder sourceSocket(String value) {
            this.sourceSocket = value;
            return this;
        }

        public Builder ramUsageKiB(Long value) {
            this.ramUsageKiB = value;
            return this;
        }

        public Builder driver(Driver value) {
            this.driver = value;
            return this;
        }

        public Builder binary(Binary value) {
            this.binary = value;
            return this;
        }

        public Builder spaceHardLimitKiB(Long value) {
            this.spaceHardLimitKiB = value;
            return this;
        }

        public Builder spaceSoftLimitKiB(Long value) {
            this.spaceSoftLimitKiB = value;
            return this;
        }

        public Builder bootLoadParm(String value) {
            this.bootLoadParm = value;
            return this;
        }

        public Builder bootOrder(Integer value) {
            this.bootOrder = value;
            return this;
        }

        public FilesystemDevice build() {
            return new FilesystemDevice(sourceDir, targetDir, readonly, info, type, accessmode, model, multidevs, fmode, dmode, sourceName, sourceFile, sourceDev, sourceSocket, ramUsageKiB, driver, binary, spaceHardLimitKiB, spaceSoftLimitKiB, bootOrder, bootLoadParm);
        }
    }
}
