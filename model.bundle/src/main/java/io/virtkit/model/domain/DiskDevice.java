package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A {@code <disk>}.
 *
 * @param type       where the data lives: a host file or a host block device
 * @param device     how the guest sees it
 * @param driverName the backend driver (e.g. {@code qemu}), or {@code null}
 * @param driverType the image format (e.g. {@code raw}, {@code qcow2}), or {@code null}
 * @param source     the host file path or block device path, or {@code null} (an empty CD-ROM drive)
 * @param targetDev  the guest device name (e.g. {@code vda}, {@code hdc})
 * @param targetBus  the guest bus (e.g. {@code virtio}, {@code ide}, {@code sata}), or {@code null}
 * @param readonly   whether the guest may only read
 * @param info       alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 * @param sourceDetail where the data lives in full (network hosts, pool and volume, auth …); its path is
 *                     {@code source}
 * @param driver       the driver's tuning attributes ({@link DiskDriver#DEFAULT} for none)
 * @param backingStore the image below in the backing chain, or {@code null} when unknown
 * @param ioTune       I/O throttling, or {@code null}
 * @param geometry     BIOS geometry and block sizes ({@link DiskGeometry#NONE} for none)
 * @param bootOrder    the disk's place in the boot order ({@code <boot order>}), or {@code null}
 * @param bootLoadParm the s390 boot load parameter, or {@code null}
 * @param serial       the serial number the guest sees, or {@code null}
 * @param wwn          the World Wide Name the guest sees, or {@code null}
 * @param vendor       the SCSI vendor string, or {@code null}
 * @param product      the SCSI product string, or {@code null}
 * @param shareable    whether several domains may use the disk at once
 * @param transientDisk whether guest writes are thrown away when the domain stops
 * @param transientShareBacking whether a transient disk's base image is shared with other domains, or
 *                     {@code null}
 * @param tray         a removable drive's tray: {@code open} or {@code closed}, or {@code null}
 * @param removable    whether a USB or SCSI disk says it is removable, or {@code null}
 * @param rotationRate the rotation rate reported to the guest (1 for SSD), or {@code null}
 * @param snapshot     the default snapshot mode ({@code internal}, {@code external}, {@code no},
 *                     {@code manual}), or {@code null}
 * @param rawio        whether a LUN gets raw I/O capability, or {@code null}
 * @param sgio         a LUN's SG_IO filtering ({@code filtered}, {@code unfiltered}), or {@code null}
 * @param model        the virtio model ({@code virtio}, {@code virtio-transitional},
 *                     {@code virtio-non-transitional}), or {@code null}
 * @param backendDomain the domain providing the disk's backend ({@code <backenddomain name>}), or {@code null}
 * @param encryption   the image's encryption given on the disk itself (the old place; inside the source it is
 *                     the source's), or {@code null}
 * @param mirror       a running block copy's or active commit's destination (live only), or {@code null}
 */
public record DiskDevice(Type type, Device device, String driverName, String driverType, String source,
        String targetDev, String targetBus, boolean readonly, DeviceInfo info,
        DiskSource sourceDetail, DiskDriver driver, DiskBackingStore backingStore, DiskIoTune ioTune,
        DiskGeometry geometry, Integer bootOrder, String bootLoadParm, String serial, String wwn, String vendor,
        String product, boolean shareable, boolean transientDisk, Boolean transientShareBacking, String tray,
        Boolean removable, Integer rotationRate, String snapshot, Boolean rawio, String sgio, String model,
        String backendDomain, DiskEncryption encryption, DiskMirror mirror) {

    public DiskDevice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(targetDev, "targetDev");
        info = DeviceInfo.orNone(info);
        if (sourceDetail == null && source != null) {
            sourceDetail = DiskSource.ofPath(source);
        }
        source = sourceDetail == null ? null : sourceDetail.path();
        driver = DiskDriver.orDefault(driver);
        geometry = DiskGeometry.orNone(geometry);
    }

    /** A disk without backend domain, disk-level encryption and mirror (the form before they were modelled). */
    public DiskDevice(Type type, Device device, String driverName, String driverType, String source,
            String targetDev, String targetBus, boolean readonly, DeviceInfo info, DiskSource sourceDetail,
            DiskDriver driver, DiskBackingStore backingStore, DiskIoTune ioTune, DiskGeometry geometry,
            Integer bootOrder, String bootLoadParm, String serial, String wwn, String vendor, String product,
            boolean shareable, boolean transientDisk, Boolean transientShareBacking, String tray, Boolean removable,
            Integer rotationRate, String snapshot, Boolean rawio, String sgio, String model) {
        this(type, device, driverName, driverType, source, targetDev, targetBus, readonly, info, sourceDetail, driver,
                backingStore, ioTune, geometry, bootOrder, bootLoadParm, serial, wwn, vendor, product, shareable,
                transientDisk, transientShareBacking, tray, removable, rotationRate, snapshot, rawio, sgio, model,
                null, null, null);
    }

    /** A disk as before its other settings were modelled. */
    public DiskDevice(Type type, Device device, String driverName, String driverType, String source,
            String targetDev, String targetBus, boolean readonly, DeviceInfo info) {
        this(type, device, driverName, driverType, source, targetDev, targetBus, readonly, info,
                null, null, null, null, null, null, null, null, null, null, null, false, false, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** A disk without alias and address (the form before device identity existed). */
    public DiskDevice(Type type, Device device, String driverName, String driverType, String source,
            String targetDev, String targetBus, boolean readonly) {
        this(type, device, driverName, driverType, source, targetDev, targetBus, readonly, DeviceInfo.NONE);
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
    public DiskDevice withInfo(DeviceInfo newInfo) {
        return toBuilder().info(newInfo).build();
    }

    /** The disk's {@code type} attribute. */
    public enum Type {
        FILE, BLOCK, DIR, NETWORK, VOLUME, NVME, VHOSTUSER, VHOSTVDPA;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** The disk's {@code device} attribute. */
    public enum Device {
        DISK, CDROM, FLOPPY, LUN;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder with libvirt's defaults (a file-backed disk, no identity). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.device = device;
        b.driverName = driverName;
        b.driverType = driverType;
        b.source = source;
        b.targetDev = targetDev;
        b.targetBus = targetBus;
        b.readonly = readonly;
        b.info = info;
        b.sourceDetail = sourceDetail;
        b.driver = driver;
        b.backingStore = backingStore;
        b.ioTune = ioTune;
        b.geometry = geometry;
        b.bootOrder = bootOrder;
        b.bootLoadParm = bootLoadParm;
        b.serial = serial;
        b.wwn = wwn;
        b.vendor = vendor;
        b.product = product;
        b.shareable = shareable;
        b.transientDisk = transientDisk;
        b.transientShareBacking = transientShareBacking;
        b.tray = tray;
        b.removable = removable;
        b.rotationRate = rotationRate;
        b.snapshot = snapshot;
        b.rawio = rawio;
        b.sgio = sgio;
        b.model = model;
        b.backendDomain = backendDomain;
        b.encryption = encryption;
        b.mirror = mirror;
        return b;
    }

    /** Builds a {@link DiskDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private Type type = Type.FILE;
        private Device device = Device.DISK;
        private String driverName;
        private String driverType;
        private String source;
        private String targetDev;
        private String targetBus;
        private boolean readonly;
        private DeviceInfo info = DeviceInfo.NONE;
        private DiskSource sourceDetail;
        private DiskDriver driver;
        private DiskBackingStore backingStore;
        private DiskIoTune ioTune;
        private DiskGeometry geometry;
        private Integer bootOrder;
        private String bootLoadParm;
        private String serial;
        private String wwn;
        private String vendor;
        private String product;
        private boolean shareable;
        private boolean transientDisk;
        private Boolean transientShareBacking;
        private String tray;
        private Boolean removable;
        private Integer rotationRate;
        private String snapshot;
        private Boolean rawio;
        private String sgio;
        private String model;
        private String backendDomain;
        private DiskEncryption encryption;
        private DiskMirror mirror;

        private Builder() {
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder device(Device value) {
            this.device = value;
            return this;
        }

        public Builder driverName(String value) {
            this.driverName = value;
            return this;
        }

        public Builder driverType(String value) {
            this.driverType = value;
            return this;
        }

        /** The source as a bare path (replacing any {@code sourceDetail}). */
        public Builder source(String value) {
            this.source = value;
            this.sourceDetail = null;
            return this;
        }

        public Builder targetDev(String value) {
            this.targetDev = value;
            return this;
        }

        public Builder targetBus(String value) {
            this.targetBus = value;
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

        /** The source in full (its path becomes {@code source}). */
        public Builder sourceDetail(DiskSource value) {
            this.sourceDetail = value;
            this.source = value == null ? null : value.path();
            return this;
        }

        public Builder driver(DiskDriver value) {
            this.driver = value;
            return this;
        }

        public Builder backingStore(DiskBackingStore value) {
            this.backingStore = value;
            return this;
        }

        public Builder ioTune(DiskIoTune value) {
            this.ioTune = value;
            return this;
        }

        public Builder geometry(DiskGeometry value) {
            this.geometry = value;
            return this;
        }

        public Builder bootOrder(Integer value) {
            this.bootOrder = value;
            return this;
        }

        public Builder bootLoadParm(String value) {
            this.bootLoadParm = value;
            return this;
        }

        public Builder serial(String value) {
            this.serial = value;
            return this;
        }

        public Builder wwn(String value) {
            this.wwn = value;
            return this;
        }

        public Builder vendor(String value) {
            this.vendor = value;
            return this;
        }

        public Builder product(String value) {
            this.product = value;
            return this;
        }

        public Builder shareable(boolean value) {
            this.shareable = value;
            return this;
        }

        public Builder transientDisk(boolean value) {
            this.transientDisk = value;
            return this;
        }

        public Builder transientShareBacking(Boolean value) {
            this.transientShareBacking = value;
            return this;
        }

        public Builder tray(String value) {
            this.tray = value;
            return this;
        }

        public Builder removable(Boolean value) {
            this.removable = value;
            return this;
        }

        public Builder rotationRate(Integer value) {
            this.rotationRate = value;
            return this;
        }

        public Builder snapshot(String value) {
            this.snapshot = value;
            return this;
        }

        public Builder rawio(Boolean value) {
            this.rawio = value;
            return this;
        }

        public Builder sgio(String value) {
            this.sgio = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder backendDomain(String value) {
            this.backendDomain = value;
            return this;
        }

        public Builder encryption(DiskEncryption value) {
            this.encryption = value;
            return this;
        }

        public Builder mirror(DiskMirror value) {
            this.mirror = value;
            return this;
        }

        public DiskDevice build() {
            return new DiskDevice(type, device, driverName, driverType, source, targetDev, targetBus, readonly, info,
                    sourceDetail, driver, backingStore, ioTune, geometry, bootOrder, bootLoadParm, serial, wwn,
                    vendor, product, shareable, transientDisk, transientShareBacking, tray, removable, rotationRate,
                    snapshot, rawio, sgio, model, backendDomain, encryption, mirror);
        }
    }
}
