package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.DomainCpu;
import java.util.ArrayList;
import java.util.List;

/**
 * xl's virtual NUMA nodes with libvirt's rules (xenParseXLVnuma, xenFormatXLDomainVnuma):
 * {@code vnuma = [ [ "pnode=0", "size=MiB", "vcpus=0-1", "vdistances=10,20" ], … ]} as the guest CPU's NUMA
 * cells; libvirt checks the physical node numbers and distance counts against the number of nodes, and the vCPUs
 * against the maximum.
 */
final class XlVnuma {
    private XlVnuma() {
    }

    /** The cells, or {@code null} without {@code vnuma}. */
    static DomainCpu.Numa parse(XlConfig config, int maxVcpus) {
        if (!(config.get("vnuma") instanceof XlValue.XlList list)) {
            return null;
        }
        int nodes = 0;
        while (nodes < list.items().size() && list.items().get(nodes) instanceof XlValue.XlList) {
            nodes++;
        }
        List<DomainCpu.Cell> cells = new ArrayList<>();
        int vcpus = 0;
        for (int node = 0; node < list.items().size(); node++) {
            Integer pnode = null;
            String cpus = null;
            long sizeMiB = 0;
            List<DomainCpu.Sibling> distances = new ArrayList<>();
            if (list.items().get(node) instanceof XlValue.XlList vnode) {
                for (XlValue item : vnode.items()) {
                    if (!(item instanceof XlValue.Atom atom)) {
                        break;
                    }
                    String text = atom.text();
                    int equals = text.lastIndexOf('=');
                    if (equals < 0) {
                        throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.INTERNAL_ERROR,
                                "vnuma vnode invalid format '" + text + "'");
                    }
                    String data = text.substring(equals + 1);
                    if (data.isEmpty()) {
                        continue;
                    }
                    if (text.startsWith("pnode")) {
                        pnode = pnode(data, node, nodes);
                    } else if (text.startsWith("size")) {
                        sizeMiB = number(data, node);
                    } else if (text.startsWith("vcpus")) {
                        cpus = XlDomainParser.cpuset(data);
                        vcpus += count(cpus);
                    } else if (text.startsWith("vdistances")) {
                        String[] values = data.split(",");
                        if (values.length != nodes) {
                            throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONFIG_UNSUPPORTED, "vnuma pnode "
                                    + (pnode == null ? -1 : pnode) + " configured '" + text + "' (count "
                                    + values.length + ") doesn't fit the number of specified vnodes " + nodes);
                        }
                        for (int i = 0; i < values.length; i++) {
                            distances.add(new DomainCpu.Sibling(i, (int) number(values[i], node)));
                        }
                    } else {
                        throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONF_SYNTAX,
                                "Invalid vnuma configuration for vnode " + node);
                    }
                }
            }
            if (pnode == null || cpus == null || sizeMiB == 0) {
                throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONF_SYNTAX,
                        "Incomplete vnuma configuration for vnode " + node);
            }
            cells.add(new DomainCpu.Cell(node, cpus, sizeMiB * 1024, null, null, distances, List.of()));
        }
        if (maxVcpus < vcpus) {
            throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONFIG_UNSUPPORTED, "vnuma configuration contains "
                    + vcpus + " vcpus, which is greater than " + maxVcpus + " maxvcpus");
        }
        return new DomainCpu.Numa(cells, List.of());
    }

    private static int pnode(String data, int node, int nodes) {
        try {
            int cell = Integer.parseInt(data);
            if (cell >= 0 && cell < nodes) {
                return cell;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONFIG_UNSUPPORTED, "vnuma vnode " + node
                + " contains invalid pnode value '" + data + "'");
    }

    private static long number(String data, int node) {
        try {
            return Long.parseLong(data.strip());
        } catch (NumberFormatException e) {
            throw XlErrors.of(XlFormat.XL, io.virtkit.api.ErrorCode.CONF_SYNTAX,
                    "Invalid vnuma configuration for vnode " + node);
        }
    }

    private static int count(String cpuset) {
        int count = 0;
        for (String range : cpuset.split(",")) {
            int dash = range.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(range.substring(dash + 1)) - Integer.parseInt(range.substring(0,
                    dash)) + 1;
        }
        return count;
    }

    /** Writes the cells as {@code vnuma}, each cell's physical node its own number as libvirt does. */
    static void format(DomainCpu cpu, XlConfig out) {
        if (cpu == null || cpu.numa() == null || cpu.numa().cells().isEmpty()) {
            return;
        }
        List<DomainCpu.Cell> cells = cpu.numa().cells();
        List<XlValue> nodes = new ArrayList<>();
        for (int node = 0; node < cells.size(); node++) {
            DomainCpu.Cell cell = cells.get(node);
            StringBuilder distances = new StringBuilder("vdistances=");
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    distances.append(',');
                }
                distances.append(distance(cell, i));
            }
            nodes.add(XlValue.strings(List.of("pnode=" + node, "size=" + cell.memoryKiB() / 1024,
                    "vcpus=" + XlDomainParser.cpuset(cell.cpus()), distances.toString())));
        }
        out.set("vnuma", new XlValue.XlList(nodes));
    }

    /** A cell's distance to another; libvirt's defaults are 10 to itself and 20 to others. */
    private static int distance(DomainCpu.Cell cell, int other) {
        for (DomainCpu.Sibling sibling : cell.distances()) {
            if (sibling.id() == other) {
                return sibling.value();
            }
        }
        return cell.id() != null && cell.id() == other ? 10 : 20;
    }
}
