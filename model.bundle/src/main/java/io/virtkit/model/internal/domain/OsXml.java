package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <os>}: the OS type with arch and machine, boot order, direct kernel boot, and a container's init
 * typed; the rest (firmware, loader, nvram, boot menu, smbios, bios, dtb, ACPI tables, initdir/user/group,
 * root) kept as a tree by {@link KeptXml}.
 */
final class OsXml {

    /** The keys this codec reads, relative to {@code <os>}. */
    static final List<String> MODELLED = List.of("type@arch", "type@machine", "boot@dev", "kernel", "initrd",
            "cmdline", "init", "initarg", "initenv@name");

    /** What {@link #parse} reads into {@link DomainOs}; the rest of the element is kept by {@link KeptXml}. */
    static final Set<String> TYPED = Set.of("type", "boot", "kernel", "initrd", "cmdline", "init", "initarg",
            "initenv");

    /** libvirt's order of the children of {@code <os>}. */
    static final List<String> ORDER = List.of("type", "firmware", "init", "initarg", "initenv", "initdir",
            "inituser", "initgroup", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "root", "acpi", "boot",
            "bootmenu", "smbios", "bios");

    private OsXml() {
    }

    static DomainOs parse(XmlCursor osEl) {
        return parse(osEl, false);
    }

    /**
     * {@code <os>}; {@code deviceBoot} says a device carries its own {@code <boot order>}, which takes the place
     * of {@code <os><boot dev>} (libvirt refuses both, and adds no default boot device then).
     */
    static DomainOs parse(XmlCursor osEl, boolean deviceBoot) {
        XmlCursor typeEl = osEl == null ? null : osEl.child("type");
        String type = typeEl == null ? "" : typeEl.text().trim();
        if (type.isEmpty()) {
            throw DomainErrors.xmlError("an os <type> must be specified");
        }
        if (!DomainXmlCodec.OS_TYPES.contains(type)) {
            throw DomainErrors.unsupported("unknown OS type '" + type + "'");
        }
        String arch = typeEl.attr("arch");
        String machine = typeEl.attr("machine");
        List<String> boot = new ArrayList<>();
        for (XmlCursor b : osEl.children("boot")) {
            String dev = b.attrOrEmpty("dev");
            if (!DomainOs.BOOT_DEVICES.contains(dev)) {
                throw DomainErrors.invalidAttribute("dev", "boot", dev);
            }
            boot.add(dev);
        }
        String kernel = osEl.childText("kernel");
        String initrd = osEl.childText("initrd");
        String cmdline = osEl.childText("cmdline");
        String init = osEl.childText("init");
        List<String> initArgs = new ArrayList<>();
        for (XmlCursor a : osEl.children("initarg")) {
            initArgs.add(a.text());
        }
        List<DomainOs.InitEnv> initEnv = new ArrayList<>();
        for (XmlCursor e : osEl.children("initenv")) {
            String envName = e.attrOrEmpty("name");
            if (!envName.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw DomainErrors.xmlError("Invalid environment variable name '" + envName + "' in <initenv>");
            }
            initEnv.add(new DomainOs.InitEnv(envName, e.text()));
        }
        if (type.equals("exe") && init == null) {
            // libvirt's default init for containers.
            init = "/sbin/init";
        }
        if (deviceBoot && !boot.isEmpty()) {
            throw DomainErrors.xmlError("per-device boot elements cannot be used together with os/boot elements");
        }
        if (type.equals("hvm") && boot.isEmpty() && kernel == null && !deviceBoot) {
            // Without a boot order or a kernel, libvirt boots a virtual machine from its first disk.
            boot.add("hd");
        }
        return DomainOs.builder().type(type).arch(arch).machine(machine).bootDevices(boot).kernel(kernel)
                .initrd(initrd).cmdline(cmdline).init(init).initArgs(initArgs).initEnv(initEnv).build();
    }

    /** Writes {@code <os>}: the typed parts with {@code rest}, the kept remainder (or {@code null}). */
    static void write(XmlWriter w, DomainOs os, DomainElement rest) {
        List<DomainElement> children = new ArrayList<>();
        Map<String, String> typeAttrs = new LinkedHashMap<>();
        if (os.arch() != null) {
            typeAttrs.put("arch", os.arch());
        }
        if (os.machine() != null) {
            typeAttrs.put("machine", os.machine());
        }
        children.add(DomainElement.of("type", typeAttrs, os.type(), List.of()));
        text(children, "init", os.init(), Map.of());
        for (String arg : os.initArgs()) {
            text(children, "initarg", arg, Map.of());
        }
        for (DomainOs.InitEnv env : os.initEnv()) {
            text(children, "initenv", env.value(), Map.of("name", env.name()));
        }
        text(children, "kernel", os.kernel(), Map.of());
        text(children, "initrd", os.initrd(), Map.of());
        text(children, "cmdline", os.cmdline(), Map.of());
        for (String dev : os.bootDevices()) {
            children.add(DomainElement.of("boot", Map.of("dev", dev), null, List.of()));
        }
        DomainElement typed = DomainElement.of("os", Map.of(), null, children);
        KeptXml.write(w, KeptXml.merge(typed, rest, ORDER), null);
    }

    private static void text(List<DomainElement> children, String name, String text, Map<String, String> attrs) {
        if (text != null) {
            children.add(DomainElement.of(name, attrs, text, List.of()));
        }
    }
}
