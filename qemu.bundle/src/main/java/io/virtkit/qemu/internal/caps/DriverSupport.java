package io.virtkit.qemu.internal.caps;

import java.util.Map;
import java.util.Set;

/**
 * What the Virtkit QEMU driver can actually run (its command line, {@code QemuCommandLine}), the one list the
 * domain capabilities are cut to: a value is reported only when it is here and the emulator has what it needs;
 * everything not here is reported {@code supported='no'}. Change this list with the command line.
 *
 * <p>Runs today: virt types qemu (TCG) and kvm (where the KVM probe passes); architectures x86_64 and i686;
 * every machine type of the emulator; CPU modes host-model and maximum ({@code -cpu max}, or {@code host}
 * under KVM) and host-passthrough under KVM only, custom CPU models ({@code -cpu MODEL}); iothreads; memory
 * backing with anonymous or memfd memory; the features vmcoreinfo and genid; disks and CD-ROMs on the buses
 * below; VNC and SPICE graphics; the video models below; virtio RNGs; pty, unix and spicevmc channels (spicevmc
 * with SPICE graphics); USB redirection ({@code usb-redir}). Not run, so reported {@code supported='no'}: firmware
 * loaders, host devices, filesystems, TPM, and the features backing store input, backup, SEV, SGX and Hyper-V
 * enlightenments.
 *
 * @param customCpuModels whether {@code <cpu mode='custom'><model>} is run
 * @param loader          whether {@code <os><loader>} (UEFI flash firmware) is run
 * <p>The maps' order does not matter: the XML lists values in libvirt's order.
 *
 * @param diskDevices     {@code <disk device>} values run, each with the QOM types it needs
 * @param diskBuses       {@code <target bus>} values run, each with the QOM types it needs
 * @param notOnQ35        buses that q35 machines do not get (their IDE is AHCI, reached as sata)
 * @param graphicsTypes   {@code <graphics type>} values run, each with the QOM types it needs
 * @param videoModels     {@code <video><model type>} values run, each with the QOM types it needs
 * @param chardev         the RNG models and backends and the channel types run (with their QOM types)
 */
record DriverSupport(boolean customCpuModels, boolean loader, Map<String, Set<String>> diskDevices,
        Map<String, Set<String>> diskBuses, Set<String> notOnQ35, Map<String, Set<String>> graphicsTypes,
        Map<String, Set<String>> videoModels, ChardevSupport chardev) {

    /**
     * What the driver runs of RNGs, channels and redirected USB devices (the devices a chardev feeds).
     *
     * @param rngModels     {@code <rng model>} values run, each with the QOM types it needs
     * @param rngBackends   {@code <backend model>} values run, each with the QOM types it needs
     * @param channelTypes  {@code <channel type>} values run, each with the QOM types it needs
     * @param redirdevBuses {@code <redirdev bus>} values run, each with the QOM types it needs
     */
    record ChardevSupport(Map<String, Set<String>> rngModels, Map<String, Set<String>> rngBackends,
            Map<String, Set<String>> channelTypes, Map<String, Set<String>> redirdevBuses) {

        /**
         * The Virtkit QEMU driver as it is: virtio RNGs of every backend; pty, unix and spicevmc channels; USB
         * redirection (QemuUsbDeviceArgs: over spicevmc, TCP or UNIX sockets).
         */
        static final ChardevSupport QEMU_DRIVER = new ChardevSupport(
                Map.of("virtio", Set.of("virtio-rng-pci"),
                        "virtio-transitional", Set.of("virtio-rng-pci-transitional"),
                        "virtio-non-transitional", Set.of("virtio-rng-pci-non-transitional")),
                Map.of("random", Set.of("rng-random"), "egd", Set.of("rng-egd"), "builtin", Set.of("rng-builtin")),
                Map.of("pty", Set.of("virtserialport", "chardev-pty"),
                        "unix", Set.of("virtserialport", "chardev-socket"),
                        "spicevmc", Set.of("virtserialport", "chardev-spicevmc")),
                Map.of("usb", Set.of("usb-redir")));
    }

    /** The virt types the driver runs, libvirt's names. */
    static final Set<String> VIRT_TYPES = Set.of("qemu", "kvm");

    /** The guest architectures the driver runs (with an x86_64 or i386 emulator). */
    static final Set<String> ARCHES = Set.of("x86_64", "i686");

    /** The Virtkit QEMU driver as it is. */
    static final DriverSupport QEMU_DRIVER = new DriverSupport(true, false,
            Map.of("disk", Set.of(), "cdrom", Set.of()),
            Map.of("ide", Set.of("ide-hd", "ide-cd"), "scsi", Set.of("virtio-scsi-pci", "scsi-hd", "scsi-cd"),
                    "virtio", Set.of("virtio-blk-pci"), "sata", Set.of("ich9-ahci", "ide-hd", "ide-cd")),
            Set.of("ide"),
            Map.of("vnc", Set.of("VGA"), "spice", Set.of()),
            Map.of("vga", Set.of("VGA"), "cirrus", Set.of("cirrus-vga"), "qxl", Set.of("qxl-vga", "qxl"),
                    "virtio", Set.of("virtio-vga", "virtio-gpu-pci"), "none", Set.of()),
            ChardevSupport.QEMU_DRIVER);

    DriverSupport {
        diskDevices = Map.copyOf(diskDevices);
        diskBuses = Map.copyOf(diskBuses);
        notOnQ35 = Set.copyOf(notOnQ35);
        graphicsTypes = Map.copyOf(graphicsTypes);
        videoModels = Map.copyOf(videoModels);
    }

    /** This list with custom CPU models run (for the day the command line passes them). */
    DriverSupport withCustomCpuModels() {
        return new DriverSupport(true, loader, diskDevices, diskBuses, notOnQ35, graphicsTypes, videoModels,
                chardev);
    }

    /** This list with firmware loaders run (for the day the command line passes pflash firmware). */
    DriverSupport withLoader() {
        return new DriverSupport(customCpuModels, true, diskDevices, diskBuses, notOnQ35, graphicsTypes,
                videoModels, chardev);
    }
}
