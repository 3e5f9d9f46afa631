package io.virtkit.esx.internal;

import io.virtkit.api.NodeInfo;
import io.virtkit.esx.internal.vim.ObjectContent;

/**
 * The host entries as libvirt's ESX driver answers them: the host name from its DNS configuration, node
 * info from its hardware (the CPU model without "(R)"/"(TM)" and cut to libvirt's 31 characters), and the
 * capabilities of a VMware host (its UUID, hvm guests of i686 and x86_64 in domains of type {@code vmware}).
 */
final class EsxHostFacts {

    private static final String[] PROPERTIES = {"summary.hardware.cpuModel", "hardware.cpuInfo.hz",
        "hardware.cpuInfo.numCpuCores", "hardware.cpuInfo.numCpuPackages", "hardware.cpuInfo.numCpuThreads",
        "hardware.memorySize", "hardware.numaInfo.numNodes", "hardware.systemInfo.uuid",
        "config.network.dnsConfig.hostName", "config.network.dnsConfig.domainName"};

    private final EsxContext context;

    EsxHostFacts(EsxContext context) {
        this.context = context;
    }

    private ObjectContent read() {
        return EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(), PROPERTIES));
    }

    String hostname() {
        ObjectContent host = read();
        String name = host.text("config.network.dnsConfig.hostName");
        String domain = host.text("config.network.dnsConfig.domainName");
        if (name == null || name.isEmpty()) {
            throw EsxErrors.internal("Missing or empty 'hostName' property");
        }
        return domain == null || domain.isEmpty() ? name : name + "." + domain;
    }

    NodeInfo nodeInfo() {
        ObjectContent host = read();
        long packages = Math.max(1, host.number("hardware.cpuInfo.numCpuPackages", 1));
        long cores = Math.max(1, host.number("hardware.cpuInfo.numCpuCores", 1));
        long threads = Math.max(1, host.number("hardware.cpuInfo.numCpuThreads", cores));
        long nodes = host.number("hardware.numaInfo.numNodes", 0);
        return new NodeInfo(cpuModel(host.text("summary.hardware.cpuModel")),
                host.number("hardware.memorySize", 0) / 1024, (int) threads,
                (int) (host.number("hardware.cpuInfo.hz", 0) / 1_000_000), (int) Math.max(1, nodes), (int) packages,
                (int) (cores / packages), (int) (threads / cores));
    }

    static String cpuModel(String model) {
        if (model == null) {
            return "";
        }
        String cleaned = model.replace("(R)", "").replace("(TM)", "").replaceAll("\\s+", " ").strip();
        return cleaned.length() > 31 ? cleaned.substring(0, 31) : cleaned;
    }

    /**
     * {@code virConnectGetSysinfo}, which libvirt's ESX driver does not offer: the host's SMBIOS facts as the
     * vSphere API gives them (BIOS vendor, version and date; system vendor, model, UUID and serial), in
     * libvirt's {@code <sysinfo type='smbios'>} layout.
     */
    String sysinfo() {
        ObjectContent host = EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(),
                "hardware.biosInfo", "hardware.systemInfo"));
        io.virtkit.esx.internal.vim.VimNode bios = host.get("hardware.biosInfo").orElse(null);
        io.virtkit.esx.internal.vim.VimNode system = host.get("hardware.systemInfo").orElse(null);
        StringBuilder xml = new StringBuilder("<sysinfo type='smbios'>\n");
        if (bios != null) {
            section(xml, "bios", new String[][] {{"vendor", bios.textAt("vendor")},
                {"version", bios.textAt("biosVersion")}, {"date", smbiosDate(bios.textAt("releaseDate"))}});
        }
        if (system != null) {
            section(xml, "system", new String[][] {{"manufacturer", system.textAt("vendor")},
                {"product", system.textAt("model")}, {"serial", system.textAt("serialNumber")},
                {"uuid", system.textAt("uuid")}});
        }
        return xml.append("</sysinfo>\n").toString();
    }

    /** SMBIOS dates read MM/DD/YYYY; vSphere gives an xsd:dateTime. */
    private static String smbiosDate(String dateTime) {
        if (dateTime == null || dateTime.length() < 10) {
            return dateTime;
        }
        return dateTime.substring(5, 7) + "/" + dateTime.substring(8, 10) + "/" + dateTime.substring(0, 4);
    }

    private static void section(StringBuilder xml, String name, String[][] entries) {
        StringBuilder body = new StringBuilder();
        for (String[] entry : entries) {
            if (entry[1] != null && !entry[1].isBlank()) {
                body.append("    <entry name='").append(entry[0]).append("'>")
                        .append(io.virtkit.support.DomainStatusXml.escape(entry[1].strip())).append("</entry>\n");
            }
        }
        if (body.length() > 0) {
            xml.append("  <").append(name).append(">\n").append(body).append("  </").append(name).append(">\n");
        }
    }

    String capabilities() {
        String uuid = read().text("hardware.systemInfo.uuid");
        StringBuilder xml = new StringBuilder();
        xml.append("<capabilities>\n\n  <host>\n");
        if (uuid != null && !uuid.isEmpty()) {
            xml.append("    <uuid>").append(uuid).append("</uuid>\n");
        }
        xml.append("    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n    <power_management/>\n")
                .append("    <iommu support='no'/>\n    <migration_features>\n      <live/>\n")
                .append("      <uri_transports>\n        <uri_transport>vpxmigr</uri_transport>\n")
                .append("      </uri_transports>\n    </migration_features>\n  </host>\n\n");
        for (String[] arch : new String[][] {{"i686", "32"}, {"x86_64", "64"}}) {
            xml.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(arch[0]).append("'>\n")
                    .append("      <wordsize>").append(arch[1]).append("</wordsize>\n")
                    .append("      <domain type='vmware'/>\n    </arch>\n  </guest>\n\n");
        }
        xml.append("</capabilities>\n");
        return xml.toString();
    }
}
