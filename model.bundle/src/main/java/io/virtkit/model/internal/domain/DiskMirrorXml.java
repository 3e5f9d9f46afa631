package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DiskMirror;
import io.virtkit.model.domain.DiskSource;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A disk's {@code <mirror>} (a block copy's or active commit's destination), read and written only in a running
 * domain's XML as libvirt does: for {@link DiskXml}.
 */
final class DiskMirrorXml {

    /** The keys read here, relative to the disk. */
    static final List<String> MODELLED = modelled();

    private static final Set<String> JOBS = Set.of("copy", "active-commit");
    private static final Set<String> READY = Set.of("yes", "abort", "pivot");

    private DiskMirrorXml() {
    }

    private static List<String> modelled() {
        List<String> keys = new ArrayList<>(List.of("mirror@type", "mirror@file", "mirror@format", "mirror@job",
                "mirror@ready", "mirror/format@type"));
        DiskSourceXml.SOURCE_ALL.forEach(k -> keys.add("mirror/" + k));
        keys.addAll(DiskSourceXml.chainKeys("mirror/backingStore"));
        return List.copyOf(keys);
    }

    /** The mirror {@code m}, {@code null} without one. */
    static DiskMirror parse(XmlCursor m) {
        if (m == null) {
            return null;
        }
        String job = m.attr("job") == null ? "copy" : m.attr("job");
        if (!JOBS.contains(job)) {
            throw DomainErrors.xmlError("unknown mirror job type '" + job + "'");
        }
        String type = m.attr("type");
        String format;
        DiskSource source;
        if (type != null) {
            if (!DiskSourceXml.STORAGE_TYPES.contains(type)) {
                throw DomainErrors.xmlError("unknown mirror backing store type '" + type + "'");
            }
            source = DiskSourceXml.parse(m, type, null, true);
            if (source == null) {
                throw DomainErrors.xmlError("mirror requires source element");
            }
            XmlCursor f = m.child("format");
            format = f == null ? null : f.attr("type");
        } else {
            // the old form: a file named by attributes, for a copy only
            type = "file";
            if (m.attr("file") == null) {
                throw DomainErrors.xmlError("mirror requires file name");
            }
            if (!job.equals("copy")) {
                throw DomainErrors.xmlError("mirror without type only supported by copy job");
            }
            source = DiskSource.ofPath(m.attr("file"));
            format = m.attr("format");
        }
        String ready = m.attr("ready");
        if (ready != null && !READY.contains(ready)) {
            throw DomainErrors.xmlError("unknown mirror ready state " + ready);
        }
        return new DiskMirror(job, ready, type, format, source, DiskSourceXml.parseBackingStore(m, true, 0));
    }

    /** Writes a mirror as libvirt does: a file copy also in the old attributes. Nothing for {@code null}. */
    static void write(XmlWriter w, DiskMirror m) {
        if (m == null) {
            return;
        }
        boolean oldForm = m.type().equals("file") && m.job().equals("copy");
        w.open("mirror", "type", m.type(), "file", oldForm ? m.source().path() : null,
                "format", oldForm ? m.format() : null, "job", m.job(), "ready", m.ready());
        if (m.format() != null) {
            w.empty("format", "type", m.format());
        }
        DiskSourceXml.write(w, m.type(), m.source(), true);
        DiskSourceXml.writeBackingStore(w, m.backingStore(), true);
        w.close("mirror");
    }
}
