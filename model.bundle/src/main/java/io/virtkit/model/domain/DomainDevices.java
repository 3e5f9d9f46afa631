package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A domain's {@code <devices>}, each kind in document order.
 *
 * @param emulator    the device model binary, or {@code null}
 * @param disks       block devices
 * @param filesystems host directories shared with the guest (containers)
 * @param interfaces  network interfaces
 * @param serials     serial ports
 * @param consoles    text consoles
 * @param graphics    graphical framebuffers
 * @param controllers buses the devices sit on (PCI bridges and root ports, SCSI, SATA …)
 * @param leases      locks the domain holds while it runs
 * @param hubs        USB hubs
 * @param redirdevs   USB devices redirected from a client
 * @param redirFilter the rules of the {@code <redirfilter>}, in order (empty: no filter)
 * @param hostdevs    host devices given to the guest
 * @param inputs      input devices (tablet, mouse, keyboard, passthrough, evdev)
 * @param sounds      sound cards
 * @param audios      audio backends
 * @param videos      video adapters
 * @param auxiliary   parallel ports, channels, RNGs, balloon, watchdogs, panic notifiers, vsock
 *                    ({@link AuxiliaryDevices#NONE} when none; {@code null} reads as that)
 * @param smartcards  smartcard readers
 */
public record DomainDevices(String emulator, List<DiskDevice> disks, List<FilesystemDevice> filesystems,
        List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles,
        List<GraphicsDevice> graphics, List<ControllerDevice> controllers, List<LeaseDevice> leases,
        List<HubDevice> hubs, List<RedirDevice> redirdevs, List<RedirFilterRule> redirFilter,
        List<HostdevDevice> hostdevs, List<InputDevice> inputs, List<SoundDevice> sounds,
        List<AudioBackend> audios, List<VideoDevice> videos, AuxiliaryDevices auxiliary,
        List<SmartcardDevice> smartcards) {

    /** Devices without smartcards (the form before they were modelled). */
    public DomainDevices(String emulator, List<DiskDevice> disks, List<FilesystemDevice> filesystems,
            List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles,
            List<GraphicsDevice> graphics, List<ControllerDevice> controllers, List<LeaseDevice> leases,
            List<HubDevice> hubs, List<RedirDevice> redirdevs, List<RedirFilterRule> redirFilter,
            List<HostdevDevice> hostdevs, List<InputDevice> inputs, List<SoundDevice> sounds,
            List<AudioBackend> audios, List<VideoDevice> videos, AuxiliaryDevices auxiliary) {
        this(emulator, disks, filesystems, interfaces, serials, consoles, graphics, controllers, leases, hubs,
                redirdevs, redirFilter, hostdevs, inputs, sounds, audios, videos, auxiliary, List.of());
    }

    /** No devices at all. */
    public static final DomainDevices NONE = new DomainDevices(null, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    /** Devices of the families modelled up to controllers (the form before the other families were). */
    public DomainDevices(String emulator, List<DiskDevice> disks, List<FilesystemDevice> filesystems,
            List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles,
            List<GraphicsDevice> graphics, List<ControllerDevice> controllers) {
        this(emulator, disks, filesystems, interfaces, serials, consoles, graphics, controllers, List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                AuxiliaryDevices.NONE, List.of());
    }

    /** Devices without controllers (the form before controllers were modelled). */
    public DomainDevices(String emulator, List<DiskDevice> disks, List<FilesystemDevice> filesystems,
            List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles,
            List<GraphicsDevice> graphics) {
        this(emulator, disks, filesystems, interfaces, serials, consoles, graphics, List.of());
    }

    public DomainDevices {
        disks = List.copyOf(disks);
        filesystems = List.copyOf(filesystems);
        interfaces = List.copyOf(interfaces);
        serials = List.copyOf(serials);
        consoles = List.copyOf(consoles);
        graphics = List.copyOf(graphics);
        controllers = controllers == null ? List.of() : List.copyOf(controllers);
        leases = leases == null ? List.of() : List.copyOf(leases);
        hubs = hubs == null ? List.of() : List.copyOf(hubs);
        redirdevs = redirdevs == null ? List.of() : List.copyOf(redirdevs);
        redirFilter = redirFilter == null ? List.of() : List.copyOf(redirFilter);
        hostdevs = hostdevs == null ? List.of() : List.copyOf(hostdevs);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        sounds = sounds == null ? List.of() : List.copyOf(sounds);
        audios = audios == null ? List.of() : List.copyOf(audios);
        videos = videos == null ? List.of() : List.copyOf(videos);
        auxiliary = AuxiliaryDevices.orNone(auxiliary);
        smartcards = smartcards == null ? List.of() : List.copyOf(smartcards);
        List<DeviceInfo> infos = infosOf(disks, filesystems, interfaces, serials, consoles);
        infos.addAll(0, auxiliary.infos()); // before the console too
        controllers.forEach(c -> infos.add(0, c.info())); // before the console, whose position the check uses
        hubs.forEach(h -> infos.add(0, h.info()));
        redirdevs.forEach(r -> infos.add(0, r.info()));
        hostdevs.forEach(h -> infos.add(0, h.info()));
        smartcards.forEach(c -> infos.add(0, c.info()));
        infos.addAll(0, displayInfos(inputs, sounds, videos));
        checkUserAliases(serials, consoles, infos);
    }

    /**
     * User aliases name one device each (libvirt checks only those: driver aliases are the driver's
     * business). The first console of a virtual machine is the first serial port under another name, so it
     * may carry the serial's alias.
     */
    private static void checkUserAliases(List<CharDevice> serials, List<CharDevice> consoles, List<DeviceInfo> infos) {
        Set<String> seen = new HashSet<>();
        int consoleMirror = !serials.isEmpty() && !consoles.isEmpty() && consoles.get(0).alias() != null
                && consoles.get(0).alias().equals(serials.get(0).alias()) ? infos.size() - consoles.size() : -1;
        for (int n = 0; n < infos.size(); n++) {
            DeviceInfo info = infos.get(n);
            if (n != consoleMirror && info.hasUserAlias() && !seen.add(info.alias())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "non unique alias detected: " + info.alias());
            }
        }
    }

    private static List<DeviceInfo> infosOf(List<DiskDevice> disks, List<FilesystemDevice> filesystems,
            List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles) {
        List<DeviceInfo> infos = new ArrayList<>();
        disks.forEach(d -> infos.add(d.info()));
        filesystems.forEach(f -> infos.add(f.info()));
        interfaces.forEach(i -> infos.add(i.info()));
        serials.forEach(s -> infos.add(s.info()));
        consoles.forEach(c -> infos.add(c.info()));
        return infos;
    }

    private static List<DeviceInfo> displayInfos(List<InputDevice> inputs, List<SoundDevice> sounds,
            List<VideoDevice> videos) {
        List<DeviceInfo> infos = new ArrayList<>();
        inputs.forEach(i -> infos.add(i.info()));
        sounds.forEach(s -> infos.add(s.info()));
        videos.forEach(v -> infos.add(v.info()));
        return infos;
    }

    /** Every device's alias (user and driver aliases), in document order. */
    public Set<String> aliases() {
        Set<String> aliases = new LinkedHashSet<>();
        List<DeviceInfo> infos = infosOf(disks, filesystems, interfaces, serials, consoles);
        controllers.forEach(c -> infos.add(c.info()));
        hubs.forEach(h -> infos.add(h.info()));
        redirdevs.forEach(r -> infos.add(r.info()));
        hostdevs.forEach(h -> infos.add(h.info()));
        infos.addAll(displayInfos(inputs, sounds, videos));
        infos.addAll(auxiliary.infos());
        smartcards.forEach(c -> infos.add(c.info()));
        for (DeviceInfo info : infos) {
            if (info.alias() != null) {
                aliases.add(info.alias());
            }
        }
        return aliases;
    }

    /** The disk with this alias, if any. */
    public Optional<DiskDevice> diskByAlias(String alias) {
        return disks.stream().filter(d -> alias.equals(d.alias())).findFirst();
    }

    /** The interface with this alias, if any: hot-unplug finds a NIC by its alias, never by its position. */
    public Optional<InterfaceDevice> interfaceByAlias(String alias) {
        return interfaces.stream().filter(i -> alias.equals(i.alias())).findFirst();
    }

    /** The filesystem with this alias, if any. */
    public Optional<FilesystemDevice> filesystemByAlias(String alias) {
        return filesystems.stream().filter(f -> alias.equals(f.alias())).findFirst();
    }

    /** The serial port or console with this alias, if any (serials first). */
    public Optional<CharDevice> charDeviceByAlias(String alias) {
        return java.util.stream.Stream.concat(serials.stream(), consoles.stream())
                .filter(c -> alias.equals(c.alias())).findFirst();
    }

    /** Whether there is nothing to write inside {@code <devices>}. */
    public boolean isEmpty() {
        return emulator == null && disks.isEmpty() && filesystems.isEmpty() && interfaces.isEmpty()
                && serials.isEmpty() && consoles.isEmpty() && graphics.isEmpty() && controllers.isEmpty()
                && leases.isEmpty() && hubs.isEmpty() && redirdevs.isEmpty() && redirFilter.isEmpty()
                && hostdevs.isEmpty() && inputs.isEmpty() && sounds.isEmpty() && audios.isEmpty() && videos.isEmpty()
                && auxiliary.isEmpty() && smartcards.isEmpty();
    }

    /** A builder with no devices. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.emulator = emulator;
        b.disks = new ArrayList<>(disks);
        b.filesystems = new ArrayList<>(filesystems);
        b.interfaces = new ArrayList<>(interfaces);
        b.serials = new ArrayList<>(serials);
        b.consoles = new ArrayList<>(consoles);
        b.graphics = new ArrayList<>(graphics);
        b.controllers = new ArrayList<>(controllers);
        b.leases = new ArrayList<>(leases);
        b.hubs = new ArrayList<>(hubs);
        b.redirdevs = new ArrayList<>(redirdevs);
        b.redirFilter = new ArrayList<>(redirFilter);
        b.hostdevs = new ArrayList<>(hostdevs);
        b.inputs = new ArrayList<>(inputs);
        b.sounds = new ArrayList<>(sounds);
        b.audios = new ArrayList<>(audios);
        b.videos = new ArrayList<>(videos);
        b.auxiliary = auxiliary;
        b.smartcards = new ArrayList<>(smartcards);
        return b;
    }

    /** Builds a {@link DomainDevices} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private String emulator;
        private List<DiskDevice> disks = new ArrayList<>();
        private List<FilesystemDevice> filesystems = new ArrayList<>();
        private List<InterfaceDevice> interfaces = new ArrayList<>();
        private List<CharDevice> serials = new ArrayList<>();
        private List<CharDevice> consoles = new ArrayList<>();
        private List<GraphicsDevice> graphics = new ArrayList<>();
        private List<ControllerDevice> controllers = new ArrayList<>();
        private List<LeaseDevice> leases = new ArrayList<>();
        private List<HubDevice> hubs = new ArrayList<>();
        private List<RedirDevice> redirdevs = new ArrayList<>();
        private List<RedirFilterRule> redirFilter = new ArrayList<>();
        private List<HostdevDevice> hostdevs = new ArrayList<>();
        private List<InputDevice> inputs = new ArrayList<>();
        private List<SoundDevice> sounds = new ArrayList<>();
        private List<AudioBackend> audios = new ArrayList<>();
        private List<VideoDevice> videos = new ArrayList<>();
        private AuxiliaryDevices auxiliary = AuxiliaryDevices.NONE;
        private List<SmartcardDevice> smartcards = new ArrayList<>();

        private Builder() {
        }

        public Builder emulator(String value) {
            this.emulator = value;
            return this;
        }

        public Builder disks(List<DiskDevice> value) {
            this.disks = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code disks}. */
        public Builder disk(DiskDevice value) {
            this.disks.add(value);
            return this;
        }

        public Builder filesystems(List<FilesystemDevice> value) {
            this.filesystems = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code filesystems}. */
        public Builder filesystem(FilesystemDevice value) {
            this.filesystems.add(value);
            return this;
        }

        public Builder interfaces(List<InterfaceDevice> value) {
            this.interfaces = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code interfaces} ({@code interface} is a Java keyword). */
        public Builder nic(InterfaceDevice value) {
            this.interfaces.add(value);
            return this;
        }

        public Builder serials(List<CharDevice> value) {
            this.serials = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code serials}. */
        public Builder serial(CharDevice value) {
            this.serials.add(value);
            return this;
        }

        public Builder consoles(List<CharDevice> value) {
            this.consoles = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code consoles}. */
        public Builder console(CharDevice value) {
            this.consoles.add(value);
            return this;
        }

        public Builder graphics(List<GraphicsDevice> value) {
            this.graphics = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code graphics}. */
        public Builder graphic(GraphicsDevice value) {
            this.graphics.add(value);
            return this;
        }

        public Builder controllers(List<ControllerDevice> value) {
            this.controllers = new ArrayList<>(value);
            return this;
        }

        public Builder auxiliary(AuxiliaryDevices value) {
            this.auxiliary = value;
            return this;
        }

        public Builder leases(List<LeaseDevice> value) {
            this.leases = new ArrayList<>(value);
            return this;
        }

        public Builder hubs(List<HubDevice> value) {
            this.hubs = new ArrayList<>(value);
            return this;
        }

        public Builder redirdevs(List<RedirDevice> value) {
            this.redirdevs = new ArrayList<>(value);
            return this;
        }

        public Builder redirFilter(List<RedirFilterRule> value) {
            this.redirFilter = new ArrayList<>(value);
            return this;
        }

        public Builder hostdevs(List<HostdevDevice> value) {
            this.hostdevs = new ArrayList<>(value);
            return this;
        }

        public Builder inputs(List<InputDevice> value) {
            this.inputs = new ArrayList<>(value);
            return this;
        }

        public Builder sounds(List<SoundDevice> value) {
            this.sounds = new ArrayList<>(value);
            return this;
        }

        public Builder audios(List<AudioBackend> value) {
            this.audios = new ArrayList<>(value);
            return this;
        }

        public Builder videos(List<VideoDevice> value) {
            this.videos = new ArrayList<>(value);
            return this;
        }

        public Builder smartcards(List<SmartcardDevice> value) {
            this.smartcards = new ArrayList<>(value);
            return this;
        }

        public DomainDevices build() {
            return new DomainDevices(emulator, disks, filesystems, interfaces, serials, consoles, graphics,
                    controllers, leases, hubs, redirdevs, redirFilter, hostdevs, inputs, sounds, audios, videos,
                    auxiliary, smartcards);
        }
    }
}
