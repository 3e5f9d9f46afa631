package io.virtkit.xen.internal;

import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.toolstack.XlToolstack;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlConfig;
import io.virtkit.xen.internal.xl.XlFormat;

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

    /**
     * The definition libxl's configuration of a domain Virtkit did not start gives ({@code xl list -l}, read as the
     * xl configuration it stands for); what it lacks (Domain-0's has little) is taken from the listing.
     */
    DomainDefinition fromLibxl(XenDomain domain) {
        Object config = XlJson.path(xl.configOf(domain.id()), "config");
        XlConfig xlConfig = LibxlJsonDomain.config(config);
        xlConfig.set("name", domain.name()).set("uuid", domain.uuid().toString());
        if (xlConfig.get("memory") == null) {
            xlConfig.set("memory", domain.live().memoryMiB());
        }
        if (xlConfig.get("vcpus") == null) {
            xlConfig.set("vcpus", Math.max(1, domain.live().vcpus()));
        }
        return XlCodec.toDomain(xlConfig, XlFormat.XL);
    }

}
