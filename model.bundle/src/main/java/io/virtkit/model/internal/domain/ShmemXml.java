package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.ShmemDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;

/** {@code <shmem>}: shared memory's name, role, model, size, server and MSI settings. */
final class ShmemXml {

    /** The keys this codec reads, relative to {@code <shmem>}. */
    static final List<String> MODELLED = List.of("@name", "@role", "model@type", "size", "size@unit", "server@path",
            "msi", "msi@vectors", "msi@ioeventfd");

    private ShmemXml() {
    }

    static ShmemDevice parse(XmlCursor s) {
        String name = s.attr("name");
        if (name == null) {
            throw DomainErrors.xmlError("shmem element must contain 'name' attribute");
        }
        String role = s.attr("role");
        if (role != null && !role.equals("master") && !role.equals("peer")) {
            throw DomainErrors.xmlError("Unknown shmem role type '" + role + "'");
        }
        XmlCursor model = s.child("model");
        String type = model == null ? null : model.attr("type");
        if (type != null && !Set.of("ivshmem", "ivshmem-plain", "ivshmem-doorbell").contains(type)) {
            throw DomainErrors.xmlError("Unknown shmem model type '" + type + "'");
        }
        Long size = s.child("size") == null ? null : MemoryXml.parse(s.child("size"), "size");
        XmlCursor server = s.child("server");
        XmlCursor msi = s.child("msi");
        Integer vectors = null;
        String ioeventfd = null;
        if (msi != null) {
            if (msi.attr("vectors") != null) {
                try {
                    vectors = Integer.parseUnsignedInt(msi.attr("vectors"));
                } catch (NumberFormatException e) {
                    throw DomainErrors.xmlError("shmem msi vectors must be a positive integer");
                }
            }
            ioeventfd = msi.attr("ioeventfd");
            if (ioeventfd != null && !ioeventfd.equals("on") && !ioeventfd.equals("off")) {
                throw DomainErrors.invalidAttribute("ioeventfd", "msi", ioeventfd);
            }
        }
        return new ShmemDevice(name, role, type, size, server == null ? null : server.attr("path"), msi != null,
                vectors, ioeventfd, null);
    }

    static void write(XmlWriter w, ShmemDevice s, boolean live) {
        w.open("shmem", "name", s.name(), "role", s.role());
        if (s.modelType() != null) {
            w.empty("model", "type", s.modelType());
        }
        if (s.sizeKiB() != null) {
            w.text("size", s.sizeKiB().toString(), "unit", "KiB");
        }
        if (s.serverPath() != null) {
            w.empty("server", "path", s.serverPath());
        }
        if (s.msi()) {
            w.empty("msi", "vectors", s.msiVectors() == null ? null : s.msiVectors().toString(),
                    "ioeventfd", s.msiIoeventfd());
        }
        DeviceInfoXml.write(w, s.info(), live);
        w.close("shmem");
    }
}
