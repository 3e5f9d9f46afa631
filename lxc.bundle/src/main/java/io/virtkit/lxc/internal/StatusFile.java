package io.virtkit.lxc.internal;

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
 * A running container's status file in the runtime directory (libvirt keeps {@code /run/libvirt/lxc/NAME.xml}):
 * what a new driver instance needs to find the container again, verify it is still ours and control it.
 * Written atomically.
 *
 * @param controllerPid   the detached controller (util-linux script holding the console pty)
 * @param initPid         the container's init as the host sees it
 * @param initStart       its start time, to tell a reused pid from our init
 * @param id              the domain id
 * @param reason          state and reason when written
 * @param cgroupDirs      the container's cgroup directories
 * @param liveXml         the live domain XML
 */
record StatusFile(long controllerPid, long initPid, Instant initStart, int id, DomainStateReason reason,
        List<Path> cgroupDirs, String liveXml) {

    StatusFile {
        cgroupDirs = List.copyOf(cgroupDirs);
    }

    String format() {
        StringBuilder cgroups = new StringBuilder();
        for (Path dir : cgroupDirs) {
            cgroups.append("  <cgroup path='").append(DomainStatusXml.escape(dir.toString())).append("'/>\n");
        }
        return DomainStatusXml.format(DomainStatusXml.stateAttributes(reason) + " controller='" + controllerPid + "' init='"
                + initPid + "' initstart='" + (initStart == null ? "" : initStart.toString()) + "' id='" + id + "'",
                cgroups.toString(), liveXml);
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, format());
    }

    static StatusFile read(Path file) throws IOException {
        return DomainStatusXml.read(file, doc -> {
            Element root = doc.root();
            List<Path> dirs = new ArrayList<>();
            NodeList cgroups = root.getElementsByTagName("cgroup");
            for (int i = 0; i < cgroups.getLength(); i++) {
                dirs.add(Path.of(((Element) cgroups.item(i)).getAttribute("path")));
            }
            String start = root.getAttribute("initstart");
            return new StatusFile(Long.parseLong(root.getAttribute("controller")),
                    Long.parseLong(root.getAttribute("init")), start.isEmpty() ? null : Instant.parse(start),
                    Integer.parseInt(root.getAttribute("id")), DomainStatusXml.reason(root),
                    dirs, doc.domainXml());
        });
    }
}
