package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;

import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * Guest NUMA ({@code <cpu><numa>}): a RAM backend per cell ({@code ram-nodeN}) and {@code -numa node} with
 * its CPUs, then {@code -numa dist} for the distances, as libvirt passes them. The cells' memory must add up
 * to {@code <memory>}; HMAT caches and interconnects are refused.
 */
final class QemuNumaArgs {

    private QemuNumaArgs() {
    }

    /** The cells of {@code <cpu><numa>}, empty without. */
    static List<DomainCpu.Cell> cells(DomainDefinition def) {
        return def.cpu() == null ? List.of() : def.cpu().cells();
    }

    /** Refuses what of the cells this driver cannot run (called from {@link QemuCpuArgs#check}). */
    static void check(DomainDefinition def, DomainCpu.Numa numa) {
        if (!numa.interconnects().isEmpty()) {
            throw QemuTopLevelSupport.notSupported("NUMA interconnects (HMAT)", null);
        }
        long total = 0;
        for (DomainCpu.Cell cell : numa.cells()) {
            if (!cell.caches().isEmpty()) {
                throw QemuTopLevelSupport.notSupported("NUMA cell caches (HMAT)", null);
            }
            if (cell.discard() != null) {
                throw QemuTopLevelSupport.notSupported("NUMA cell discard", null);
            }
            String cpus = cell.cpus();
            if (cpus != null && !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
                throw unsupported("invalid NUMA cell cpus '" + cpus + "'");
            }
            if (cell.id() != null && cell.id() > 9999) {
                throw unsupported("invalid NUMA cell id '" + cell.id() + "'");
            }
            total += cell.memoryKiB();
        }
        if (total != def.memoryKiB()) {
            throw unsupported("the NUMA cells' memory (" + total + " KiB) is not the domain's <memory> ("
                    + def.memoryKiB() + " KiB)");
        }
    }

    /** A cell's id (it lands in option strings), its position without one. */
    private static String cellId(DomainCpu.Cell cell, int position) {
        return Integer.toString(cell.id() == null ? position : cell.id());
    }

    /** The backends and {@code -numa} options, after {@code -smp}. */
    static void add(QemuArgv a) {
        List<DomainCpu.Cell> cells = cells(a.def);
        if (cells.isEmpty()) {
            return;
        }
        DomainTuning.MemoryBacking mb = QemuTopLevelArgs.memoryBacking(a.def);
        boolean memfd = mb != null && "memfd".equals(mb.sourceType());
        for (int i = 0; i < cells.size(); i++) {
            DomainCpu.Cell cell = cells.get(i);
            String id = cellId(cell, i);
            StringBuilder backend = new StringBuilder(memfd ? "memory-backend-memfd" : "memory-backend-ram")
                    .append(",id=ram-node").append(id).append(",size=").append(cell.memoryKiB()).append('k');
            String share = cell.memAccess() != null ? cell.memAccess()
                    : mb == null ? null : mb.accessMode();
            if (share != null) {
                backend.append(",share=").append(share.equals("shared") ? "on" : "off");
            }
            if (mb != null && "immediate".equals(mb.allocationMode())) {
                backend.append(",prealloc=on");
            }
            a.add("-object", backend.toString());
            StringBuilder node = new StringBuilder("node,nodeid=").append(id);
            if (cell.cpus() != null) {
                for (String range : cell.cpus().split(",")) {
                    node.append(",cpus=").append(range);
                }
            }
            node.append(",memdev=ram-node").append(id);
            a.add("-numa", node.toString());
        }
        for (int i = 0; i < cells.size(); i++) {
            DomainCpu.Cell cell = cells.get(i);
            String src = cellId(cell, i);
            for (DomainCpu.Sibling sibling : cell.distances()) {
                a.add("-numa", "dist,src=" + src + ",dst=" + sibling.id() + ",val=" + sibling.value());
            }
        }
    }
}
