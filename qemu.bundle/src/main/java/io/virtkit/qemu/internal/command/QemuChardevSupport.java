package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.model.domain.PanicDevice;
import io.virtkit.model.domain.RngDevice;
import io.virtkit.model.domain.SourceSeclabel;
import io.virtkit.model.domain.WatchdogDevice;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What of the character devices and the auxiliary devices the QEMU driver cannot run, refused at start with
 * CONFIG_UNSUPPORTED before any argv is made. Runs: host sides null, pty, file, dev, pipe, unix, tcp (raw or
 * telnet, no TLS), udp, qemu-vdagent, and spicevmc with SPICE graphics; virtio channels; the virtio balloon (or
 * none); RNGs; watchdogs i6300esb and ib700; the ISA panic notifier. Refused: other host sides and channel
 * targets, TLS, source security labels other than {@code relabel='no'}, the target model of a console or
 * parallel port, balloon statistics, vsock, TPM, shmem, IOMMU, memory devices and the nvram device.
 */
final class QemuChardevSupport {

    private static final Set<CharDevice.Type> HOST_SIDES = Set.of(CharDevice.Type.NULL, CharDevice.Type.PTY,
            CharDevice.Type.FILE, CharDevice.Type.DEV, CharDevice.Type.PIPE, CharDevice.Type.UNIX,
            CharDevice.Type.TCP, CharDevice.Type.UDP, CharDevice.Type.QEMU_VDAGENT, CharDevice.Type.SPICEVMC);

    private QemuChardevSupport() {
    }

    static void check(DomainDefinition def) {
        AuxiliaryDevices aux = def.devices().auxiliary();
        boolean spice = def.devices().graphics().stream().anyMatch(g -> g.type().xmlName().equals("spice"));
        Stream.of(def.devices().serials(), def.devices().consoles(), aux.parallels(), aux.channels())
                .flatMap(List::stream).forEach(c -> hostSide(c, spice));
        Stream.of(def.devices().consoles(), aux.parallels()).flatMap(List::stream)
                .filter(c -> c.targetModel() != null).findFirst().ifPresent(c -> {
                    throw unsupported("target model '" + c.targetModel()
                            + "' of a console or parallel port is not supported by the QEMU driver");
                });
        for (CharDevice c : aux.channels()) {
            if (!"virtio".equals(c.targetType())) {
                throw unsupported("channel target type '" + c.targetType() + "' is not supported by the QEMU driver");
            }
        }
        for (RngDevice r : aux.rngs()) {
            if (r.egdSource() != null) {
                hostSide(r.egdSource(), spice);
            }
        }
        MemballoonDevice balloon = aux.memballoon();
        if (balloon != null && balloon.model().equals("xen")) {
            throw unsupported("Memory balloon device type 'xen' is not supported by this version of qemu");
        }
        if (balloon != null && balloon.statsPeriod() != null) {
            throw unsupported("memory balloon statistics period is not supported yet by the QEMU driver");
        }
        if (aux.watchdogs().size() > 1) {
            throw unsupported("only one watchdog device is supported by the QEMU driver");
        }
        for (WatchdogDevice w : aux.watchdogs()) {
            if (!w.model().equals("i6300esb") && !w.model().equals("ib700")) {
                throw unsupported("watchdog model '" + w.model() + "' is not supported by the QEMU driver");
            }
            if (w.action().equals("dump")) {
                throw unsupported("watchdog action 'dump' is not supported by the QEMU driver");
            }
        }
        for (PanicDevice p : aux.panics()) {
            if (p.model() != null && !p.model().equals("isa")) {
                throw unsupported("panic model '" + p.model() + "' is not supported by the QEMU driver");
            }
        }
        if (aux.panics().size() > 1) {
            throw unsupported("only one panic device is supported by the QEMU driver");
        }
        if (aux.vsock() != null) {
            throw unsupported("vsock devices are not supported yet by the QEMU driver");
        }
        if (!aux.tpms().isEmpty()) {
            throw unsupported("TPM devices are not supported yet by the QEMU driver");
        }
        if (!aux.shmems().isEmpty()) {
            throw unsupported("shmem devices are not supported yet by the QEMU driver");
        }
        if (aux.iommu() != null) {
            throw unsupported("IOMMU devices are not supported yet by the QEMU driver");
        }
        if (!aux.memories().isEmpty()) {
            throw unsupported("memory devices are not supported yet by the QEMU driver");
        }
        if (aux.nvram() != null) {
            throw unsupported("nvram device is only supported for PPC64");
        }
    }

    private static void hostSide(CharDevice c, boolean spice) {
        if (!HOST_SIDES.contains(c.type())) {
            throw unsupported("character device type '" + c.type().xmlName() + "' is not supported by the QEMU driver");
        }
        if (c.type() == CharDevice.Type.SPICEVMC && !spice) {
            throw unsupported("spicevmc character device requires SPICE graphics");
        }
        if ("yes".equals(c.tls()) || "telnets".equals(c.protocol()) || "tls".equals(c.protocol())) {
            throw unsupported("TLS for TCP character devices is not supported yet by the QEMU driver");
        }
        if (c.reconnect() != null && c.reconnect().enabled() && "bind".equals(c.sourceMode())) {
            throw unsupported("chardev reconnect is possible only for connect mode");
        }
        seclabels(c);
    }

    /**
     * Refuses a source's security label the driver would have to apply: it relabels nothing, so only
     * {@code relabel='no'} is what it does anyway.
     */
    static void seclabels(CharDevice c) {
        for (SourceSeclabel l : c.seclabels()) {
            if (!Boolean.FALSE.equals(l.relabel())) {
                throw unsupported("security label of a character device source (model '" + l.model()
                        + "') is not supported by the QEMU driver; only relabel='no' is");
            }
        }
    }
}
