package io.virtkit.model.domain;

import java.util.List;

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
 */
public record DomainDevices(String emulator, List<DiskDevice> disks, List<FilesystemDevice> filesystems,
        List<InterfaceDevice> interfaces, List<CharDevice> serials, List<CharDevice> consoles,
        List<GraphicsDevice> graphics) {

    /** No devices at all. */
    public static final DomainDevices NONE =
            new DomainDevices(null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public DomainDevices {
        disks = List.copyOf(disks);
        filesystems = List.copyOf(filesystems);
        interfaces = List.copyOf(interfaces);
        serials = List.copyOf(serials);
        consoles = List.copyOf(consoles);
        graphics = List.copyOf(graphics);
    }

    /** Whether there is nothing to write inside {@code <devices>}. */
    public boolean isEmpty() {
        return emulator == null && disks.isEmpty() && filesystems.isEmpty() && interfaces.isEmpty()
                && serials.isEmpty() && consoles.isEmpty() && graphics.isEmpty();
    }
}
