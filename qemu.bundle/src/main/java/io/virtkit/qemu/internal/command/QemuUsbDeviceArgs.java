package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;
import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.HubDevice;
import io.virtkit.model.domain.RedirDevice;
import java.util.List;

/**
 * Devices on the guest's USB bus: hubs ({@code usb-hub}) and redirected USB devices ({@code usb-redir} fed by a
 * {@code spicevmc} or socket chardev), each at its USB address ({@code bus=usb.0,port=N}) when it has one. What
 * the driver cannot run is refused first by {@link #check}: host devices, a redirdev filter, leases, redirection over anything
 * but SPICE or TCP/UNIX sockets, and any USB device without a USB controller to sit on.
 */
final class QemuUsbDeviceArgs {

    private QemuUsbDeviceArgs() {
    }

    static void check(QemuArgv a) {
        DomainDevices dev = a.def.devices();
        if (!dev.leases().isEmpty()) {
            throw unsupported("leases are not supported by the QEMU driver (it has no lock manager)");
        }
        if (!dev.hostdevs().isEmpty()) {
            throw unsupported("host device passthrough (hostdev type '" + dev.hostdevs().get(0).type()
                    + "') is not supported by the QEMU driver");
        }
        if (!dev.redirFilter().isEmpty()) {
            throw unsupported("USB redirection filters are not supported by the QEMU driver");
        }
        if ((!dev.hubs().isEmpty() || !dev.redirdevs().isEmpty()) && !hasUsb(a)) {
            throw unsupported("USB devices need a USB controller (other than model 'none')");
        }
        for (RedirDevice r : dev.redirdevs()) {
            if (r.hostSide() != null) {
                redirHostSide(r.hostSide());
            }
            switch (r.type()) {
                case "spicevmc" -> {
                    if (dev.graphics().stream().noneMatch(g -> g.type().xmlName().equals("spice"))) {
                        throw unsupported("USB redirection over 'spicevmc' needs SPICE graphics");
                    }
                }
                case "tcp" -> {
                    if (r.host() == null || r.service() == null) {
                        throw unsupported("USB redirection over TCP needs a source host and service");
                    }
                    if (r.protocol() != null && !r.protocol().equals("raw")) {
                        throw unsupported("USB redirection over TCP takes protocol 'raw' only");
                    }
                }
                case "unix" -> {
                    if (r.path() == null) {
                        throw unsupported("USB redirection over a UNIX socket needs a source path");
                    }
                }
                default -> throw unsupported("USB redirection of type '" + r.type()
                        + "' is not supported by the QEMU driver");
            }
        }
        for (HubDevice h : dev.hubs()) {
            usbAddress(h.info());
        }
        // a USB address on a device this driver puts elsewhere (NIC, serial port, console, controller)
        java.util.stream.Stream.of(dev.interfaces().stream().map(i -> i.info()), dev.serials().stream()
                .map(c -> c.info()), dev.consoles().stream().map(c -> c.info()), dev.controllers().stream()
                .map(c -> c.info())).flatMap(x -> x).filter(i -> i.address() instanceof DeviceAddress.Usb)
                .findFirst().ifPresent(i -> {
                    throw unsupported("USB addresses are supported by the QEMU driver only on USB devices");
                });
        dev.redirdevs().forEach(r -> usbAddress(r.info()));
    }

    private static boolean hasUsb(QemuArgv a) {
        return a.def.devices().controllers().stream().anyMatch(c -> c.type().equals("usb")
                && !QemuUsbControllerArgs.modelOf(c, a.q35).equals("none"));
    }

    static void add(QemuArgv a) {
        List<HubDevice> hubs = a.def.devices().hubs();
        for (int n = 0; n < hubs.size(); n++) {
            HubDevice h = hubs.get(n);
            String id = h.alias() != null ? h.alias() : "hub" + n;
            a.add("-device", "usb-hub,id=" + escape(id) + usbAddress(a, h.info()));
        }
        List<RedirDevice> redirs = a.def.devices().redirdevs();
        for (int n = 0; n < redirs.size(); n++) {
            RedirDevice r = redirs.get(n);
            String id = escape(r.alias() != null ? r.alias() : "redir" + n);
            String chardev = "char" + id;
            a.add("-chardev", switch (r.type()) {
                case "spicevmc" -> "spicevmc,id=" + chardev + ",name=usbredir";
                case "tcp" -> "socket,id=" + chardev + ",host=" + escape(r.host()) + ",port=" + escape(r.service())
                        + server(r);
                default -> "socket,id=" + chardev + ",path=" + escape(r.path()) + server(r);
            } + redirExtras(r));
            a.add("-device", "usb-redir,chardev=" + chardev + ",id=" + id + usbAddress(a, r.info())
                    + a.boot.suffix(r));
        }
    }

    /** What of a redirdev's character host side beyond type, source and protocol the driver cannot run. */
    private static void redirHostSide(CharDevice c) {
        if ("yes".equals(c.tls())) {
            throw unsupported("TLS for USB redirection over TCP is not supported by the QEMU driver");
        }
        if (c.reconnect() != null && c.reconnect().enabled() && "bind".equals(c.sourceMode())) {
            throw unsupported("chardev reconnect is possible only for connect mode");
        }
        QemuChardevSupport.seclabels(c);
    }

    /** The redirdev's reconnect and log options (the chardev's generic ones), from its whole host side. */
    private static String redirExtras(RedirDevice r) {
        CharDevice c = r.hostSide();
        if (c == null) {
            return "";
        }
        String extras = c.reconnect() != null && c.reconnect().enabled() ? ",reconnect=" + c.reconnect().timeout()
                : "";
        if (c.log() != null) {
            extras += ",logfile=" + escape(c.log().file()) + (c.log().append() == null ? ""
                    : ",logappend=" + c.log().append());
        }
        return extras;
    }

    private static String server(RedirDevice r) {
        return "bind".equals(r.mode()) ? ",server=on,wait=off" : "";
    }

    /** The device's USB address checked: none, or a USB one. */
    private static DeviceAddress.Usb usbAddress(DeviceInfo info) {
        if (info.address() == null) {
            return null;
        }
        if (info.address() instanceof DeviceAddress.Usb u) {
            return u;
        }
        throw unsupported("a USB device needs a USB address, not '" + info.address().type() + "'");
    }

    /** {@code ,bus=<controller>.0,port=N} for a USB address, nothing without one (QEMU picks a port). */
    private static String usbAddress(QemuArgv a, DeviceInfo info) {
        DeviceAddress.Usb u = usbAddress(info);
        if (u == null) {
            return "";
        }
        ControllerDevice controller = a.def.devices().controllers().stream()
                .filter(c -> c.type().equals("usb") && c.index() == u.bus()
                        && !QemuUsbControllerArgs.isCompanion(QemuUsbControllerArgs.modelOf(c, a.q35)))
                .findFirst().orElseThrow(() -> unsupported("no USB controller of index " + u.bus()));
        String bus = controller.alias() != null ? controller.alias() : QemuDeviceAliases.controllerAlias(controller,
                a.q35);
        return ",bus=" + escape(bus) + ".0" + (u.port() == null ? "" : ",port=" + u.port());
    }
}
