package io.virtkit.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;

/**
 * A running domain's status file as libvirt keeps one in its run directory ({@code /run/libvirt/qemu/NAME.xml}):
 * a {@code <domstatus>} element whose attributes and children are the driver's facts about the process,
 * followed by the live domain XML. A new driver instance reads it to find a running guest again. This class
 * knows the envelope; each driver knows its facts.
 */
public final class DomainStatusXml {
    private static final String ROOT = "domstatus";
    private static final String DOMAIN_START = "<domain ";
    private static final String DOMAIN_END = "</domain>";

    private DomainStatusXml() {
    }

    /** A status file as read: its root element (the driver's attributes and children) and the live domain XML. */
    public record Document(Element root, String domainXml) {
    }

    /**
     * Reads {@code file} and lets {@code decode} turn it into the driver's facts. Whatever is wrong with it
     * (not XML, not a {@code <domstatus>}, no domain, or {@code decode} failing on a missing or malformed
     * attribute) is an IOException naming the file, so a caller treats every bad status file alike.
     */
    public static <T> T read(Path file, Function<Document, T> decode) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!ROOT.equals(root.getTagName())) {
                throw new IOException("not a status file: " + file);
            }
            int from = text.indexOf(DOMAIN_START);
            int to = text.lastIndexOf(DOMAIN_END);
            if (from < 0 || to < from) {
                throw new IOException("no domain in status file " + file);
            }
            return decode.apply(new Document(root, text.substring(from, to + DOMAIN_END.length())));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("unreadable status file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The status document for {@code attributes} (already formatted: {@code state='RUNNING' pid='42'}, values
     * {@link #escape escaped}), {@code children} (whole lines, or empty) and the live domain XML.
     */
    public static String format(String attributes, String children, String liveXml) {
        return "<" + ROOT + " " + attributes + ">\n" + children + liveXml.strip() + "\n</" + ROOT + ">\n";
    }

    /** The status files' format, written as {@code format='N'}; files without it are Virtkit 0.1's. */
    public static final int FORMAT = 1;

    /**
     * The attributes recording {@code reason} and the format: {@code format='1' state='running' reason='1'} —
     * libvirt's state name ({@code virDomainStateTypeToString}) and the reason's number within that state
     * (libvirt's ABI), never Java names, so renaming a constant cannot break reading an older daemon's files.
     */
    public static String stateAttributes(DomainStateReason reason) {
        return "format='" + FORMAT + "' state='" + STATE_NAMES.get(reason.state()) + "' reason='" + reason.number() + "'";
    }

    /**
     * The state and reason a status file records: as {@link #stateAttributes} writes them, or as Virtkit 0.1
     * did (no format, {@code state='RUNNING_BOOTED'}), so that an upgraded daemon still finds its guests.
     *
     * @throws IllegalArgumentException for a format from a newer Virtkit or an unknown state
     */
    public static DomainStateReason reason(Element root) {
        String format = root.getAttribute("format");
        String state = root.getAttribute("state");
        if (format.isEmpty()) {
            return DomainStateReason.valueOf(state); // 0.1: the enum's name
        }
        if (Integer.parseInt(format) > FORMAT) {
            throw new IllegalArgumentException("status format " + format + " is newer than this Virtkit's (" + FORMAT + ")");
        }
        for (Map.Entry<DomainState, String> e : STATE_NAMES.entrySet()) {
            if (e.getValue().equals(state)) {
                return DomainStateReason.of(e.getKey(), Integer.parseInt(root.getAttribute("reason")));
            }
        }
        throw new IllegalArgumentException("unknown state '" + state + "'");
    }

    /** libvirt's {@code virDomainState} names, as its status files write them. */
    private static final Map<DomainState, String> STATE_NAMES = Map.of(
            DomainState.NOSTATE, "nostate", DomainState.RUNNING, "running", DomainState.BLOCKED, "blocked",
            DomainState.PAUSED, "paused", DomainState.SHUTDOWN, "shutdown", DomainState.SHUTOFF, "shutoff",
            DomainState.CRASHED, "crashed", DomainState.PMSUSPENDED, "pmsuspended");

    /** {@code value} escaped for an XML attribute in single or double quotes. */
    public static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
