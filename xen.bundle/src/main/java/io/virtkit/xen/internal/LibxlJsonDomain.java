package io.virtkit.xen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlConfig;
import io.virtkit.xen.internal.xl.XlFormat;
import io.virtkit.xen.internal.xl.XlValue;

/**
 * libxl's JSON of a domain's configuration ({@code xl list -l}'s {@code config}, {@code xl -N create}'s output) read
 * back into the xl configuration that gives it, so a domain started by someone else has the definition the xl
 * codec gives for its configuration: name, UUID, type, memory, vCPUs and their pinning, direct kernel boot, boot
 * order, VNC and serial, disks, NICs and the lifecycle actions.
 */
final class LibxlJsonDomain {
    private LibxlJsonDomain() {
    }

    /** The definition of a libxl domain configuration. */
    static DomainDefinition definition(Object config) {
        return XlCodec.toDomain(config(config), XlFormat.XL);
    }

    /** The xl configuration that gives a libxl domain configuration. */
    static XlConfig config(Object config) {
        XlConfig xl = new XlConfig();
        String type = XlJson.string(config, "c_info", "type");
        putString(xl, "name", XlJson.string(config, "c_info", "name"));
        putString(xl, "uuid", XlJson.string(config, "c_info", "uuid"));
        if (type != null && !"pv".equals(type)) {
            xl.set("type", type);
        }
        Object b = XlJson.path(config, "b_info");
        long max = XlJson.number(b, -1, "max_memkb");
        long target = XlJson.number(b, max, "target_memkb");
        if (target > 0) {
            xl.set("memory", target / 1024);
        }
        if (max > 0 && max != target) {
            xl.set("maxmem", max / 1024);
        }
        vcpus(b, xl);
        String typeKey = "type." + (type == null ? "pv" : type);
        putString(xl, "kernel", first(XlJson.string(b, "kernel"), XlJson.string(b, typeKey, "kernel")));
        putString(xl, "ramdisk", first(XlJson.string(b, "ramdisk"), XlJson.string(b, typeKey, "ramdisk")));
        putString(xl, "cmdline", first(XlJson.string(b, "cmdline"), XlJson.string(b, typeKey, "cmdline")));
        putString(xl, "bootloader", XlJson.string(b, typeKey, "bootloader"));
        if ("hvm".equals(type)) {
            hvm(XlJson.path(b, "type.hvm"), xl);
        }
        vfb(config, xl);
        putList(xl, "disk", list(config, "disks").stream().map(LibxlJsonDomain::disk).toList());
        putList(xl, "vif", list(config, "nics").stream().map(LibxlJsonDomain::vif).toList());
        for (String event : List.of("on_poweroff", "on_reboot", "on_crash")) {
            String action = action(XlJson.string(config, event));
            putString(xl, event, action);
        }
        return xl;
    }

    /** {@code vcpus}: the available ones; {@code maxvcpus}; {@code cpus} when every vCPU has the same pinning. */
    private static void vcpus(Object b, XlConfig xl) {
        long max = XlJson.number(b, 0, "max_vcpus");
        Object avail = XlJson.path(b, "avail_vcpus");
        long current = avail instanceof List<?> bits ? bits.size() : max;
        if (current > 0) {
            xl.set("vcpus", current);
        }
        if (max > current) {
            xl.set("maxvcpus", max);
        }
        List<?> affinity = XlJson.path(b, "vcpu_hard_affinity") instanceof List<?> l ? l : List.of();
        if (!affinity.isEmpty() && affinity.stream().distinct().count() == 1 && affinity.get(0) instanceof List<?> cpus
                && !cpus.isEmpty()) {
            StringJoiner text = new StringJoiner(",");
            cpus.forEach(c -> text.add(String.valueOf(((Number) c).longValue())));
            xl.set("cpus", text.toString());
        }
    }

    /** An HVM guest's boot order, VNC display and serial port. */
    private static void hvm(Object hvm, XlConfig xl) {
        putString(xl, "boot", XlJson.string(hvm, "boot"));
        if (isTrue(XlJson.string(hvm, "vnc", "enable"))) {
            xl.set("vnc", 1);
            putString(xl, "vnclisten", XlJson.string(hvm, "vnc", "listen"));
            long display = XlJson.number(hvm, -1, "vnc", "display");
            if (display >= 0) {
                xl.set("vncdisplay", display);
            }
            String unused = XlJson.string(hvm, "vnc", "findunused");
            if (unused != null) {
                xl.set("vncunused", isTrue(unused) ? 1 : 0);
            }
        }
        putString(xl, "serial", XlJson.string(hvm, "serial"));
    }

