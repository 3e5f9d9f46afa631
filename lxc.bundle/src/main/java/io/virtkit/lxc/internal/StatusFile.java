package io.virtkit.lxc.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.virtkit.api.DomainStateReason;

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

    private static final String DOMAIN_START = "<domain ";
    private static final String DOMAIN_END = "</domain>";

    StatusFile {
        cgroupDirs = List.copyOf(cgroupDirs);
    }

    String format() {
        StringBuilder b = new StringBuilder();
        b.append("<domstatus state='").append(reason.name()).append("' controller='").append(controllerPid)
                .append("' init='").append(initPid).append("' initstart='")
                .append(initStart == null ? "" : initStart.toString()).append("' id='").append(id).append("'>\n");
        for (Path dir : cgroupDirs) {
            b.append("  <cgroup path='").append(escape(dir.toString())).append("'/>\n");
        }
        return b.append(liveXml.strip()).append("\n</domstatus>\n").toString();
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
            List<Path> dirs = new ArrayList<>();
            NodeList cgroups = root.getElementsByTagName("cgroup");
            for (int i = 0; i < cgroups.getLength(); i++) {
                dirs.add(Path.of(((Element) cgroups.item(i)).getAttribute("path")));
            }
            String start = root.getAttribute("initstart");
            int from = text.indexOf(DOMAIN_START);
            int to = text.lastIndexOf(DOMAIN_END);
            if (from < 0 || to < from) {
                throw new IOException("no domain in status file " + file);
            }
            return new StatusFile(Long.parseLong(root.getAttribute("controller")),
                    Long.parseLong(root.getAttribute("init")), start.isEmpty() ? null : Instant.parse(start),
                    Integer.parseInt(root.getAttribute("id")), DomainStateReason.valueOf(root.getAttribute("state")),
                    dirs, text.substring(from, to + DOMAIN_END.length()));
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
