package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.LeaseDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <lease>}: a lock manager's lease (lockspace, key, the file and offset holding it). */
final class LeaseXml {

    /** The keys this codec reads, relative to {@code <lease>}. */
    static final List<String> MODELLED = List.of("lockspace", "key", "target@path", "target@offset");

    private LeaseXml() {
    }

    static LeaseDevice parse(XmlCursor l) {
        String key = l.childText("key");
        if (key == null) {
            throw DomainErrors.xmlError("Missing 'key' element for lease");
        }
        XmlCursor target = l.child("target");
        String path = target == null ? null : target.attr("path");
        if (path == null) {
            throw DomainErrors.xmlError("Missing 'target' element for lease");
        }
        String offset = target.attr("offset");
        Long offsetValue = null;
        if (offset != null) {
            try {
                offsetValue = Long.parseUnsignedLong(offset.strip());
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("Malformed lease target offset " + offset);
            }
        }
        String lockspace = l.childText("lockspace");
        return new LeaseDevice(lockspace == null ? null : lockspace.strip(), key.strip(), path, offsetValue);
    }

    static void write(XmlWriter w, LeaseDevice l) {
        w.open("lease");
        w.text("lockspace", l.lockspace());
        w.text("key", l.key());
        w.empty("target", "path", l.path(), "offset", l.offset() == null ? null : Long.toUnsignedString(l.offset()));
        w.close("lease");
    }
}
