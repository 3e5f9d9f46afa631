package io.virtkit.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The devices of a domain beyond disks, NICs, serials, consoles, graphics and controllers, each kind in
 * document order: parallel ports, channels, random number generators, the memory balloon, watchdogs, panic
 * notifiers, the vsock, TPMs, shared memory, the IOMMU, the NVRAM device and memory devices. Kept in one record so
 * {@link DomainDevices} grows by one component for them.
 *
 * @param parallels  {@code <parallel>} ports
 * @param channels   {@code <channel>}s (guest agent, spice agent, guestfwd …)
 * @param rngs       {@code <rng>}s
 * @param memballoon the {@code <memballoon>}, or {@code null} when the XML has none
 * @param watchdogs  {@code <watchdog>}s
 * @param panics     {@code <panic>}s
 * @param vsock      the {@code <vsock>}, or {@code null}
 * @param tpms       {@code <tpm>}s
 * @param shmems     {@code <shmem>}s
 * @param iommu      the {@code <iommu>}, or {@code null}
 * @param nvram      the {@code <nvram>} device's alias and address, or {@code null} when there is none
 * @param memories   {@code <memory>} devices
 */
public record AuxiliaryDevices(List<CharDevice> parallels, List<CharDevice> channels, List<RngDevice> rngs,
        MemballoonDevice memballoon, List<WatchdogDevice> watchdogs, List<PanicDevice> panics, VsockDevice vsock,
        List<TpmDevice> tpms, List<ShmemDevice> shmems, IommuDevice iommu, DeviceInfo nvram,
        List<MemoryDevice> memories) {

    /** None of them. */
    public static final AuxiliaryDevices NONE =
            new AuxiliaryDevices(List.of(), List.of(), List.of(), null, List.of(), List.of(), null,
                    List.of(), List.of(), null, null, List.of());

    public AuxiliaryDevices {
        parallels = List.copyOf(parallels);
        channels = List.copyOf(channels);
        rngs = List.copyOf(rngs);
        watchdogs = List.copyOf(watchdogs);
        panics = List.copyOf(panics);
        tpms = List.copyOf(tpms);
        shmems = List.copyOf(shmems);
        memories = List.copyOf(memories);
    }

    /** {@code null} reads as {@link #NONE}. */
    public static AuxiliaryDevices orNone(AuxiliaryDevices devices) {
        return devices == null ? NONE : devices;
    }

    /** Whether there is none of them. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Every one's alias and address, in libvirt's order of families. */
    public List<DeviceInfo> infos() {
        List<DeviceInfo> infos = new ArrayList<>();
        parallels.forEach(d -> infos.add(d.info()));
        channels.forEach(d -> infos.add(d.info()));
        tpms.forEach(d -> infos.add(d.info()));
        watchdogs.forEach(d -> infos.add(d.info()));
        Stream.ofNullable(memballoon).forEach(d -> infos.add(d.info()));
        rngs.forEach(d -> infos.add(d.info()));
        Stream.ofNullable(nvram).forEach(infos::add);
        panics.forEach(d -> infos.add(d.info()));
        shmems.forEach(d -> infos.add(d.info()));
        memories.forEach(d -> infos.add(d.info()));
        Stream.ofNullable(iommu).forEach(d -> infos.add(d.info()));
        Stream.ofNullable(vsock).forEach(d -> infos.add(d.info()));
        return infos;
    }

    public AuxiliaryDevices withParallels(List<CharDevice> value) {
        return new AuxiliaryDevices(value, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withChannels(List<CharDevice> value) {
        return new AuxiliaryDevices(parallels, value, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withRngs(List<RngDevice> value) {
        return new AuxiliaryDevices(parallels, channels, value, memballoon, watchdogs, panics, vsock, tpms, shmems,
                iommu, nvram, memories);
    }

    public AuxiliaryDevices withMemballoon(MemballoonDevice value) {
        return new AuxiliaryDevices(parallels, channels, rngs, value, watchdogs, panics, vsock, tpms, shmems, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withWatchdogs(List<WatchdogDevice> value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, value, panics, vsock, tpms, shmems, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withPanics(List<PanicDevice> value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, value, vsock, tpms, shmems, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withVsock(VsockDevice value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, value, tpms, shmems,
                iommu, nvram, memories);
    }

    public AuxiliaryDevices withTpms(List<TpmDevice> value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, value, shmems,
                iommu, nvram, memories);
    }

    public AuxiliaryDevices withShmems(List<ShmemDevice> value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, value, iommu,
                nvram, memories);
    }

    public AuxiliaryDevices withIommu(IommuDevice value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems,
                value, nvram, memories);
    }

    public AuxiliaryDevices withNvram(DeviceInfo value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems,
                iommu, value, memories);
    }

    public AuxiliaryDevices withMemories(List<MemoryDevice> value) {
        return new AuxiliaryDevices(parallels, channels, rngs, memballoon, watchdogs, panics, vsock, tpms, shmems,
                iommu, nvram, value);
    }
}
