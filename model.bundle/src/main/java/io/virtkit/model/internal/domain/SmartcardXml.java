package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.SmartcardDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code <smartcard>}: a host reader, three certificates in an NSS database, or a passed-through character device. */
final class SmartcardXml {

    /** The keys this codec reads, relative to {@code <smartcard>}. */
    static final List<String> MODELLED = Stream.of(Stream.of("@mode", "certificate", "database"),
            CharDeviceXml.SOURCE_KEYS.stream()).flatMap(s -> s).toList();

    private SmartcardXml() {
    }

    static SmartcardDevice parse(XmlCursor c, boolean live) {
        String mode = c.attr("mode");
        if (mode == null) {
            throw DomainErrors.xmlError("missing smartcard device mode");
        }
        List<String> certificates = new ArrayList<>();
        String database = null;
        CharDevice passthrough = null;
        switch (mode) {
            case "host" -> {
                // nothing more: the host's own reader
            }
            case "host-certificates" -> {
                for (XmlCursor cert : c.children("certificate")) {
                    String text = cert.text();
                    if (text == null || text.isEmpty()) {
                        throw DomainErrors.xmlError("host-certificates mode needs exactly three certificates");
                    }
                    certificates.add(text);
                }
                if (certificates.size() != 3) {
                    throw DomainErrors.xmlError("host-certificates mode needs exactly three certificates");
                }
                database = c.childText("database");
                if (database != null && !database.startsWith("/")) {
                    throw DomainErrors.xmlError("expecting absolute path: " + database);
                }
            }
            case "passthrough" -> {
                if (c.attr("type") == null) {
                    throw DomainErrors.xmlError("passthrough mode requires a character device type attribute");
                }
                CharDevice.Builder b = CharDevice.builder();
                CharDeviceXml.parseSource(c, b); // its log and seclabels too
                passthrough = b.build();
            }
            default -> throw DomainErrors.xmlError("unknown smartcard device mode: " + mode);
        }
        return new SmartcardDevice(mode, certificates, database, passthrough, DeviceInfoXml.parse(c, live));
    }

    static void write(XmlWriter w, SmartcardDevice c, boolean live) {
        CharDevice p = c.passthrough();
        String[] attrs = {"mode", c.mode(), "type", p == null ? null : p.type().xmlName()};
        XmlWriter probe = new XmlWriter();
        writeChildren(probe, c, live);
        if (probe.toString().isEmpty()) {
            w.empty("smartcard", attrs);
            return;
        }
        w.open("smartcard", attrs);
        writeChildren(w, c, live);
        w.close("smartcard");
    }

    private static void writeChildren(XmlWriter w, SmartcardDevice c, boolean live) {
        CharDevice p = c.passthrough();
        for (String cert : c.certificates()) {
            w.text("certificate", cert);
        }
        w.text("database", c.database());
        if (p != null) {
            CharDeviceXml.writeSource(w, p);
        }
        DeviceInfoXml.write(w, c.info(), live);
    }
}
