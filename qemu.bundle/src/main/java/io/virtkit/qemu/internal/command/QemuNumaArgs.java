package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;

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
    static List<DomainElement> cells(DomainDefinition def) {
        DomainElement cpu = def.element("cpu");
        DomainElement numa = cpu == null ? null : cpu.child("numa");
        return numa == null ? List.of() : numa.children("cell");
    }

    /** Refuses what of the cells this driver cannot run (called from {@link QemuCpuArgs#check}). */
    static void check(DomainDefinition def, DomainElement numa) {
        if (numa.child("interconnects") != null) {
            throw QemuTopLevelSupport.notSupported("NUMA interconnects (HMAT)", null);
        }
        long total = 0;
        for (DomainElement cell : numa.children("cell")) {
            if (cell.child("cache") != null) {
                throw QemuTopLevelSupport.notSupported("NUMA cell caches (HMAT)", null);
            }
            if (cell.attr("discard") != null) {
                throw QemuTopLevelSupport.notSupported("NUMA cell discard", null);
            }
            String cpus = cell.attr("cpus");
            if (cpus != null && !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
                throw unsupported("invalid NUMA cell cpus '" + cpus + "'");
            }
            String id = cell.attr("id");
            if (id != null && !id.strip().matches("[0-9]{1,4}")) {
                throw unsupported("invalid NUMA cell id '" + id + "'");
            }
            total += memoryKiB(cell);
        }
        if (total != def.memoryKiB()) {
            throw unsupported("the NUMA cells' memory (" + total + " KiB) is not the domain's <memory> ("
                    + def.memoryKiB() + " KiB)");
        }
    }

    private static long memoryKiB(DomainElement cell) {
        return DomainXmlCodec.scaleToKiB(Long.parseLong(cell.attr("memory").strip()),
                cell.attr("unit") == null ? "KiB" : cell.attr("unit"));
    }

    /** A cell's id as a number (it lands in option strings), its position without one. */
    private static String cellId(DomainElement cell, int position) {
        return Integer.toString(cell.attr("id") == null ? position : Integer.parseInt(cell.attr("id").strip()));
    }

    /** The backends and {@code -numa} options, after {@code -smp}. */
    static void add(QemuArgv a) {
        List<DomainElement> cells = cells(a.def);
        if (cells.isEmpty()) {
            return;
        }
        DomainTuning.MemoryBacking mb = QemuTopLevelArgs.memoryBacking(a.def);
        boolean memfd = mb != null && "memfd".equals(mb.sourceType());
        for (int i = 0; i < cells.size(); i++) {
            DomainElement cell = cells.get(i);
            String id = cellId(cell, i);
            StringBuilder backend = new StringBuilder(memfd ? "memory-backend-memfd" : "memory-backend-ram")
                    .append(",id=ram-node").append(id).append(",size=").append(memoryKiB(cell)).append('k');
            String share = cell.attr("memAccess") != null ? cell.attr("memAccess")
                    : mb == null ? null : mb.accessMode();
            if (share != null) {
                backend.append(",share=").append(share.equals("shared") ? "on" : "off");
            }
            if (mb != null && "immediate".equals(mb.allocationMode())) {
                backend.append(",prealloc=on");
            }
            a.add("-object", backend.toString());
            StringBuilder node = new StringBuilder("node,nodeid=").append(id);
            if (cell.attr("cpus") != null) {
                for (String range : cell.attr("cpus").split(",")) {
                    node.append(",cpus=").append(range);
                }
            }
            node.append(",memdev=ram-node").append(id);
            a.add("-numa", node.toString());
        }
        for (int i = 0; i < cells.size(); i++) {
            DomainElement cell = cells.get(i);
            DomainElement distances = cell.child("distances");
            if (distances == null) {
                continue;
            }
            String src = cellId(cell, i);
            for (DomainElement sibling : distances.children("sibling")) {
                a.add("-numa", "dist,src=" + src + ",dst=" + Integer.parseInt(sibling.attr("id").strip()) + ",val="
                        + Integer.parseInt(sibling.attr("value").strip()));
            }
        }
    }
}
