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

    private static final List<String> CIPHERS = List.of("aes", "dea");

    private SecurityXml() {
    }

    static DomainSecurity parse(XmlCursor root) {
        List<DomainSecurity.SecLabel> labels = new ArrayList<>();
        for (XmlCursor s : root.children("seclabel")) {
            String type = DomainErrors.choice(s, "type", DomainSecurity.LABEL_TYPES);
            Boolean relabel = DomainErrors.yesNoAttr(s, "relabel");
            String label = s.childText("label");
            if ("static".equals(type) && label == null) {
                throw DomainErrors.xmlError("security label is missing");
            }
            if ("none".equals(type) && Boolean.TRUE.equals(relabel)) {
                throw DomainErrors.xmlError("Unsupported type='none' with relabel='yes'");
            }
            labels.add(new DomainSecurity.SecLabel(type, s.attr("model"), relabel, label, s.childText("imagelabel"),
                    s.childText("baselabel")));
        }
        List<DomainSecurity.Cipher> keywrap = null;
        XmlCursor kw = root.child("keywrap");
        if (kw != null) {
            keywrap = new ArrayList<>();
            for (XmlCursor c : kw.children("cipher")) {
                String name = c.attrOrEmpty("name");
                if (!CIPHERS.contains(name)) {
                    throw DomainErrors.xmlError("cipher name '" + name + "' is not supported");
                }
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
        if (!DomainSecurity.LAUNCH_TYPES.contains(type)) {
            throw DomainErrors.unsupported("unsupported launch security type '" + type + "'");
        }
        if (type.equals("s390-pv")) {
            return new DomainSecurity.LaunchSecurity(type, null, null, null, null, null, null, null);
        }
        String policy = ls.childText("policy");
        if (policy == null) {
            throw DomainErrors.xmlError("failed to get launch security policy");
        }
        return new DomainSecurity.LaunchSecurity(type, DomainErrors.yesNoAttr(ls, "kernelHashes"),
                unsigned(ls, "cbitpos"), unsigned(ls, "reducedPhysBits"), hex(policy), unsigned(ls, "handle"),
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
