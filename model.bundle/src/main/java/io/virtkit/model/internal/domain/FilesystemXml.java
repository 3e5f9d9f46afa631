package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <filesystem type='mount'>}: a host directory shown to the guest (other types are refused). */
final class FilesystemXml {

    /** The keys this codec reads, relative to {@code <filesystem>}. */
    static final List<String> MODELLED = List.of("@type", "source@dir", "target@dir", "readonly");

    private FilesystemXml() {
    }

    static FilesystemDevice parse(XmlCursor f) {
        String type = f.has("type") ? f.attr("type") : "mount";
        if (!type.equals("mount")) {
            throw DomainErrors.unsupported("filesystem type '" + type + "' is not supported");
        }
        XmlCursor sourceEl = f.child("source");
        XmlCursor targetEl = f.child("target");
        String source = sourceEl == null ? null : sourceEl.attr("dir");
        String target = targetEl == null ? null : targetEl.attr("dir");
        if (source == null) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN,
                    "device " + (target == null ? "" : target));
        }
        if (target == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN, "device " + source);
        }
        return new FilesystemDevice(source, target, f.child("readonly") != null);
    }

    static void write(XmlWriter w, FilesystemDevice f, boolean live) {
        w.open("filesystem", "type", "mount", "accessmode", "passthrough");
        w.empty("source", "dir", f.sourceDir());
        w.empty("target", "dir", f.targetDir());
        if (f.readonly()) {
            w.empty("readonly");
        }
        DeviceInfoXml.write(w, f.info(), live);
        w.close("filesystem");
    }
}
