package io.virtkit.xen.internal;

import java.util.UUID;

import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * A domain's XML: the definition for one that does not run; for a running one the XML it was started with (kept in
 * {@link XenHostFiles#LIVE}) with its id, or — for a domain started by someone else ({@code xl create} typed on the
 * host) or Domain-0 — what libxl's own configuration of it says ({@code xl list -l}).
 */
final class XenDomainXml {

    private final XlToolstack xl;

    XenDomainXml(XlToolstack xl) {
        this.xl = xl;
    }

    String xml(XenDomain domain, boolean inactive, boolean secure) {
        XmlFlag[] flags = secure ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        if (!domain.active() || (inactive && domain.definition() != null)) {
            return DomainXmlCodec.format(DomainXmlCodec.parse(domain.definition()), flags);
        }
        return DomainXmlCodec.formatLive(liveDefinition(domain), domain.id(), flags);
    }

    /** What a running domain runs with. */
    DomainDefinition liveDefinition(XenDomain domain) {
        CommandResult live = xl.run("cat " + ShellQuoting.quote(XenHostFiles.live(domain.name())) + " 2>/dev/null",
                new byte[0], xl.timeout());
        if (live.succeeded() && !live.stdout().isBlank()) {
            DomainDefinition def = DomainXmlCodec.parseLive(live.stdout());
            if (def.uuid().equals(domain.uuid())) {
                return def;
            }
        }
        return fromLibxl(domain);
    }

    /** The XML of libxl's configuration of a domain Virtkit did not start: name, UUID, memory, vCPUs, OS type. */
    DomainDefinition fromLibxl(XenDomain domain) {
        Object config = xl.configOf(domain.id());
        long maxKiB = XlJson.number(config, domain.live().memoryMiB() * 1024, "config", "b_info", "max_memkb");
        long currentKiB = XlJson.number(config, domain.live().memoryMiB() * 1024, "config", "b_info", "target_memkb");
        long vcpus = XlJson.number(config, domain.live().vcpus(), "config", "b_info", "max_vcpus");
        String type = XlJson.string(config, "config", "c_info", "type");
        String osType = "hvm".equals(type) ? "hvm" : "pvh".equals(type) ? "xenpvh" : "xen";
        UUID uuid = domain.uuid();
        String xml = "<domain type='xen'><name>" + escape(domain.name()) + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='KiB'>" + Math.max(maxKiB, currentKiB) + "</memory><currentMemory unit='KiB'>"
                + currentKiB + "</currentMemory><vcpu>" + Math.max(1, vcpus) + "</vcpu><os><type>" + osType
                + "</type></os></domain>";
        return DomainXmlCodec.parse(xml);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
