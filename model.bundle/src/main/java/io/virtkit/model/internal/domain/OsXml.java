package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.OsFirmware;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code <os>}: the OS type with arch and machine, boot order, direct kernel boot (kernel, initrd, cmdline,
 * dtb, root) and a container's init with its arguments, environment, directory, user and group; the firmware
 * settings (firmware, loader, nvram, boot menu, smbios, bios, ACPI tables) by {@link OsFirmwareXml}.
 */
final class OsXml {

    /** The keys this codec reads, relative to {@code <os>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("type@arch", "type@machine", "boot@dev", "kernel",
            "initrd", "cmdline", "dtb", "root", "init", "initarg", "initenv@name", "initdir", "inituser", "initgroup"),
            OsFirmwareXml.MODELLED.stream()).toList();

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
                .initrd(initrd).cmdline(cmdline).init(init).initArgs(initArgs).initEnv(initEnv)
                .dtb(osEl.childText("dtb")).root(osEl.childText("root")).initDir(osEl.childText("initdir"))
                .initUser(osEl.childText("inituser")).initGroup(osEl.childText("initgroup"))
                .firmware(OsFirmwareXml.parse(osEl)).build();
    }

    /** Writes {@code <os>} in libvirt's order of its children. */
    static void write(XmlWriter w, DomainOs os) {
        OsFirmware fw = os.firmware();
        w.open("os", "firmware", fw == null ? null : fw.firmware());
        w.text("type", os.type(), "arch", os.arch(), "machine", os.machine());
        OsFirmwareXml.writeFeatures(w, fw);
        w.text("init", os.init());
        for (String arg : os.initArgs()) {
            w.text("initarg", arg);
        }
        for (DomainOs.InitEnv env : os.initEnv()) {
            w.text("initenv", env.value(), "name", env.name());
        }
        w.text("initdir", os.initDir());
        w.text("inituser", os.initUser());
        w.text("initgroup", os.initGroup());
        OsFirmwareXml.writeLoader(w, fw);
        w.text("kernel", os.kernel());
        w.text("initrd", os.initrd());
        w.text("cmdline", os.cmdline());
        w.text("dtb", os.dtb());
        w.text("root", os.root());
        OsFirmwareXml.writeAcpi(w, fw);
        for (String dev : os.bootDevices()) {
            w.empty("boot", "dev", dev);
        }
        OsFirmwareXml.writeBootSettings(w, fw);
        w.close("os");
    }
}
