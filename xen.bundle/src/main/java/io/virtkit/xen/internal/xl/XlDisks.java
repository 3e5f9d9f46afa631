package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code disk = [ ... ]} list with libvirt's rules: xl's key/value specifications as libxl's parser reads
 * them (xenParseXLDisk, xenFormatXLDisk) and xm's positional {@code SOURCE,DEVICE,MODE} form (xenParseXMDisk,
 * xenFormatXMDisk). Floppies have no place in either.
 */
final class XlDisks {
    private XlDisks() {
    }

    static List<DiskDevice> parse(XlEntries xl, XlFormat format, boolean hvm) {
        List<String> specs = xl.list("disk");
        List<DiskDevice> disks = new ArrayList<>();
        if (specs == null) {
            return disks;
        }
        for (String spec : specs) {
            if (format == XlFormat.XL) {
                disks.add(parseXl(XlDiskSpec.parse(spec), hvm));
            } else {
                DiskDevice disk = parseXm(spec, hvm);
                if (disk != null) {
                    disks.add(disk); // libvirt skips the xm entries it cannot read
                }
            }
        }
        return disks;
    }

    private static DiskDevice parseXl(XlDiskSpec spec, boolean hvm) {
        DiskDevice.Builder disk = DiskDevice.builder().targetDev(spec.vdev()).readonly(!spec.readWrite())
                .targetBus(bus(spec.vdev(), hvm));
        String path = spec.target();
        if (spec.cdrom()) {
            disk.device(DiskDevice.Device.CDROM).type(DiskDevice.Type.FILE).driverName("qemu").removable(true)
                    .driverType(path == null || path.isEmpty() ? null : "raw");
        } else {
            if (path == null || path.isEmpty()) {
                throw noSource(spec.vdev());
            }
            disk.device(DiskDevice.Device.DISK).driverType(switch (spec.format()) {
                case "empty" -> null;
                default -> spec.format();
            });
            String backend = spec.backendType() == null ? "qdisk" : spec.backendType();
            switch (backend) {
                case "qdisk" -> disk.driverName("qemu").type(DiskDevice.Type.FILE);
                case "tap" -> disk.driverName("tap").type(DiskDevice.Type.FILE);
                case "phy" -> disk.driverName("phy").type(DiskDevice.Type.BLOCK);
                default -> throw XlErrors.of(XlFormat.XL, ErrorCode.CONFIG_UNSUPPORTED,
                        "disk backend not supported: " + backend);
            }
        }
        disk.source(path == null || path.isEmpty() ? null : path);
        return disk.build();
    }

    /** The old form: SOURCE (with its driver prefixes), DEVICE (with :cdrom), MODE; null when unreadable. */
    private static DiskDevice parseXm(String entry, boolean hvm) {
        int comma = entry.indexOf(',');
        if (comma < 0) {
            return null;
        }
        String source = comma == 0 ? null : entry.substring(0, comma);
        String rest = entry.substring(comma + 1);
        if (rest.startsWith("ioemu:")) {
            rest = rest.substring("ioemu:".length());
        }
        comma = rest.indexOf(',');
        if (comma < 0) {
            return null;
        }
        String dst = rest.substring(0, comma);
        String mode = rest.substring(comma + 1);
        String driver = null;
        String driverType = null;
        if (source != null) {
            int colon = source.indexOf(':');
            if (colon >= 0) {
                driver = source.substring(0, colon);
                source = source.substring(colon + 1);
            }
            if ("tap".equals(driver) || "tap2".equals(driver)) {
                colon = source.indexOf(':');
                if (colon < 0) {
                    return null;
                }
                String sub = source.substring(0, colon);
                driverType = sub.equals("aio") ? "raw" : sub;
                if (!List.of("raw", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow",
                        "qcow", "qcow2", "qed", "vmdk", "luks").contains(driverType)) {
                    return null; // libvirt reports "Unknown driver type", then reads on without the disk
                }
                source = source.substring(colon + 1);
            }
        }
        if (driver == null) {
            driver = "phy";
        }
        DiskDevice.Device device = DiskDevice.Device.DISK;
        int colon = dst.indexOf(':');
        if (colon >= 0) {
            if (dst.substring(colon).equals(":cdrom")) {
                device = DiskDevice.Device.CDROM;
            }
            dst = dst.substring(0, colon);
        }
        if ((source == null || source.isEmpty()) && device == DiskDevice.Device.DISK) {
            throw noSource(dst);
        }
        return DiskDevice.builder().type(driver.equals("phy") ? DiskDevice.Type.BLOCK : DiskDevice.Type.FILE)
                .device(device).driverName(driver).driverType(driverType).source(source).targetDev(dst)
                .targetBus(bus(dst, hvm)).readonly(mode.equals("r") || mode.equals("ro"))
                .shareable(mode.equals("w!") || mode.equals("!")).build();
    }

