package io.virtkit.test.internal;

import java.util.List;

/**
 * The {@code <capabilities>} of the fake host: an i686 machine offering {@code hvm} and {@code xen}
 * guests of domain type {@code test}, with the NUMA cells it was given (test:///default has two; a
 * node file none), laid out as libvirt lays out capabilities.
 */
final class TestCapabilities {
    private TestCapabilities() {
    }

    /** One NUMA cell: its memory, the host CPUs it holds (one core each) and its small-page size. */
    record Cell(int id, long memoryKiB, int firstCpu, int cpus, int socket, int pageSizeKiB) {
    }

    static final String ARCH = "i686";
    static final String EMULATOR = "/usr/bin/test-hv";
    private static final int[] PAGE_SIZES_KIB = {4, 8, 2048, 1048576};

    /** The two cells of test:///default: 8 CPUs each, 2 GiB on socket 0 and 4 GiB on socket 1. */
    static List<Cell> defaultCells() {
        return List.of(new Cell(0, 2097152, 0, 8, 0, 4), new Cell(1, 4194304, 8, 8, 1, 8));
    }

    static String format(List<Cell> cells) {
        StringBuilder b = new StringBuilder();
        b.append("<capabilities>\n\n");
        b.append("  <host>\n");
        b.append("    <cpu>\n");
        b.append("      <arch>").append(ARCH).append("</arch>\n");
        b.append("      <features>\n        <pae/>\n        <nonpae/>\n      </features>\n");
        for (int size : PAGE_SIZES_KIB) {
            b.append("      <pages unit='KiB' size='").append(size).append("'/>\n");
        }
        b.append("    </cpu>\n");
        b.append("    <power_management/>\n");
        b.append("    <iommu support='no'/>\n");
        b.append("    <topology>\n");
        b.append("      <cells num='").append(cells.size()).append("'>\n");
        for (Cell c : cells) {
            b.append("        <cell id='").append(c.id()).append("'>\n");
            b.append("          <memory unit='KiB'>").append(c.memoryKiB()).append("</memory>\n");
            b.append("          <pages unit='KiB' size='").append(c.pageSizeKiB()).append("'>")
                    .append(c.memoryKiB() / c.pageSizeKiB()).append("</pages>\n");
            b.append("          <pages unit='KiB' size='2048'>0</pages>\n");
            b.append("          <pages unit='KiB' size='1048576'>0</pages>\n");
            b.append("          <cpus num='").append(c.cpus()).append("'>\n");
            for (int i = 0; i < c.cpus(); i++) {
                int cpu = c.firstCpu() + i;
                b.append("            <cpu id='").append(cpu).append("' socket_id='").append(c.socket())
                        .append("' die_id='0' core_id='").append(i).append("' siblings='").append(cpu)
                        .append("'/>\n");
            }
            b.append("          </cpus>\n");
            b.append("        </cell>\n");
        }
        b.append("      </cells>\n");
        b.append("    </topology>\n");
        b.append("    <secmodel>\n      <model>testSecurity</model>\n      <doi></doi>\n    </secmodel>\n");
        b.append("  </host>\n\n");
        for (String osType : List.of("hvm", "xen")) {
            b.append("  <guest>\n");
            b.append("    <os_type>").append(osType).append("</os_type>\n");
            b.append("    <arch name='").append(ARCH).append("'>\n");
            b.append("      <wordsize>32</wordsize>\n");
            b.append("      <emulator>").append(EMULATOR).append("</emulator>\n");
            b.append("      <domain type='test'/>\n");
            b.append("    </arch>\n");
            b.append("    <features>\n      <pae/>\n      <nonpae/>\n    </features>\n");
            b.append("  </guest>\n\n");
        }
        b.append("</capabilities>\n");
        return b.toString();
    }
}
