package io.virtkit.xen.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlFormat;

/**
 * Persistent definitions on the Xen host ({@link XenHostFiles#DEFINITIONS}): define checks everything before the
 * file is written (the XML, that it converts to an xl configuration, name and UUID clashes), so a refused define
 * leaves nothing; the file is replaced atomically. DEFINED and UNDEFINED events are reported by
 * {@link XenDomainEvents} from what the host shows, as for definitions another Virtkit changes.
 */
final class XenDefinitions {

    private final XlToolstack xl;
    private final XenInventory inventory;

    XenDefinitions(XlToolstack xl, XenInventory inventory) {
        this.xl = xl;
        this.inventory = inventory;
    }

    /** Parses and checks a definition for this driver: Xen's domain type, and that xl can run it. */
    static DomainDefinition parseForXen(String xml) {
        DomainDefinition def = DomainXmlCodec.parse(xml);
        if (!"xen".equals(def.type())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                    "Unsupported domain type '" + def.type() + "', the Xen driver runs type 'xen'");
        }
        if (def.name().contains("/")) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.LIBXL, "name " + def.name() + " cannot contain '/'");
        }
        XlCodec.toConfig(def, XlFormat.XL); // refuses what xl cannot express before anything is written
        return def;
    }

    /**
     * The domain of {@code def}'s name or UUID, refused as libvirt refuses clashes: another domain with the name,
     * or the UUID under another name; null when neither exists.
     */
    static XenDomain clash(List<XenDomain> domains, DomainDefinition def) {
        for (XenDomain d : domains) {
            if (d.uuid().equals(def.uuid()) && !d.name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                        "domain '" + d.name() + "' is already defined with uuid " + d.uuid());
            }
            if (d.name().equals(def.name()) && !d.uuid().equals(def.uuid())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                        "domain '" + d.name() + "' already exists with uuid " + d.uuid());
            }
            if (d.name().equals(def.name())) {
                return d;
            }
        }
        return null;
    }

    DomainRef define(String xml) {
        DomainDefinition def = parseForXen(xml);
        if (def.name().equals(XlListing.DOM0)) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "Domain-0 cannot be defined");
        }
        XenDomain existing = clash(inventory.all(), def);
        xl.checked("writing the definition", XenHostFiles.writeAtomically(XenHostFiles.definition(def.name())),
                DomainXmlCodec.format(def).getBytes(StandardCharsets.UTF_8), xl.timeout());
        return new DomainRef(def.name(), def.uuid(), existing == null ? -1 : existing.id());
    }

    void undefine(DomainRef ref) {
        XenDomain domain = inventory.of(ref);
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "Domain-0 cannot be undefined");
        }
        if (domain.definition() == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "cannot undefine transient domain");
        }
        xl.checked("removing the definition", "rm -f " + ShellQuoting.quote(XenHostFiles.autostartLink(domain.name()))
                + " " + ShellQuoting.quote(XenHostFiles.definition(domain.name())), new byte[0], xl.timeout());
    }
}
