package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.IdMap;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <idmap>}: a container's user and group ID ranges. */
final class IdmapXml {

    /** The keys this codec reads, relative to {@code <idmap>}. */
    static final List<String> MODELLED = List.of("uid@start", "uid@target", "uid@count", "gid@start",
            "gid@target", "gid@count");

    private IdmapXml() {
    }

    /**
     * {@code <uid>}/{@code <gid start target count>} children; null when absent or, as libvirt reads it, when
     * it has neither.
     */
    static IdMap parse(XmlCursor idmapEl) {
        if (idmapEl == null) {
            return null;
        }
        List<IdMap.Range> uids = ranges(idmapEl, "uid");
        List<IdMap.Range> gids = ranges(idmapEl, "gid");
        return uids.isEmpty() && gids.isEmpty() ? null : new IdMap(uids, gids);
    }

    private static List<IdMap.Range> ranges(XmlCursor idmapEl, String element) {
        List<IdMap.Range> ranges = new ArrayList<>();
        for (XmlCursor e : idmapEl.children(element)) {
            try {
                ranges.add(new IdMap.Range(Long.parseLong(e.attrOrEmpty("start").trim()),
                        Long.parseLong(e.attrOrEmpty("target").trim()), Long.parseLong(e.attrOrEmpty("count").trim())));
            } catch (NumberFormatException ex) {
                throw DomainErrors.xmlError("invalid idmap start/target/count settings");
            }
        }
        return ranges;
    }

    static void write(XmlWriter w, IdMap idmap) {
        if (idmap == null) {
            return;
        }
        w.open("idmap");
        writeRanges(w, "uid", idmap.uids());
        writeRanges(w, "gid", idmap.gids());
        w.close("idmap");
    }

    private static void writeRanges(XmlWriter w, String element, List<IdMap.Range> ranges) {
        for (IdMap.Range r : ranges) {
            w.empty(element, "start", Long.toString(r.start()), "target", Long.toString(r.target()),
                    "count", Long.toString(r.count()));
        }
    }
}
