package io.virtkit.qemu.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;

import io.virtkit.api.DomainStateReason;

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

    private static final String DOMAIN_START = "<domain ";
    private static final String DOMAIN_END = "</domain>";

    String format() {
        return "<domstatus state='" + reason.name() + "' pid='" + pid + "' starttime='"
                + (startTime == null ? "" : startTime.toString()) + "' id='" + id + "' monitor='"
                + escape(monitor.toString()) + "'>\n" + liveXml.strip() + "\n</domstatus>\n";
    }

    void write(Path file) throws IOException {
        Persist.writeAtomically(file, format());
    }

    static StatusFile read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!"domstatus".equals(root.getTagName())) {
                throw new IOException("not a status file: " + file);
            }
            String start = root.getAttribute("starttime");
            int from = text.indexOf(DOMAIN_START);
            int to = text.lastIndexOf(DOMAIN_END);
            if (from < 0 || to < from) {
                throw new IOException("no domain in status file " + file);
            }
            return new StatusFile(Long.parseLong(root.getAttribute("pid")),
                    start.isEmpty() ? null : Instant.parse(start), Integer.parseInt(root.getAttribute("id")),
                    DomainStateReason.valueOf(root.getAttribute("state")), Path.of(root.getAttribute("monitor")),
                    text.substring(from, to + DOMAIN_END.length()));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("unreadable status file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
