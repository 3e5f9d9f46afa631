package io.virtkit.xen.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorDomain;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.support.DomainErrors;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * The host's domains, read in one round trip: {@code xl list -v} (what runs), the definitions and the autostart
 * links. Every answer is what the host said at most {@link #REUSE} ago, so changes made by another Virtkit or by
 * {@code xl} typed on the host show at once; a read is reused only within that window and only while this
 * connection ran no other command (its own changes are never hidden): a client listing domains and then asking each
 * one's state ({@code virsh list --all}) costs one round trip, not one per domain. Running domains are matched to
 * definitions by UUID.
 */
public final class XenInventory {

    /** How long a read answers again. */
    static final java.time.Duration REUSE = java.time.Duration.ofMillis(100);

    private record Snapshot(List<XenDomain> domains, long readAt, long commandCount) {
    }

    private static final String DEFS = "@@VIRTKIT-DEFINITIONS";
    private static final String FILE = "@@VIRTKIT-FILE ";
    private static final String AUTOSTART = "@@VIRTKIT-AUTOSTART";
    private static final String SAVES = "@@VIRTKIT-SAVES";
    private static final Pattern NAME = Pattern.compile("<name>([^<]*)</name>");
    private static final Pattern UUID_ELEMENT = Pattern.compile("<uuid>([^<]*)</uuid>");
    private static final String SNAPSHOT = "xl list -v || exit $?; echo " + DEFS + "; for f in "
            + XenHostFiles.DEFINITIONS + "/*.xml; do [ -f \"$f\" ] && { echo \"" + FILE + "$f\"; cat \"$f\"; echo; }; done; echo "
            + AUTOSTART + "; ls " + XenHostFiles.AUTOSTART + " 2>/dev/null; echo " + SAVES + "; ls " + XenHostFiles.SAVES
            + " 2>/dev/null; true";

    private final XlToolstack xl;

    public XenInventory(XlToolstack xl) {
        this.xl = xl;
    }

    private volatile Snapshot last;

    /** Every domain: running ones in id order, then defined ones that do not run, by name. */
    public List<XenDomain> all() {
        Snapshot known = last;
        if (known != null && xl.commandsRun() == known.commandCount()
                && System.nanoTime() - known.readAt() < REUSE.toNanos()) {
            return known.domains();
        }
        long before = xl.commandsRun();
        long started = System.nanoTime();
        List<XenDomain> domains = read();
        // valid only if no other command of this connection ran while it was read (that one may have changed things)
        last = new Snapshot(domains, started, before + 1);
        return domains;
    }

    /** Reads every domain from the host now. */
    public List<XenDomain> read() {
        String out = xl.checked("xl list", SNAPSHOT, new byte[0], xl.timeout());
        int defsAt = out.indexOf(DEFS + "\n");
        int autoAt = out.indexOf(AUTOSTART + "\n");
        int savesAt = out.indexOf(SAVES + "\n");
        List<XlListing> live = XlListing.parse(out.substring(0, defsAt));
        Map<UUID, String[]> definitions = new LinkedHashMap<>(); // uuid → {name, xml}
        String defs = out.substring(defsAt + DEFS.length() + 1, autoAt);
        for (String chunk : defs.split("(?m)^" + Pattern.quote(FILE))) {
            int nl = chunk.indexOf('\n');
            if (chunk.isBlank() || nl < 0) {
                continue;
            }
            String xml = chunk.substring(nl + 1).strip();
            Matcher name = NAME.matcher(xml);
            Matcher uuid = UUID_ELEMENT.matcher(xml);
            if (name.find() && uuid.find()) {
                try {
                    definitions.put(UUID.fromString(uuid.group(1).strip()), new String[] {unescape(name.group(1)), xml});
                } catch (IllegalArgumentException e) {
                    // not one of ours: ignored, as libvirt skips a config it cannot load
                }
            }
        }
        Set<String> autostarted = new HashSet<>();
        for (String line : out.substring(autoAt + AUTOSTART.length() + 1, savesAt).split("\n")) {
            if (line.endsWith(".xml")) {
                autostarted.add(line.substring(0, line.length() - 4));
            }
        }
        Set<String> saved = new HashSet<>();
        for (String line : out.substring(savesAt + SAVES.length() + 1).split("\n")) {
            if (line.endsWith(".save")) {
                saved.add(line.substring(0, line.length() - 5));
            }
        }
        List<XenDomain> domains = new ArrayList<>();
        for (XlListing row : live) {
            String[] def = definitions.remove(row.uuid());
            domains.add(new XenDomain(row.name(), row.uuid(), row, def == null || row.id() == 0 ? null : def[1],
                    autostarted.contains(row.name()), false));
        }
        definitions.forEach((uuid, def) -> domains.add(new XenDomain(def[0], uuid, null, def[1],
                autostarted.contains(def[0]), saved.contains(def[0]))));
        return List.copyOf(domains);
    }

    public XenDomain byName(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithName(ErrorDomain.LIBXL, name));
    }

    public XenDomain byUuid(UUID uuid) {
        return all().stream().filter(d -> d.uuid().equals(uuid)).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithUuid(ErrorDomain.LIBXL, uuid));
    }

    public XenDomain byId(int id) {
        return all().stream().filter(d -> d.id() == id).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithId(ErrorDomain.LIBXL, id));
    }

    /** The domain a handle names, found again by UUID (Domain-0's all-zero UUID also by name). */
    public XenDomain of(DomainRef ref) {
        return all().stream().filter(d -> d.uuid().equals(ref.uuid())).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithUuid(ErrorDomain.LIBXL, ref.uuid(), ref.name()));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
