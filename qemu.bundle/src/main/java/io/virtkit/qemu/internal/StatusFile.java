package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import org.w3c.dom.Element;

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
 */
record StatusFile(long pid, Instant startTime, int id, DomainStateReason reason, Path monitor, String liveXml) {

    String format() {
        return DomainStatusXml.format(DomainStatusXml.stateAttributes(reason) + " pid='" + pid + "' starttime='"
                + (startTime == null ? "" : startTime.toString()) + "' id='" + id + "' monitor='"
                + DomainStatusXml.escape(monitor.toString()) + "'", "", liveXml);
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
                    doc.domainXml());
        });
    }
}
