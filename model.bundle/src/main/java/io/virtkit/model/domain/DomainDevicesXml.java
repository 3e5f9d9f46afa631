package io.virtkit.model.domain;

import static io.virtkit.model.domain.DomainXmlCodec.attr;
import static io.virtkit.model.domain.DomainXmlCodec.child;
import static io.virtkit.model.domain.DomainXmlCodec.children;
import static io.virtkit.model.domain.DomainXmlCodec.enumAttr;
import static io.virtkit.model.domain.DomainXmlCodec.invalidAttribute;
import static io.virtkit.model.domain.DomainXmlCodec.nameOf;
import static io.virtkit.model.domain.DomainXmlCodec.textOf;
import static io.virtkit.model.domain.DomainXmlCodec.unsupported;
import static io.virtkit.model.domain.DomainXmlCodec.xmlError;
import static io.virtkit.model.domain.DomainXmlCodec.yesNo;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.w3c.dom.Element;

/**
 * The {@code <devices>} part of {@link DomainXmlCodec}: disks, filesystems, interfaces, serials, consoles and
 * graphics, each with its identity ({@link DeviceInfoXml}). Apart from the codec so neither grows past what
 * one can read; the codec's helpers and libvirt's error wording are shared.
 */
final class DomainDevicesXml {

    private DomainDevicesXml() {
    }

    static DomainDevices parse(Element devicesEl, boolean hvm, boolean live) {
        if (devicesEl == null) {
            return DomainDevices.NONE;
        }
        String emulator = textOf(child(devicesEl, "emulator"));
        List<DiskDevice> disks = new ArrayList<>();
        List<FilesystemDevice> filesystems = new ArrayList<>();
        List<InterfaceDevice> interfaces = new ArrayList<>();
        List<CharDevice> serials = new ArrayList<>();
        List<CharDevice> consoles = new ArrayList<>();
        List<GraphicsDevice> graphics = new ArrayList<>();
        List<ControllerDevice> controllers = new ArrayList<>();
        for (Element d : children(devicesEl, null)) {
            switch (nameOf(d)) {
                case "disk" -> disks.add(parseDisk(d).withInfo(DeviceInfoXml.parse(d, live)));
                case "filesystem" -> filesystems.add(parseFilesystem(d).withInfo(DeviceInfoXml.parse(d, live)));
                case "interface" -> interfaces.add(parseInterface(d).withInfo(DeviceInfoXml.parse(d, live)));
                case "serial" -> serials.add(parseChar(d).withInfo(DeviceInfoXml.parse(d, live)));
                case "console" -> consoles.add(parseChar(d).withInfo(DeviceInfoXml.parse(d, live)));
                case "graphics" -> graphics.add(parseGraphics(d));
                case "controller" -> controllers.add(ControllerXml.parse(d, live));
                default -> {
                    // not modelled: ignored, as libvirt ignores what it does not know
                }
            }
        }
        assignSerialPorts(serials);
        if (hvm) {
            consoleCompat(serials, consoles);
        }
        return DomainDevices.builder().emulator(emulator).disks(disks).filesystems(filesystems).interfaces(interfaces)
                .serials(serials).consoles(consoles).graphics(graphics).controllers(controllers).build();
    }

    /** Serials without a port get the next free one, as libvirt numbers them. */
    private static void assignSerialPorts(List<CharDevice> serials) {
        Set<Integer> used = new HashSet<>();
        serials.forEach(s -> used.add(s.targetPort()));
        int next = 0;
        for (int n = 0; n < serials.size(); n++) {
            CharDevice s = serials.get(n);
            if (s.targetPort() == null) {
                while (used.contains(next)) {
                    next++;
                }
                used.add(next);
                serials.set(n, s.withTargetPort(next));
            }
        }
    }

    /**
     * On a virtual machine the first console is an alias of the first serial port (libvirt's compatibility
     * rule): a console without a serial brings one, and the console mirrors the serial's host side and its
     * identity (alias and address), as libvirt writes it.
     */
    private static void consoleCompat(List<CharDevice> serials, List<CharDevice> consoles) {
        if (consoles.isEmpty()) {
            return;
        }
        CharDevice console = consoles.get(0);
        if (console.targetType() != null && !console.targetType().equals("serial")) {
            return;
        }
        if (serials.isEmpty()) {
            serials.add(console.toBuilder().targetType(null).targetPort(0).build());
        }
        CharDevice serial = serials.get(0);
        consoles.set(0, serial.toBuilder().targetType("serial").build());
    }

