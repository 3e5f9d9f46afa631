package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.AudioBackend;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.HostdevDevice;
import io.virtkit.model.domain.HubDevice;
import io.virtkit.model.domain.InputDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.LeaseDevice;
import io.virtkit.model.domain.RedirDevice;
import io.virtkit.model.domain.RedirFilterRule;
import io.virtkit.model.domain.SmartcardDevice;
import io.virtkit.model.domain.SoundDevice;
import io.virtkit.model.domain.VideoDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code <devices>}: the emulator, and every device element handed to its family's codec by name through
 * {@link #FAMILIES}. A device element no family reads is left to the check of unmodelled keys (dropped if
 * listed, else refused).
 */
final class DevicesXml {

    /** What {@code <devices>} reads itself, relative to it. */
    static final List<String> MODELLED = List.of("emulator");

    /** One device family: the keys its codec reads (relative to the device element) and how it parses. */
    record Family(List<String> modelled, Parser parser) {
    }

    /** Parses one device element into the lists being built. */
    @FunctionalInterface
    interface Parser {
        void parse(XmlCursor device, boolean live, Parsed into);
    }

    /** The devices read so far, family by family, in document order. */
    static final class Parsed {
        final List<DiskDevice> disks = new ArrayList<>();
        final List<FilesystemDevice> filesystems = new ArrayList<>();
        final List<InterfaceDevice> interfaces = new ArrayList<>();
        final List<CharDevice> serials = new ArrayList<>();
        final List<CharDevice> consoles = new ArrayList<>();
        final List<GraphicsDevice> graphics = new ArrayList<>();
        final List<ControllerDevice> controllers = new ArrayList<>();
        final List<LeaseDevice> leases = new ArrayList<>();
        final List<HubDevice> hubs = new ArrayList<>();
        final List<RedirDevice> redirdevs = new ArrayList<>();
        final List<RedirFilterRule> redirFilter = new ArrayList<>();
        final List<HostdevDevice> hostdevs = new ArrayList<>();
        final List<InputDevice> inputs = new ArrayList<>();
        final List<SoundDevice> sounds = new ArrayList<>();
        final List<AudioBackend> audios = new ArrayList<>();
        final List<VideoDevice> videos = new ArrayList<>();
        final AuxiliaryParsed auxiliary = new AuxiliaryParsed();
        final List<SmartcardDevice> smartcards = new ArrayList<>();
    }

    /** The device codecs by element name: add a family here (and its keys come with it). */
    static final Map<String, Family> FAMILIES = families();

