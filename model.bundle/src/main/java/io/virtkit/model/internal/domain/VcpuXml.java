package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainVcpus;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <vcpu>} with its count, placement, current and cpuset, and {@code <vcpus>}. */
final class VcpuXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("vcpu", "vcpu@current", "vcpu@cpuset", "vcpus", "vcpus/vcpu",
            "vcpus/vcpu@id", "vcpus/vcpu@enabled", "vcpus/vcpu@hotpluggable", "vcpus/vcpu@order");

    private VcpuXml() {
    }

    /** The settings of {@code <vcpu>} and {@code <vcpus>} under {@code root}, {@code null} without any. */
    static DomainVcpus parse(XmlCursor root) {
        XmlCursor vcpu = root.child("vcpu");
        Integer current = vcpu == null ? null : DomainErrors.unsigned(vcpu, "current");
        String cpuset = vcpu == null ? null : vcpu.attr("cpuset");
        List<DomainVcpus.Vcpu> list = new ArrayList<>();
        XmlCursor vcpus = root.child("vcpus");
        if (vcpus != null) {
            for (XmlCursor v : vcpus.children("vcpu")) {
                Integer id = DomainErrors.unsigned(v, "id");
                Boolean enabled = DomainErrors.yesNoAttr(v, "enabled");
                if (id == null || enabled == null) {
                    throw DomainErrors.xmlError("missing vcpu id or enabled state");
                }
                list.add(new DomainVcpus.Vcpu(id, enabled, DomainErrors.yesNoAttr(v, "hotpluggable"),
                        DomainErrors.unsigned(v, "order")));
            }
        }
        DomainVcpus settings = new DomainVcpus(current, cpuset, list);
        return settings.isEmpty() ? null : settings;
    }

    /** Writes {@code <vcpu>} with its count and placement, and {@code <vcpus>}. */
    static void write(XmlWriter w, int count, String placement, DomainVcpus settings) {
        DomainVcpus s = settings == null ? new DomainVcpus(null, null, List.of()) : settings;
        w.text("vcpu", Integer.toString(count), "placement", placement, "cpuset", s.cpuset(), "current",
                DomainErrors.text(s.current()));
        if (s.vcpus().isEmpty()) {
            return;
        }
        w.open("vcpus");
        for (DomainVcpus.Vcpu v : s.vcpus()) {
            w.empty("vcpu", "id", Integer.toString(v.id()), "enabled", DomainErrors.yesNo(v.enabled()),
                    "hotpluggable", DomainErrors.yesNo(v.hotpluggable()), "order", DomainErrors.text(v.order()));
        }
        w.close("vcpus");
    }
}
