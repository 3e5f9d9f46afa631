package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainPlatform;
import io.virtkit.model.domain.OsFirmware;
import java.util.ArrayList;
import java.util.List;

/**
 * How the guest boots, with libvirt's rules (xenParseXLOS, xenParseXMOS, xenFormatXLOS, xenFormatXMOS): an HVM
 * guest's firmware, direct kernel (xl) and boot order; a PV or PVH guest's bootloader or direct kernel. xm keeps
 * an HVM guest's firmware in {@code kernel} and a PV guest's command line in {@code extra}.
 */
final class XlOs {
    /** Where libxl keeps its firmware (libvirt's LIBXL_FIRMWARE_DIR). */
    static final String FIRMWARE_DIR = "/usr/lib/xen/boot";
    /** The firmware libvirt's capabilities give an x86 HVM guest. */
    static final String HVMLOADER = FIRMWARE_DIR + "/hvmloader";

    private XlOs() {
    }

    /** The OS type a configuration says (xenParseGeneralMeta): {@code type}, else {@code builder}. */
    static String type(XlEntries xl) {
        String type = xl.string("type", null);
        if (type != null) {
            return switch (type) {
                case "pv" -> "xen";
                case "pvh" -> "xenpvh";
                case "hvm" -> "hvm";
                default -> throw XlErrors.unsupported("type " + type + " is not supported");
            };
        }
        return xl.string("builder", "linux").equals("hvm") ? "hvm" : "xen";
    }

    /** The machine libvirt's libxl capabilities give each OS type on x86. */
    static String machine(String osType) {
        return switch (osType) {
            case "hvm" -> "xenfv";
            case "xenpvh" -> "xenpvh";
            default -> "xenpv";
        };
    }

    static DomainOs parse(XlEntries xl, XlFormat format, String osType, DomainDefinition.Builder def) {
        DomainOs.Builder os = DomainOs.builder().type(osType).arch("x86_64").machine(machine(osType));
        if (osType.equals("hvm")) {
            String loader;
            String loaderType = null;
            Boolean readonly = null;
            if (format == XlFormat.XM) {
                loader = xl.required("kernel");
            } else if ("ovmf".equals(xl.string("bios", null))) {
                loader = FIRMWARE_DIR + "/ovmf.bin";
                loaderType = "pflash";
                readonly = true;
            } else {
                loader = HVMLOADER;
            }
            String slic = format == XlFormat.XL ? xl.string("acpi_firmware", null) : null;
            os.firmware(new OsFirmware(null, List.of(), new OsFirmware.Loader(loader, readonly, null, loaderType,
                    null), null, null, null, null, null, null,
                    slic == null ? List.of() : List.of(new OsFirmware.AcpiTable("slic", slic))));
            if (format == XlFormat.XL) {
                os.kernel(xl.string("kernel", null)).initrd(xl.string("ramdisk", null)).cmdline(cmdline(xl, true));
            }
            List<String> boot = new ArrayList<>();
            String order = xl.string("boot", "c");
            for (int i = 0; i < order.length() && i < 4; i++) {
                boot.add(switch (order.charAt(i)) {
                    case 'a' -> "fd";
                    case 'd' -> "cdrom";
                    case 'n' -> "network";
                    default -> "hd";
                });
            }
            os.bootDevices(boot);
        } else {
            String bootloader = xl.string("bootloader", null);
            String bootargs = xl.string("bootargs", null);
            if (bootloader != null || bootargs != null) {
                def.platform(new DomainPlatform(null, bootloader, bootargs, null, null, null, List.of()));
            }
            os.kernel(xl.string("kernel", null)).initrd(xl.string("ramdisk", null))
                    .cmdline(cmdline(xl, format == XlFormat.XL));
        }
        return os.build();
    }

    /** {@code cmdline} (xl only), else {@code root=ROOT EXTRA} from what is given. */
    private static String cmdline(XlEntries xl, boolean cmdlineKey) {
        String cmdline = cmdlineKey ? xl.string("cmdline", null) : null;
        if (cmdline != null) {
            return cmdline; // libvirt ignores root and extra then, with a warning
        }
        String root = xl.string("root", null);
        String extra = xl.string("extra", null);
        if (root != null && extra != null) {
            return "root=" + root + " " + extra;
        }
        if (root != null) {
            return "root=" + root;
        }
        return extra;
    }

    static void format(DomainDefinition def, XlFormat format, XlConfig out) {
        DomainOs os = def.os();
        if (os.type().equals("hvm")) {
            out.set("builder", "hvm");
            OsFirmware.Loader loader = os.firmware() == null ? null : os.firmware().loader();
            if (format == XlFormat.XM) {
                if (loader != null && loader.path() != null) {
                    out.set("kernel", loader.path());
                }
            } else {
                if (loader != null && "pflash".equals(loader.type())) {
                    out.set("bios", "ovmf");
                }
                if (os.firmware() != null) {
                    os.firmware().acpiTables().stream().filter(t -> "slic".equals(t.type())).findFirst()
                            .ifPresent(t -> out.set("acpi_firmware", t.path()));
                }
                setIf(out, "kernel", os.kernel());
                setIf(out, "ramdisk", os.initrd());
                setIf(out, "cmdline", os.cmdline());
            }
            StringBuilder boot = new StringBuilder();
            for (String dev : os.bootDevices()) {
                boot.append(switch (dev) {
                    case "fd" -> 'a';
                    case "cdrom" -> 'd';
                    case "network" -> 'n';
                    default -> 'c';
                });
            }
            out.set("boot", boot.isEmpty() ? "c" : boot.toString());
            return;
        }
        if (format == XlFormat.XL && os.type().equals("xenpvh")) {
            out.set("type", "pvh");
        }
        DomainPlatform platform = def.platform();
        if (platform != null) {
            setIf(out, "bootloader", platform.bootloader());
            setIf(out, "bootargs", platform.bootloaderArgs());
        }
        setIf(out, "kernel", os.kernel());
        setIf(out, "ramdisk", os.initrd());
        setIf(out, format == XlFormat.XL ? "cmdline" : "extra", os.cmdline());
    }

    private static void setIf(XlConfig out, String key, String value) {
        if (value != null) {
            out.set(key, value);
        }
    }
}
