package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.IommuDevice;
import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.model.domain.MemoryDevice;
import io.virtkit.model.domain.PanicDevice;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.domain.ShmemDevice;
import io.virtkit.model.domain.TpmDevice;
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
    final List<TpmDevice> tpms = new ArrayList<>();
    final List<ShmemDevice> shmems = new ArrayList<>();
    IommuDevice iommu;
    DeviceInfo nvram;
    final List<MemoryDevice> memories = new ArrayList<>();

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
        f.put("watchdog", new DevicesXml.Family(SimpleDevicesXml.WATCHDOG, (d, live, into) -> into.auxiliary.watchdogs
                .add(SimpleDevicesXml.parseWatchdog(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("panic", new DevicesXml.Family(SimpleDevicesXml.PANIC, (d, live, into) -> into.auxiliary.panics
                .add(SimpleDevicesXml.parsePanic(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("vsock", new DevicesXml.Family(SimpleDevicesXml.VSOCK, (d, live, into) -> {
            if (into.auxiliary.vsock != null) {
                throw DomainErrors.xmlError("only a single vsock device is supported");
            }
            into.auxiliary.vsock = SimpleDevicesXml.parseVsock(d).withInfo(DeviceInfoXml.parse(d, live));
        }));
        f.put("tpm", new DevicesXml.Family(TpmXml.MODELLED, (d, live, into) -> into.auxiliary.tpms
                .add(TpmXml.parse(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("shmem", new DevicesXml.Family(ShmemXml.MODELLED, (d, live, into) -> into.auxiliary.shmems
                .add(ShmemXml.parse(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("iommu", new DevicesXml.Family(SimpleDevicesXml.IOMMU, (d, live, into) -> {
            if (into.auxiliary.iommu != null) {
                throw DomainErrors.xmlError("only a single IOMMU device is supported");
            }
            into.auxiliary.iommu = SimpleDevicesXml.parseIommu(d).withInfo(DeviceInfoXml.parse(d, live));
        }));
        f.put("nvram", new DevicesXml.Family(SimpleDevicesXml.NVRAM, (d, live, into) -> {
            if (into.auxiliary.nvram != null) {
                throw DomainErrors.xmlError("only a single nvram device is supported");
            }
            into.auxiliary.nvram = DeviceInfoXml.parse(d, live);
        }));
        f.put("memory", new DevicesXml.Family(MemoryDeviceXml.MODELLED, (d, live, into) -> into.auxiliary.memories
                .add(MemoryDeviceXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        return f;
    }

    AuxiliaryDevices build() {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems,
                iommu, nvram, memories);
    }

    /** Parallel ports: after the serial ports, before the consoles. */
    static void writeParallels(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.parallels().forEach(c -> CharDeviceXml.write(w, "parallel", c, live));
    }

    /** Channels: after the consoles, before the inputs. */
    static void writeChannels(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.channels().forEach(c -> CharDeviceXml.write(w, "channel", c, live));
    }

    /** TPMs: after the inputs, before the graphics. */
    static void writeTpms(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.tpms().forEach(t -> TpmXml.write(w, t, live));
    }

    /** The rest: after graphics, video, host devices, USB redirection and hubs, in libvirt's order. */
    static void writeOthers(XmlWriter w, AuxiliaryDevices a, boolean live) {
        a.watchdogs().forEach(d -> SimpleDevicesXml.write(w, d, live));
        if (a.memballoon() != null) {
            MemballoonXml.write(w, a.memballoon(), live);
        }
        a.rngs().forEach(d -> RngXml.write(w, d, live));
        if (a.nvram() != null) {
            SimpleDevicesXml.writeNvram(w, a.nvram(), live);
        }
        a.panics().forEach(d -> SimpleDevicesXml.write(w, d, live));
        a.shmems().forEach(d -> ShmemXml.write(w, d, live));
        a.memories().forEach(d -> MemoryDeviceXml.write(w, d, live));
        if (a.iommu() != null) {
            SimpleDevicesXml.write(w, a.iommu(), live);
        }
        if (a.vsock() != null) {
            SimpleDevicesXml.write(w, a.vsock(), live);
        }
    }
}
