package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * virsh's answers read into values (its tables and {@code Key: value} lists), and Virtkit's driver answers put
 * into the same shape, so a test compares what a user reads, field by field.
 */
final class VirshAnswers {

    private static final Pattern LIST_ROW = Pattern.compile(
            "^\\s*(\\S+)\\s+(.+?)\\s+(running|idle|paused|in shutdown|shut off|crashed|pmsuspended|no state)\\s*$");

    private VirshAnswers() {
    }

    /** One row of {@code virsh list}: id ("-" when inactive), name, state. */
    record Row(String id, String name, String state) {
    }

    /** The rows of {@code virsh -q list --all}. */
    static List<Row> list(String virshOut) {
        List<Row> rows = new ArrayList<>();
        for (String line : virshOut.split("\n")) {
            Matcher m = LIST_ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(1), m.group(2), m.group(3)));
            }
        }
        return rows;
    }

    /**
     * Virtkit's listing as virsh shows it: the active domains by id, then the inactive ones by name, compared as
     * virsh does (bytes, ASCII letters without case).
     */
    static List<Row> list(HypervisorConnection conn) {
        List<Row> active = new ArrayList<>();
        List<Row> inactive = new ArrayList<>();
        for (DomainRef d : conn.listAllDomains(0)) {
            DomainStateInfo state = conn.domainState(d, 0);
            if (d.id() >= 0) {
                active.add(new Row(Integer.toString(d.id()), d.name(), state.state().label()));
            } else {
                inactive.add(new Row("-", d.name(), state.state().label()));
            }
        }
        active.sort((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id())));
        inactive.sort((a, b) -> asciiCaseless(a.name(), b.name()));
        active.addAll(inactive);
        return active;
    }

    private static int asciiCaseless(String a, String b) {
        byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int cx = lower(x[i] & 0xff);
            int cy = lower(y[i] & 0xff);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** {@code Key: value} lines (dominfo, nodeinfo) in their order. */
    static Map<String, String> fields(String virshOut) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : virshOut.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    /**
     * What {@code virsh dominfo} prints from the driver's answers (libvirt's ESX driver has no security model, so
     * that line never appears; "Managed save" is the remote daemon's, not the driver's, and is left out of both).
     */
    static Map<String, String> dominfo(HypervisorConnection conn, DomainRef d) {
        DomainInfo info = conn.domainInfo(d);
        Map<String, String> fields = new LinkedHashMap<>();
        int id = conn.domainId(d);
        fields.put("Id", id < 0 ? "-" : Integer.toString(id));
        fields.put("Name", d.name());
        fields.put("UUID", d.uuid().toString());
        fields.put("OS Type", conn.domainOsType(d));
        fields.put("State", info.state().label());
        fields.put("CPU(s)", Integer.toString(info.vcpus()));
        fields.put("Max memory", info.maxMemoryKiB() + " KiB");
        fields.put("Used memory", info.memoryKiB() + " KiB");
        fields.put("Persistent", conn.domainIsPersistent(d) ? "yes" : "no");
        try {
            fields.put("Autostart", conn.domainAutostart(d) ? "enable" : "disable");
        } catch (io.virtkit.api.VirtException e) {
            // virsh leaves the line out when the driver cannot say
        }
        return fields;
    }

    /** {@code virsh dominfo} without the lines the daemon (not the driver) answers. */
    static Map<String, String> dominfoOfDriver(String virshOut) {
        Map<String, String> fields = fields(virshOut);
        fields.remove("Managed save");
        return fields;
    }

    /** {@code virsh domstate --reason}: "running (unknown)". */
    static String domstate(HypervisorConnection conn, DomainRef d) {
        DomainStateInfo state = conn.domainState(d, 0);
        return state.state().label() + " (" + state.reason().label() + ")";
    }

    /** {@code virsh nodeinfo}. */
    static Map<String, String> nodeinfo(NodeInfo node) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("CPU model", node.cpuModel());
        fields.put("CPU(s)", Integer.toString(node.cpus()));
        fields.put("CPU frequency", node.mhz() + " MHz");
        fields.put("CPU socket(s)", Integer.toString(node.sockets()));
        fields.put("Core(s) per socket", Integer.toString(node.coresPerSocket()));
        fields.put("Thread(s) per core", Integer.toString(node.threadsPerCore()));
        fields.put("NUMA cell(s)", Integer.toString(node.numaNodes()));
        fields.put("Memory size", node.memoryKiB() + " KiB");
        return fields;
    }

    /** libvirt's version number (6005000) as virsh prints it (6.5.0). */
    static String version(long encoded) {
        return encoded / 1_000_000 + "." + encoded / 1000 % 1000 + "." + encoded % 1000;
    }
}
