package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.model.domain.PanicDevice;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.domain.VsockDevice;
import io.virtkit.model.domain.WatchdogDevice;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link AuxiliaryDevices} families for {@link DevicesXml}: their element names, keys and parsers, the
 * lists being read, and their writes at libvirt's places.
 */
final class AuxiliaryParsed {
    final List<CharDevice> parallels = new ArrayList<>();
    final List<CharDevice> channels = new ArrayList<>();
    final List<RngDevice> rngs = new ArrayList<>();
    MemballoonDevice memballoon;
    final List<WatchdogDevice> watchdogs = new ArrayList<>();
    final List<PanicDevice> panics = new ArrayList<>();
    VsockDevice vsock;

    /** The families by element name, keys relative to the device element (without alias and address). */
    static Map<String, DevicesXml.Family> families() {
        Map<String, DevicesXml.Family> f = new LinkedHashMap<>();
        f.put("parallel", new DevicesXml.Family(CharDeviceXml.PARALLEL, (d, live, into) -> into.auxiliary.parallels
                .add(CharDeviceXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("channel", new DevicesXml.Family(CharDeviceXml.CHANNEL, (d, live, into) -> into.auxiliary.channels
                .add(CharDeviceXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("rng", new DevicesXml.Family(RngXml.MODELLED, (d, live, into) -> into.auxiliary.rngs
                .add(RngXml.parse(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("memballoon", new DevicesXml.Family(MemballoonXml.MODELLED, (d, live, into) -> {
            if (into.auxiliary.memballoon != null) {
                throw DomainErrors.xmlError("only a single memory balloon device is supported");
            }
            into.auxiliary.memballoon = MemballoonXml.parse(d).withInfo(DeviceInfoXml.parse(d, live));
        }));
        f.put("watchdog", new DevicesXml.Family(WatchdogXml.WATCHDOG, (d, live, into) -> into.auxiliary.watchdogs
                .add(WatchdogXml.parseWatchdog(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("panic", new DevicesXml.Family(WatchdogXml.PANIC, (d, live, into) -> into.auxiliary.panics
                .add(WatchdogXml.parsePanic(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("vsock", new DevicesXml.Family(WatchdogXml.VSOCK, (d, live, into) -> {
            if (into.auxiliary.vsock != null) {
                throw DomainErrors.xmlError("only a single vsock device is supported");
            }
            into.auxiliary.vsock = WatchdogXml.parseVsock(d).withInfo(DeviceInfoXml.parse(d, live));
        }));
        return f;
    }

    AuxiliaryDevices build() {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock);
    }

    /** Parallel ports and channels: after the consoles. */
    static void writeCharDevices(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.parallels().forEach(c -> CharDeviceXml.write(w, "parallel", c, live));
        a.channels().forEach(c -> CharDeviceXml.write(w, "channel", c, live));
    }

    /** The rest: after graphics, video and host devices, in libvirt's order. */
    static void writeOthers(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.watchdogs().forEach(d -> WatchdogXml.write(w, d, live));
        if (a.memballoon() != null) {
            MemballoonXml.write(w, a.memballoon(), live);
        }
        a.rngs().forEach(d -> RngXml.write(w, d, live));
        a.panics().forEach(d -> WatchdogXml.write(w, d, live));
        if (a.vsock() != null) {
            WatchdogXml.write(w, a.vsock(), live);
        }
    }
}
