package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.NodeInfo;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The host entries as libvirt's Hyper-V driver answers them, from root/cimv2: the version from
 * Win32_OperatingSystem, the host name from Win32_ComputerSystem.DNSHostName, node info from Win32_Processor
 * (one instance per socket) and Win32_ComputerSystem, and capabilities with the host's
 * Win32_ComputerSystemProduct.UUID and hvm guests of i686 and x86_64 in domains of type {@code hyperv}.
 */
final class HypervHostFacts {

    private final HypervContext context;
    private volatile String capabilities; // libvirt builds them once, when the connection opens

    HypervHostFacts(HypervContext context) {
        this.context = context;
    }

    /**
     * libvirt's packing of a Windows version, which keeps every digit of the build number rather than
     * virConnectGetVersion's major*1000000+minor*1000+micro: {@code 10.0.17763} is 1000017763
     * ({@code virsh version} then shows 1000.17.763).
     */
    long version() {
        String text = context.windowsVersion();
        String[] parts = text.strip().split("\\.");
        long major;
        long minor;
        long micro;
        try {
            if (parts.length < 3) {
                throw new NumberFormatException(text);
            }
            major = Long.parseLong(parts[0]);
            minor = Long.parseLong(parts[1]);
            micro = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw HypervErrors.internal("Could not parse version from '" + text + "'");
        }
        if (major > 99 || minor > 99 || micro > 999_999) {
            throw HypervErrors.internal("Could not produce packed version number from '" + text + "'");
        }
        return major * 100_000_000 + minor * 1_000_000 + micro;
    }

    /**
     * Whether the host is older than Windows Server 2012 (6.2), whose Hyper-V pauses with 32768 and saves with
     * 32769 where later ones use 9 (Quiesce) and 6 (Offline), as libvirt chooses by WMI generation.
     */
    boolean legacyStates() {
        String[] parts = context.windowsVersion().strip().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < 6 || major == 6 && minor < 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    String hostname() {
        String name = computerSystem().get("DNSHostName");
        if (name == null || name.isEmpty()) {
            throw HypervErrors.internal("Could not look up Win32_ComputerSystem");
        }
        return name;
    }

    /**
     * libvirt's nodeinfo: the first processor's cleaned name, its MaxClockSpeed, one socket per Win32_Processor,
     * its cores, threads = its logical processors / cores, cpus = sockets * cores (as libvirt counts them), memory
     * from TotalPhysicalMemory. libvirt asks for the processors associated with the computer system; on one host
     * that is every Win32_Processor, asked for directly.
     */
    NodeInfo nodeInfo() {
        CimInstance system = computerSystem();
        List<CimInstance> processors = context.cimv2(Wql.select("Win32_Processor"));
        if (processors.isEmpty()) {
            throw HypervErrors.internal("Could not look up processor(s) on '" + system.get("Name") + "'");
        }
        CimInstance first = processors.get(0);
        int sockets = processors.size();
        int cores = Math.max(1, number(first, "NumberOfCores"));
        int threads = Math.max(1, number(first, "NumberOfLogicalProcessors") / cores);
        long memoryKiB = Long.parseLong(orZero(system.get("TotalPhysicalMemory"))) / 1024;
        return new NodeInfo(cpuModel(first.get("Name")), memoryKiB, sockets * cores, number(first, "MaxClockSpeed"),
                1, sockets, cores, threads);
    }

    /**
     * libvirt's cleaning of a processor name to fit its 32 bytes: runs of spaces become one, "(R)", "(C)" and
     * "(TM)" go, and the " @ 3.40GHz" tail is cut. libvirt fails on a name still too long; it is cut to 31 here.
     */
    static String cpuModel(String name) {
        if (name == null) {
            return "";
        }
        String cleaned = name.replaceAll(" {2,}", " ").replace("(R)", "").replace("(C)", "").replace("(TM)", "");
        int at = cleaned.indexOf(" @ ");
        if (at >= 0) {
            cleaned = cleaned.substring(0, at);
        }
        return cleaned.length() > 31 ? cleaned.substring(0, 31) : cleaned;
    }

    /** libvirt's capabilities of a Hyper-V host: x86_64, its BIOS UUID, hvm guests of i686 and x86_64. */
    String capabilities() {
        String known = capabilities;
        if (known != null) {
            return known;
        }
        List<CimInstance> product = context.cimv2(Wql.select("Win32_ComputerSystemProduct"));
        String uuidText = product.isEmpty() ? null : product.get(0).get("UUID");
        UUID uuid;
        try {
            uuid = UUID.fromString(uuidText == null ? "" : uuidText.strip());
        } catch (IllegalArgumentException e) {
            throw HypervErrors.internal("Could not parse UUID from string '" + uuidText + "'");
        }
        StringBuilder xml = new StringBuilder("<capabilities>\n\n  <host>\n");
        xml.append("    <uuid>").append(uuid).append("</uuid>\n")
                .append("    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n    <power_management/>\n")
                .append("    <iommu support='no'/>\n  </host>\n\n");
        for (String[] arch : new String[][] {{"i686", "32"}, {"x86_64", "64"}}) {
            xml.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(arch[0]).append("'>\n")
                    .append("      <wordsize>").append(arch[1]).append("</wordsize>\n")
                    .append("      <domain type='hyperv'/>\n    </arch>\n  </guest>\n\n");
        }
        capabilities = xml.append("</capabilities>\n").toString();
        return capabilities;
    }

    /**
     * {@code virConnectGetSysinfo}, which libvirt's Hyper-V driver does not offer: the host's SMBIOS system facts
     * as Win32_ComputerSystemProduct gives them (vendor, product name, version, serial, UUID), in libvirt's
     * {@code <sysinfo type='smbios'>} layout; one query.
     */
    String sysinfo() {
        List<CimInstance> products = context.cimv2(Wql.select("Win32_ComputerSystemProduct"));
        StringBuilder entries = new StringBuilder();
        if (!products.isEmpty()) {
            CimInstance product = products.get(0);
            String[][] fields = {{"manufacturer", "Vendor"}, {"product", "Name"}, {"version", "Version"},
                {"serial", "IdentifyingNumber"}, {"uuid", "UUID"}};
            for (String[] field : fields) {
                String value = product.get(field[1]);
                if (value != null && !value.isBlank()) {
                    entries.append("    <entry name='").append(field[0]).append("'>")
                            .append(io.virtkit.support.DomainStatusXml.escape(value.strip())).append("</entry>\n");
                }
            }
        }
        StringBuilder xml = new StringBuilder("<sysinfo type='smbios'>\n");
        if (entries.length() > 0) {
            xml.append("  <system>\n").append(entries).append("  </system>\n");
        }
        return xml.append("</sysinfo>\n").toString();
    }

    /** The host's logical processors: the most vCPUs Hyper-V gives one VM on it. */
    int logicalProcessors() {
        return Math.max(1, number(computerSystem(), "NumberOfLogicalProcessors"));
    }

    private CimInstance computerSystem() {
        List<CimInstance> systems = context.cimv2(Wql.select("Win32_ComputerSystem"));
        if (systems.isEmpty()) {
            throw HypervErrors.internal("Could not look up Win32_ComputerSystem");
        }
        return systems.get(0);
    }

    private static int number(CimInstance instance, String property) {
        return (int) Long.parseLong(orZero(instance.get(property)));
    }

    private static String orZero(String value) {
        return value == null || value.isBlank() ? "0" : value.strip();
    }
}