    private static Map<String, Family> families() {
        Map<String, Family> f = new LinkedHashMap<>();
        f.put("disk", new Family(withInfo(DiskXml.MODELLED),
                (d, live, into) -> into.disks.add(DiskXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("filesystem", new Family(withInfo(FilesystemXml.MODELLED), (d, live, into) ->
                into.filesystems.add(FilesystemXml.parse(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("interface", new Family(withInfo(InterfaceXml.MODELLED), (d, live, into) ->
                into.interfaces.add(InterfaceXml.parse(d).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("serial", new Family(withInfo(CharDeviceXml.SERIAL), (d, live, into) ->
                into.serials.add(CharDeviceXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        f.put("console", new Family(withInfo(CharDeviceXml.CONSOLE), (d, live, into) ->
                into.consoles.add(CharDeviceXml.parse(d, live).withInfo(DeviceInfoXml.parse(d, live)))));
        AuxiliaryParsed.families().forEach((name, family) -> f.put(name, new Family(withInfo(family.modelled()),
                (d, live, into) -> family.parser().parse(d, live, into))));
        f.put("controller", new Family(withInfo(ControllerXml.MODELLED),
                (d, live, into) -> into.controllers.add(ControllerXml.parse(d, live))));
        f.put("graphics", new Family(GraphicsXml.MODELLED, (d, live, into) -> into.graphics.add(GraphicsXml.parse(d))));
        // disk helper's families: leases, USB redirection and hubs
        f.put("lease", new Family(LeaseXml.MODELLED, (d, live, into) -> into.leases.add(LeaseXml.parse(d))));
        f.put("redirdev", new Family(withInfo(UsbRedirectionXml.REDIRDEV),
                (d, live, into) -> into.redirdevs.add(UsbRedirectionXml.parseRedirdev(d, live))));
        f.put("redirfilter", new Family(UsbRedirectionXml.REDIRFILTER,
                (d, live, into) -> into.redirFilter.addAll(UsbRedirectionXml.parseRedirfilter(d))));
        f.put("hostdev", new Family(withInfo(HostdevXml.MODELLED),
                (d, live, into) -> into.hostdevs.add(HostdevXml.parse(d, live))));
        f.put("hub", new Family(withInfo(UsbRedirectionXml.HUB),
                (d, live, into) -> into.hubs.add(UsbRedirectionXml.parseHub(d, live))));
        f.put("input", new Family(withInfo(InputXml.MODELLED),
                (d, live, into) -> into.inputs.add(InputXml.parse(d, live))));
        f.put("sound", new Family(withInfo(SoundXml.MODELLED),
                (d, live, into) -> into.sounds.add(SoundXml.parse(d, live))));
        f.put("audio", new Family(AudioXml.MODELLED, (d, live, into) -> into.audios.add(AudioXml.parse(d))));
        f.put("video", new Family(withInfo(VideoXml.MODELLED),
                (d, live, into) -> into.videos.add(VideoXml.parse(d, live))));
        f.put("smartcard", new Family(withInfo(SmartcardXml.MODELLED),
                (d, live, into) -> into.smartcards.add(SmartcardXml.parse(d, live))));
        return Map.copyOf(f);
    }

    private static List<String> withInfo(List<String> keys) {
        return Stream.concat(keys.stream(), DeviceInfoXml.MODELLED.stream()).toList();
    }

    private DevicesXml() {
    }

    /** The keys of every device family, relative to {@code <devices>}. */
    static Stream<String> modelledKeys() {
        Stream<String> own = MODELLED.stream();
        Stream<String> families = FAMILIES.entrySet().stream().flatMap(e -> e.getValue().modelled().stream()
                .map(key -> e.getKey() + (key.startsWith("@") ? "" : "/") + key));
        return Stream.concat(own, Stream.concat(FAMILIES.keySet().stream(), families));
    }

    /** The families that read {@code <boot order>} (looked up for every device of every parse). */
    private static final java.util.Set<String> BOOTABLE = FAMILIES.entrySet().stream()
            .filter(e -> e.getValue().modelled().contains("boot@order")).map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Whether a device of a family that reads {@code <boot order>} carries one. */
    static boolean hasDeviceBoot(XmlCursor devicesEl) {
        if (devicesEl == null) {
            return false;
        }
        for (XmlCursor d : devicesEl.children()) {
            if (BOOTABLE.contains(d.name()) && d.child("boot") != null) {
                return true;
            }
        }
        return false;
    }

    static DomainDevices parse(XmlCursor devicesEl, boolean hvm, boolean live) {
        if (devicesEl == null) {
            return DomainDevices.NONE;
        }
        String emulator = devicesEl.childText("emulator");
        Parsed parsed = new Parsed();
        for (XmlCursor d : devicesEl.children()) {
            Family family = FAMILIES.get(d.name());
            if (family != null) {
                family.parser().parse(d, live, parsed);
            }
        }
        assignSerialPorts(parsed.serials);
        assignSerialPorts(parsed.auxiliary.parallels);
        if (hvm) {
            consoleCompat(parsed.serials, parsed.consoles);
        }
        return DomainDevices.builder().emulator(emulator).disks(parsed.disks).filesystems(parsed.filesystems)
                .interfaces(parsed.interfaces).serials(parsed.serials).consoles(parsed.consoles)
                .graphics(parsed.graphics).controllers(parsed.controllers).leases(parsed.leases).hubs(parsed.hubs)
                .redirdevs(parsed.redirdevs).redirFilter(parsed.redirFilter).hostdevs(parsed.hostdevs)
                .inputs(parsed.inputs).sounds(parsed.sounds).audios(parsed.audios).videos(parsed.videos)
                .auxiliary(parsed.auxiliary.build()).smartcards(parsed.smartcards).build();
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

    /** Writes the devices in libvirt's order of families. */
    static void write(XmlWriter w, DomainDevices devices, boolean secure, boolean live) {
        w.open("devices");
        w.text("emulator", devices.emulator());
        for (DiskDevice d : devices.disks()) {
            DiskXml.write(w, d, live);
        }
        for (ControllerDevice c : devices.controllers()) {
            ControllerXml.write(w, c, live);
        }
        for (LeaseDevice l : devices.leases()) {
            LeaseXml.write(w, l);
        }
        for (FilesystemDevice f : devices.filesystems()) {
            FilesystemXml.write(w, f, live);
        }
        for (InterfaceDevice i : devices.interfaces()) {
            InterfaceXml.write(w, i, live);
        }
        for (SmartcardDevice s : devices.smartcards()) {
            SmartcardXml.write(w, s, live);
        }
        for (CharDevice c : devices.serials()) {
            CharDeviceXml.write(w, "serial", c, live);
        }
        AuxiliaryParsed.writeParallels(w, devices.auxiliary(), live);
        for (CharDevice c : devices.consoles()) {
            CharDeviceXml.write(w, "console", c, live);
        }
        AuxiliaryParsed.writeChannels(w, devices.auxiliary(), live);
        for (InputDevice i : devices.inputs()) {
            InputXml.write(w, i, live);
        }
        AuxiliaryParsed.writeTpms(w, devices.auxiliary(), live);
        for (GraphicsDevice g : devices.graphics()) {
            GraphicsXml.write(w, g, secure, live);
        }
        for (SoundDevice s : devices.sounds()) {
            SoundXml.write(w, s, live);
        }
        for (AudioBackend a : devices.audios()) {
            AudioXml.write(w, a);
        }
        for (VideoDevice v : devices.videos()) {
            VideoXml.write(w, v, live);
        }
        // after video, before watchdog and memballoon (libvirt's order)
        for (HostdevDevice h : devices.hostdevs()) {
            HostdevXml.write(w, h, live);
        }
        for (RedirDevice r : devices.redirdevs()) {
            UsbRedirectionXml.writeRedirdev(w, r, live);
        }
        UsbRedirectionXml.writeRedirfilter(w, devices.redirFilter());
        for (HubDevice h : devices.hubs()) {
            UsbRedirectionXml.writeHub(w, h, live);
        }
        AuxiliaryParsed.writeOthers(w, devices.auxiliary(), live);
        w.close("devices");
    }
}
