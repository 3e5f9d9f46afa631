package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.virtkit.api.DomainStateReason;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.DomainStatusXml;

/**
 * A running domain's status file in the runtime directory (libvirt keeps the same in
 * {@code /run/libvirt/qemu/NAME.xml}): the facts a new driver instance needs to find and verify the QEMU
 * process (pid, its start time), to talk to it (monitor socket) and to report it (id, state, live XML).
 * Written atomically, so a reader sees the old or the new file, never half of one.
 *
 * @param pid         QEMU's process id
 * @param startTime   the process start time as the OS reports it, to tell a reused pid from our QEMU
 * @param id          the domain id
 * @param reason      the state and reason when written
 * @param monitor     the QMP socket
 * @param liveXml     the live domain XML (with runtime values: pty paths, VNC port)
 * @param nics        the device alias (and hotplug slot) QEMU knows each interface by, so that a later
 *                    instance addresses the same device: positions shift with every hot unplug
 * @param hotplugSlots every slot ("bus/addr") a NIC may be hot-plugged into, as laid out at start
 */
record StatusFile(long pid, Instant startTime, int id, DomainStateReason reason, Path monitor, String liveXml,
        List<Nic> nics, List<String> hotplugSlots) {

    /** An interface (by MAC) known to QEMU as {@code net<n>}/{@code hostnet<n>}, in {@code slot} or none. */
    record Nic(String mac, int n, String slot) {
    }

    StatusFile(long pid, Instant startTime, int id, DomainStateReason reason, Path monitor, String liveXml) {
        this(pid, startTime, id, reason, monitor, liveXml, List.of(), List.of());
    }

    /**
     * The NIC aliases (by MAC) a file written before the live XML carried aliases recorded beside it, for
     * {@link io.virtkit.qemu.internal.command.QemuDeviceAliases#restore}.
     */
    java.util.Map<String, String> nicAliases() {
        java.util.Map<String, String> aliases = new java.util.HashMap<>();
        nics.forEach(n -> aliases.put(n.mac(), "net" + n.n()));
        return aliases;
    }

    String format() {
        StringBuilder children = new StringBuilder();
        for (Nic nic : nics) {
            children.append("  <nic mac='").append(DomainStatusXml.escape(nic.mac())).append("' alias='net")
                    .append(nic.n()).append('\'');
            if (nic.slot() != null) {
                children.append(" slot='").append(DomainStatusXml.escape(nic.slot())).append('\'');
            }
            children.append("/>\n");
        }
        for (String slot : hotplugSlots) {
            children.append("  <hotplug slot='").append(DomainStatusXml.escape(slot)).append("'/>\n");
        }
        return DomainStatusXml.format(DomainStatusXml.stateAttributes(reason) + " pid='" + pid + "' starttime='"
                + (startTime == null ? "" : startTime.toString()) + "' id='" + id + "' monitor='"
                + DomainStatusXml.escape(monitor.toString()) + "'", children.toString(), liveXml);
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, format());
    }

    static StatusFile read(Path file) throws IOException {
        return DomainStatusXml.read(file, doc -> {
            Element root = doc.root();
            String start = root.getAttribute("starttime");
            return new StatusFile(Long.parseLong(root.getAttribute("pid")),
                    start.isEmpty() ? null : Instant.parse(start), Integer.parseInt(root.getAttribute("id")),
                    DomainStatusXml.reason(root), Path.of(root.getAttribute("monitor")),
                    doc.domainXml(), nics(root), hotplugSlots(root));
        });
    }

    /** The recorded aliases; none in a file of a Virtkit that did not record them (positions then). */
    private static List<Nic> nics(Element root) {
        List<Nic> nics = new ArrayList<>();
        NodeList list = root.getElementsByTagName("nic");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.getParentNode() != root) {
                continue;
            }
            String alias = e.getAttribute("alias");
            if (!alias.startsWith("net")) {
                throw new IllegalArgumentException("bad NIC alias '" + alias + "'");
            }
            String slot = e.getAttribute("slot");
            nics.add(new Nic(e.getAttribute("mac"), Integer.parseInt(alias.substring(3)), slot.isEmpty() ? null : slot));
        }
        return List.copyOf(nics);
    }

    private static List<String> hotplugSlots(Element root) {
        List<String> slots = new ArrayList<>();
        NodeList list = root.getElementsByTagName("hotplug");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.getParentNode() == root) {
                slots.add(e.getAttribute("slot"));
            }
        }
        return List.copyOf(slots);
    }
}
