package io.virtkit.xen.internal;

import io.virtkit.api.NodeInfo;
import io.virtkit.xen.internal.toolstack.XlInfo;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/** The host's facts from {@code xl info}, as libvirt's libxl driver reports them. */
final class XenHostFacts {

    private final XlToolstack xl;
    private volatile XlInfo info;

    XenHostFacts(XlToolstack xl) {
        this.xl = xl;
    }

    /** {@code xl info}, read once per connection for what does not change (version, CPUs, capabilities). */
    XlInfo info() {
        XlInfo known = info;
        if (known == null) {
            known = xl.info();
            info = known;
        }
        return known;
    }

    long hypervisorVersion() {
        return info().hypervisorVersion();
    }

    String hostname() {
        return xl.info().get("host");
    }

    /** libvirt's nodeinfo: the model is the architecture's name, memory what Xen has (not dom0's share). */
    NodeInfo nodeInfo() {
        XlInfo now = xl.info();
        int cpus = (int) now.number("nr_cpus", 1);
        int nodes = (int) Math.max(1, now.number("nr_nodes", 1));
        int cores = (int) Math.max(1, now.number("cores_per_socket", 1));
        int threads = (int) Math.max(1, now.number("threads_per_core", 1));
        int sockets = Math.max(1, cpus / (cores * threads * nodes));
        int mhz = (int) Double.parseDouble(now.get("cpu_mhz").isEmpty() ? "0" : now.get("cpu_mhz"));
        return new NodeInfo(now.get("machine"), now.number("total_memory", 0) * 1024, cpus, mhz, nodes, sockets,
                cores, threads);
    }

    /** The capabilities XML: the host's architecture and the guest kinds Xen offers (xen_caps and virt_caps). */
    String capabilities() {
        XlInfo now = info();
        String arch = now.get("machine");
        String caps = now.get("xen_caps");
        StringBuilder xml = new StringBuilder("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>").append(arch)
                .append("</arch>\n    </cpu>\n    <power_management/>\n    <migration_features>\n      <live/>\n"
                        + "    </migration_features>\n  </host>\n");
        if (caps.contains("xen-3.0-x86_64")) {
            guest(xml, "xen", "x86_64", 64, "xenpv");
            if (now.get("virt_caps").contains("hap")) {
                guest(xml, "xenpvh", "x86_64", 64, "xenpvh");
            }
        }
        if (caps.contains("hvm-3.0-x86_32")) {
            guest(xml, "hvm", "i686", 32, "xenfv");
        }
        if (caps.contains("hvm-3.0-x86_64")) {
            guest(xml, "hvm", "x86_64", 64, "xenfv");
        }
        return xml.append("\n</capabilities>\n").toString();
    }

    private static void guest(StringBuilder xml, String osType, String arch, int wordsize, String machine) {
        xml.append("\n  <guest>\n    <os_type>").append(osType).append("</os_type>\n    <arch name='").append(arch)
                .append("'>\n      <wordsize>").append(wordsize).append("</wordsize>\n      <machine>").append(machine)
                .append("</machine>\n      <domain type='xen'/>\n    </arch>\n  </guest>\n");
    }
}
