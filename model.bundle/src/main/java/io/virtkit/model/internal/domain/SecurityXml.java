package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainSecurity;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code <seclabel>}, {@code <keywrap>} and {@code <launchSecurity>} of {@code <domain>} ({@link DomainSecurity}). */
final class SecurityXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("seclabel@type", "seclabel@model", "seclabel@relabel",
            "seclabel/label", "seclabel/imagelabel", "seclabel/baselabel", "keywrap/cipher@name",
            "keywrap/cipher@state", "launchSecurity@type", "launchSecurity@kernelHashes", "launchSecurity/cbitpos",
            "launchSecurity/reducedPhysBits", "launchSecurity/policy", "launchSecurity/handle",
            "launchSecurity/dhCert", "launchSecurity/session");

    private SecurityXml() {
    }

    static DomainSecurity parse(XmlCursor root) {
        List<DomainSecurity.SecLabel> labels = new ArrayList<>();
        for (XmlCursor s : root.children("seclabel")) {
            labels.add(new DomainSecurity.SecLabel(s.attr("type"), s.attr("model"), DomainErrors.yesNoAttr(s, "relabel"),
                    s.childText("label"), s.childText("imagelabel"), s.childText("baselabel")));
        }
        List<DomainSecurity.Cipher> keywrap = null;
        XmlCursor kw = root.child("keywrap");
        if (kw != null) {
            keywrap = new ArrayList<>();
            for (XmlCursor c : kw.children("cipher")) {
                String name = c.attrOrEmpty("name");
                if (keywrap.stream().anyMatch(k -> k.name().equals(name))) {
                    throw DomainErrors.xmlError("duplicate cipher " + name);
                }
                Boolean on = DomainErrors.onOff(c, "state");
                if (on == null) {
                    throw DomainErrors.xmlError("missing state for cipher named " + name);
                }
                keywrap.add(new DomainSecurity.Cipher(name, on));
            }
        }
        return new DomainSecurity(labels, keywrap, launchSecurity(root.child("launchSecurity")));
    }

    private static DomainSecurity.LaunchSecurity launchSecurity(XmlCursor ls) {
        if (ls == null) {
            return null;
        }
        String type = ls.attrOrEmpty("type");
        if (!type.equals("sev")) {
            return new DomainSecurity.LaunchSecurity(type, null, null, null, null, null, null, null);
        }
        String policy = ls.childText("policy");
        return new DomainSecurity.LaunchSecurity(type, DomainErrors.yesNoAttr(ls, "kernelHashes"),
                unsigned(ls, "cbitpos"), unsigned(ls, "reducedPhysBits"), policy == null ? null : hex(policy),
                unsigned(ls, "handle"),
                ls.childText("dhCert"), ls.childText("session"));
    }

    private static Long unsigned(XmlCursor ls, String child) {
        String text = ls.childText(child);
        if (text == null) {
            return null;
        }
        try {
            long n = Long.parseLong(text.strip());
            if (n >= 0 && n <= 0xFFFFFFFFL) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DomainErrors.xmlError("Invalid value for element or attribute './" + child + "'");
    }

    /** The SEV policy as libvirt writes it ({@code 0x%04x}). */
    private static String hex(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(t.startsWith("0x") ? t.substring(2) : t, 16);
            if (n >= 0 && n <= 0xFFFFFFFFL) {
                return String.format(Locale.ROOT, "0x%04x", n);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DomainErrors.xmlError("failed to get launch security policy");
    }

    /** {@code <seclabel>}s, {@code <keywrap>} and {@code <launchSecurity>}, after {@code <devices>}. */
    static void write(XmlWriter w, DomainSecurity s) {
        if (s == null) {
            return;
        }
        for (DomainSecurity.SecLabel l : s.seclabels()) {
            String[] attrs = {"type", l.type(), "model", l.model(), "relabel", DomainErrors.yesNo(l.relabel())};
            if (l.label() == null && l.imageLabel() == null && l.baseLabel() == null) {
                w.empty("seclabel", attrs);
                continue;
            }
            w.open("seclabel", attrs);
            w.text("label", l.label());
            w.text("imagelabel", l.imageLabel());
            w.text("baselabel", l.baseLabel());
            w.close("seclabel");
        }
        if (s.keywrap() != null) {
            w.open("keywrap");
            for (DomainSecurity.Cipher c : s.keywrap()) {
                w.empty("cipher", "name", c.name(), "state", DomainErrors.onOff(c.on()));
            }
            w.close("keywrap");
        }
        DomainSecurity.LaunchSecurity ls = s.launchSecurity();
        if (ls == null) {
            return;
        }
        if (ls.type().equals("s390-pv")) {
            w.empty("launchSecurity", "type", ls.type());
            return;
        }
        w.open("launchSecurity", "type", ls.type(), "kernelHashes", DomainErrors.yesNo(ls.kernelHashes()));
        w.text("cbitpos", text(ls.cbitpos()));
        w.text("reducedPhysBits", text(ls.reducedPhysBits()));
        w.text("policy", ls.policy());
        w.text("handle", text(ls.handle()));
        w.text("dhCert", ls.dhCert());
        w.text("session", ls.session());
        w.close("launchSecurity");
    }

    private static String text(Long n) {
        return n == null ? null : n.toString();
    }
}