    /** A PV guest's VNC framebuffer. */
    private static void vfb(Object config, XlConfig xl) {
        for (Object vfb : list(config, "vfbs")) {
            if (isTrue(XlJson.string(vfb, "vnc", "enable"))) {
                StringJoiner spec = new StringJoiner(",").add("type=vnc");
                String listen = XlJson.string(vfb, "vnc", "listen");
                if (listen != null) {
                    spec.add("vnclisten=" + listen);
                }
                long display = XlJson.number(vfb, -1, "vnc", "display");
                if (display >= 0) {
                    spec.add("vncdisplay=" + display);
                }
                String unused = XlJson.string(vfb, "vnc", "findunused");
                if (unused != null) {
                    spec.add("vncunused=" + (isTrue(unused) ? 1 : 0));
                }
                String keymap = XlJson.string(vfb, "keymap");
                if (keymap != null) {
                    spec.add("keymap=" + keymap);
                }
                putList(xl, "vfb", List.of(spec.toString()));
                return;
            }
        }
    }

    /** A disk as xl's disk specification (target last: it may hold commas). */
    private static String disk(Object disk) {
        StringJoiner spec = new StringJoiner(", ");
        String format = XlJson.string(disk, "format");
        if (format != null && !"unknown".equals(format) && !"empty".equals(format)) {
            spec.add("format=" + format);
        }
        spec.add("vdev=" + XlJson.string(disk, "vdev"));
        spec.add("access=" + (XlJson.number(disk, 0, "readwrite") != 0 ? "rw" : "ro"));
        if (XlJson.number(disk, 0, "is_cdrom") != 0) {
            spec.add("devtype=cdrom");
        }
        String backend = XlJson.string(disk, "backend");
        if (backend != null && !"unknown".equals(backend)) {
            spec.add("backendtype=" + backend);
        }
        String script = XlJson.string(disk, "script");
        if (script != null) {
            spec.add("script=" + script);
        }
        String path = XlJson.string(disk, "pdev_path");
        if (path != null && !path.isEmpty()) {
            spec.add("target=" + path);
        }
        return spec.toString();
    }

    /** A NIC as xl's vif specification. */
    private static String vif(Object nic) {
        StringJoiner spec = new StringJoiner(",");
        for (String[] key : new String[][] {{"mac", "mac"}, {"bridge", "bridge"}, {"script", "script"},
            {"model", "model"}, {"ifname", "vifname"}}) {
            String value = XlJson.string(nic, key[0]);
            if (value != null && !value.isEmpty()) {
                spec.add(key[1] + "=" + value);
            }
        }
        String ip = XlJson.string(nic, "ip");
        if (ip != null && !ip.isEmpty()) {
            spec.add("ip=" + ip);
        }
        if ("vif".equals(XlJson.string(nic, "nictype"))) {
            spec.add("type=vif");
        }
        return spec.toString();
    }

    /**
     * libxl's action name ({@code restart_rename}) as xl writes it ({@code rename-restart}). libxl's JSON leaves out
     * {@code destroy} (its default value): no action is destroy.
     */
    private static String action(String libxl) {
        if (libxl == null) {
            return "destroy";
        }
        return switch (libxl) {
            case "restart_rename" -> "rename-restart";
            case "coredump_destroy" -> "coredump-destroy";
            case "coredump_restart" -> "coredump-restart";
            case "destroy", "restart", "preserve" -> libxl;
            default -> null; // soft_reset: no libvirt action; the codec's default stands
        };
    }

    private static List<?> list(Object root, String key) {
        return XlJson.path(root, key) instanceof List<?> l ? l : List.of();
    }

    private static boolean isTrue(String defbool) {
        return "True".equalsIgnoreCase(defbool) || "1".equals(defbool);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static void putString(XlConfig xl, String key, String value) {
        if (value != null && !value.isEmpty()) {
            xl.set(key, value);
        }
    }

    private static void putList(XlConfig xl, String key, List<String> items) {
        if (!items.isEmpty()) {
            List<XlValue> values = new ArrayList<>();
            items.forEach(i -> values.add(new XlValue.Atom(i, true)));
            xl.set(key, new XlValue.XlList(values));
        }
    }
}