    private static DiskDevice parseDisk(Element d) {
        DiskDevice.Type type = enumAttr(d, "type", DiskDevice.Type.class, DiskDevice.Type.FILE);
        DiskDevice.Device device = enumAttr(d, "device", DiskDevice.Device.class, DiskDevice.Device.DISK);
        Element driver = child(d, "driver");
        Element sourceEl = child(d, "source");
        String source = attr(sourceEl, type == DiskDevice.Type.FILE ? "file" : "dev");
        Element target = child(d, "target");
        String targetDev = attr(target, "dev");
        if (targetDev == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN,
                    "device " + (source == null ? "" : source));
        }
        if (source == null && device == DiskDevice.Device.DISK) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN, "device " + targetDev);
        }
        return DiskDevice.builder().type(type).device(device).driverName(attr(driver, "name"))
                .driverType(attr(driver, "type")).source(source).targetDev(targetDev).targetBus(attr(target, "bus"))
                .readonly(child(d, "readonly") != null).build();
    }

    private static FilesystemDevice parseFilesystem(Element f) {
        String type = f.hasAttribute("type") ? f.getAttribute("type") : "mount";
        if (!type.equals("mount")) {
            throw unsupported("filesystem type '" + type + "' is not supported");
        }
        String source = attr(child(f, "source"), "dir");
        String target = attr(child(f, "target"), "dir");
        if (source == null) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN,
                    "device " + (target == null ? "" : target));
        }
        if (target == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN, "device " + source);
        }
        return new FilesystemDevice(source, target, child(f, "readonly") != null);
    }

    private static InterfaceDevice parseInterface(Element i) {
        InterfaceDevice.Type type = enumAttr(i, "type", InterfaceDevice.Type.class, null);
        if (type == null) {
            throw invalidAttribute("type", "interface", "");
        }
        String mac = attr(child(i, "mac"), "address");
        mac = mac == null ? randomMac() : DomainXmlCodec.normalizeMac(mac);
        String source = null;
        if (type == InterfaceDevice.Type.NETWORK || type == InterfaceDevice.Type.BRIDGE) {
            String attribute = type == InterfaceDevice.Type.NETWORK ? "network" : "bridge";
            source = attr(child(i, "source"), attribute);
            if (source == null) {
                throw xmlError("interface type='" + type.xmlName() + "' requires a 'source' element");
            }
        }
        Element target = child(i, "target");
        Boolean managed = null;
        String managedText = attr(target, "managed");
        if (managedText != null) {
            managed = yesNo(managedText, "managed", "target");
        }
        Integer mtu = null;
        Element mtuEl = child(i, "mtu");
        if (mtuEl != null) {
            try {
                mtu = Integer.parseUnsignedInt(mtuEl.getAttribute("size"));
            } catch (NumberFormatException e) {
                throw xmlError("malformed mtu size");
            }
        }
        return InterfaceDevice.builder().type(type).mac(mac).source(source).targetDev(attr(target, "dev"))
                .targetManaged(managed).model(attr(child(i, "model"), "type")).mtu(mtu).build();
    }

    /** A random MAC with the locally administered prefix libvirt uses for QEMU guests. */
    private static String randomMac() {
        byte[] tail = new byte[3];
        ThreadLocalRandom.current().nextBytes(tail);
        return "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }

    private static CharDevice parseChar(Element c) {
        String typeName = c.hasAttribute("type") ? c.getAttribute("type") : "pty";
        CharDevice.Type type = XmlNames.lookup(CharDevice.Type.class, typeName).orElseThrow(() -> unsupported(
                "unknown type presented to host for character device: " + typeName));
        Element source = child(c, "source");
        String path = attr(source, "path");
        String mode = null;
        if (type == CharDevice.Type.UNIX) {
            mode = attr(source, "mode");
            if (mode == null) {
                mode = "connect";
            } else if (!mode.equals("bind") && !mode.equals("connect")) {
                throw invalidAttribute("mode", "source", mode);
            }
        }
        if (path == null && (type == CharDevice.Type.FILE || type == CharDevice.Type.DEV
                || type == CharDevice.Type.PIPE || type == CharDevice.Type.UNIX)) {
            throw xmlError("Missing source path attribute for char device");
        }
        Element target = child(c, "target");
        Integer port = null;
        String portText = attr(target, "port");
        if (portText != null) {
            try {
                port = Integer.parseUnsignedInt(portText);
            } catch (NumberFormatException e) {
                throw xmlError("Invalid port number: " + portText);
            }
        }
        return CharDevice.builder().type(type).sourcePath(path).sourceMode(mode).targetType(attr(target, "type"))
                .targetPort(port).build();
    }

    private static GraphicsDevice parseGraphics(Element g) {
        GraphicsDevice.Type type = enumAttr(g, "type", GraphicsDevice.Type.class, null);
        if (type == null) {
            throw invalidAttribute("type", "graphics", "");
        }
        int port = -1;
        String portText = attr(g, "port");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                        "cannot parse vnc port " + portText);
            }
        }
        boolean autoport = port == -1;
        String autoportText = attr(g, "autoport");
        if (autoportText != null) {
            autoport = yesNo(autoportText, "autoport", "graphics");
        }
        if (autoport) {
            // live XML carries the port QEMU took; a definition's autoport has none
            port = port >= 5900 ? port : -1;
        } else if (port < 0) {
            throw xmlError("vnc port must be in range [5900,65535]");
        }
        String listen = attr(g, "listen");
        Element listenEl = child(g, "listen");
        if (listen == null && listenEl != null && "address".equals(listenEl.getAttribute("type"))) {
            listen = attr(listenEl, "address");
        }
        return new GraphicsDevice(type, port, autoport, listen, attr(g, "passwd"));
    }

    static void write(XmlWriter w, DomainDevices devices, boolean secure, boolean live) {
        w.open("devices");
        w.text("emulator", devices.emulator());
        for (DiskDevice d : devices.disks()) {
            w.open("disk", "type", d.type().xmlName(), "device", d.device().xmlName());
            if (d.driverName() != null || d.driverType() != null) {
                w.empty("driver", "name", d.driverName(), "type", d.driverType());
            }
            if (d.source() != null) {
                w.empty("source", d.type() == DiskDevice.Type.FILE ? "file" : "dev", d.source());
            }
            w.empty("target", "dev", d.targetDev(), "bus", d.targetBus());
            if (d.readonly()) {
                w.empty("readonly");
            }
            DeviceInfoXml.write(w, d.info(), live);
            w.close("disk");
        }
        devices.controllers().forEach(c -> ControllerXml.write(w, c, live));
        for (FilesystemDevice f : devices.filesystems()) {
            w.open("filesystem", "type", "mount", "accessmode", "passthrough");
            w.empty("source", "dir", f.sourceDir());
            w.empty("target", "dir", f.targetDir());
            if (f.readonly()) {
                w.empty("readonly");
            }
            DeviceInfoXml.write(w, f.info(), live);
            w.close("filesystem");
        }
        for (InterfaceDevice i : devices.interfaces()) {
            w.open("interface", "type", i.type().xmlName());
            w.empty("mac", "address", i.mac());
            if (i.source() != null) {
                w.empty("source", i.type() == InterfaceDevice.Type.BRIDGE ? "bridge" : "network", i.source());
            }
            if (i.targetDev() != null || i.targetManaged() != null) {
                w.empty("target", "dev", i.targetDev(), "managed",
                        i.targetManaged() == null ? null : i.targetManaged() ? "yes" : "no");
            }
            if (i.model() != null) {
                w.empty("model", "type", i.model());
            }
            if (i.mtu() != null) {
                w.empty("mtu", "size", i.mtu().toString());
            }
            DeviceInfoXml.write(w, i.info(), live);
            w.close("interface");
        }
        for (CharDevice c : devices.serials()) {
            writeChar(w, "serial", c, live);
        }
        for (CharDevice c : devices.consoles()) {
            writeChar(w, "console", c, live);
        }
        for (GraphicsDevice g : devices.graphics()) {
            // An allocated autoport belongs to the running domain only, as in libvirt's XML.
            int port = g.autoport() && !live ? -1 : g.port();
            String[] attrs = {"type", g.type().xmlName(), "port", Integer.toString(port),
                "autoport", g.autoport() ? "yes" : "no", "listen", g.listen(),
                "passwd", secure ? g.passwd() : null};
            if (g.listen() == null) {
                w.empty("graphics", attrs);
            } else {
                w.open("graphics", attrs);
                w.empty("listen", "type", "address", "address", g.listen());
                w.close("graphics");
            }
        }
        w.close("devices");
    }

    private static void writeChar(XmlWriter w, String element, CharDevice c, boolean live) {
        w.open(element, "type", c.type().xmlName());
        if (c.sourcePath() != null || c.sourceMode() != null) {
            w.empty("source", "mode", c.sourceMode(), "path", c.sourcePath());
        }
        if (c.targetType() != null || c.targetPort() != null) {
            w.empty("target", "type", c.targetType(), "port",
                    c.targetPort() == null ? null : c.targetPort().toString());
        }
        DeviceInfoXml.write(w, c.info(), live);
        w.close(element);
    }
}