    /**
     * A disk (not a CD-ROM) with an empty target: libxl takes it, but a domain definition cannot hold a disk
     * without its source, so this is libvirt's refusal of such a definition.
     */
    private static VirtException noSource(String vdev) {
        return new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN, "device " + vdev);
    }

    /** xvd* and every PV disk sit on Xen's bus; an HVM guest's sd* on SCSI, the rest on IDE. */
    private static String bus(String vdev, boolean hvm) {
        if (vdev.startsWith("xvd") || !hvm) {
            return "xen";
        }
        return vdev.startsWith("sd") ? "scsi" : "ide";
    }

    static void format(List<DiskDevice> disks, XlFormat format, XlConfig out) {
        List<String> specs = new ArrayList<>();
        for (DiskDevice disk : disks) {
            if (disk.device() == DiskDevice.Device.FLOPPY) {
                continue;
            }
            specs.add(format == XlFormat.XL ? formatXl(disk) : formatXm(disk));
        }
        if (!specs.isEmpty()) {
            out.set("disk", XlValue.strings(specs));
        }
    }

    static String formatXl(DiskDevice disk) {
        StringBuilder spec = new StringBuilder("format=");
        spec.append(switch (disk.driverType() == null ? "" : disk.driverType()) {
            // libvirt's xenFormatXLDisk writes "xvhd", which libxl's parser (and so libvirt) cannot read again
            case "vhd", "qcow", "qcow2", "qed" -> disk.driverType();
            default -> "raw";
        });
        spec.append(",vdev=").append(disk.targetDev());
        spec.append(",access=").append(disk.readonly() ? "ro" : disk.shareable() ? "!" : "rw");
        if (disk.transientDisk()) {
            throw XlErrors.of(XlFormat.XL, ErrorCode.CONFIG_UNSUPPORTED, "transient disks not supported yet");
        }
        if (disk.driverName() != null) {
            spec.append(",backendtype=").append(switch (disk.driverName()) {
                case "qemu", "file" -> "qdisk";
                case "tap", "phy" -> disk.driverName();
                default -> ""; // libvirt writes the key with no value, which libxl reads as its default
            });
        }
        if (disk.device() == DiskDevice.Device.CDROM) {
            spec.append(",devtype=cdrom");
        }
        String target = source(disk);
        if (target != null) {
            spec.append(",target=").append(target);
        }
        return spec.toString();
    }

    /** The path of a disk's source, {@code null} for an empty drive. */
    private static String source(DiskDevice disk) {
        return switch (disk.type()) {
            case FILE, BLOCK, DIR -> disk.source();
            case NETWORK -> throw XlErrors.of(XlFormat.XL, ErrorCode.NO_SUPPORT,
                    "Unsupported network block protocol '" + disk.sourceDetail().protocol() + "'");
            default -> throw XlErrors.of(XlFormat.XL, ErrorCode.INTERNAL_ERROR,
                    "unsupported storage type for this code path");
        };
    }

    private static String formatXm(DiskDevice disk) {
        StringBuilder spec = new StringBuilder();
        String src = disk.source();
        if (src != null) {
            if (disk.driverType() != null) {
                String type = disk.driverType().equals("raw") ? "aio" : disk.driverType();
                if (disk.driverName() != null) {
                    spec.append(disk.driverName()).append(':');
                    if (disk.driverName().equals("tap") || disk.driverName().equals("tap2")) {
                        spec.append(type).append(':');
                    }
                }
            } else {
                spec.append(switch (disk.type()) {
                    case FILE -> "file:";
                    case BLOCK -> "phy:";
                    default -> throw XlErrors.of(XlFormat.XM, ErrorCode.INTERNAL_ERROR,
                            "unsupported disk type " + disk.type().xmlName());
                });
            }
            spec.append(src);
        }
        spec.append(',').append(disk.targetDev());
        if (disk.device() == DiskDevice.Device.CDROM) {
            spec.append(":cdrom");
        }
        spec.append(disk.readonly() ? ",r" : disk.shareable() ? ",!" : ",w");
        if (disk.transientDisk()) {
            throw XlErrors.of(XlFormat.XM, ErrorCode.CONFIG_UNSUPPORTED, "transient disks not supported yet");
        }
        return spec.toString();
    }
}
