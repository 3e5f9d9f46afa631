package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceSettings;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code <interface>}: a NIC with its MAC, source network or bridge, host-side target, model and MTU. */
public final class InterfaceXml {

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = java.util.stream.Stream.concat(java.util.stream.Stream.of("@type",
            "mac@address", "target@dev", "target@managed", "model@type", "mtu@size"),
            java.util.stream.Stream.of(InterfaceSourceXml.MODELLED, InterfaceSettingsXml.MODELLED,
                    InterfaceHostXml.MODELLED).flatMap(List::stream)).toList();

    private InterfaceXml() {
    }

    static InterfaceDevice parse(XmlCursor i) {
        InterfaceDevice.Type type = DomainErrors.enumAttr(i, "type", InterfaceDevice.Type.class, null);
        if (type == null) {
            throw DomainErrors.invalidAttribute("type", "interface", "");
        }
        XmlCursor macEl = i.child("mac");
        String mac = macEl == null ? null : macEl.attr("address");
        mac = mac == null ? randomMac() : normalizeMac(mac);
        String source = InterfaceSourceXml.name(i, type);
        XmlCursor target = i.child("target");
        Boolean managed = null;
        String managedText = target == null ? null : target.attr("managed");
        if (managedText != null) {
            managed = DomainErrors.yesNo(managedText, "managed", "target");
        }
        Integer mtu = null;
        XmlCursor mtuEl = i.child("mtu");
        if (mtuEl != null) {
            try {
                mtu = Integer.parseUnsignedInt(mtuEl.attrOrEmpty("size"));
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("malformed mtu size");
            }
        }
        XmlCursor model = i.child("model");
        return InterfaceDevice.builder().type(type).mac(mac).source(source)
                .targetDev(target == null ? null : target.attr("dev")).targetManaged(managed)
                .model(model == null ? null : model.attr("type")).mtu(mtu)
                .settings(InterfaceSettingsXml.parse(i, InterfaceSourceXml.parse(i, type),
                        InterfaceHostXml.parse(i, type))).build();
    }

    /**
     * Validates a MAC address as libvirt does and returns it in canonical form (lower case, two digits per
     * byte); {@link io.virtkit.model.domain.DomainXmlCodec#normalizeMac} is its public face.
     */
    public static String normalizeMac(String mac) {
        // By hand rather than split/regex: every NIC of every parse comes here.
        byte[] bytes = new byte[6];
        int n = 0;
        int i = 0;
        boolean ok = true;
        while (ok && n < 6) {
            int start = i;
            int value = 0;
            while (i < mac.length() && mac.charAt(i) != ':' && mac.charAt(i) != '-') {
                int digit = Character.digit(mac.charAt(i), 16);
                ok &= digit >= 0;
                value = value * 16 + Math.max(digit, 0);
                i++;
            }
            ok &= i - start == 1 || i - start == 2;
            bytes[n++] = (byte) value;
            if (n < 6) {
                ok &= i < mac.length();
                i++;
            }
        }
        ok &= i == mac.length();
        if (!ok) {
            throw DomainErrors.xmlError("unable to parse mac address '" + mac + "'");
        }
        if ((bytes[0] & 1) != 0) {
            throw DomainErrors.xmlError("expected unicast mac address, found multicast '" + mac + "'");
        }
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    /** A random MAC with the locally administered prefix libvirt uses for QEMU guests. */
    private static String randomMac() {
        byte[] tail = new byte[3];
        ThreadLocalRandom.current().nextBytes(tail);
        return "52:54:00:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }

    static void write(XmlWriter w, InterfaceDevice i, boolean live) {
        InterfaceSettings.HostSide h = i.settings().host();
        w.open("interface", "type", i.type().xmlName(), "managed", DeviceAttrs.yesNo(h.managed()),
                "trustGuestRxFilters", DeviceAttrs.yesNo(h.trustGuestRxFilters()));
        w.empty("mac", "address", i.mac(), "type", h.macType(), "check", DeviceAttrs.yesNo(h.macCheck()));
        InterfaceSourceXml.write(w, i);
        InterfaceSettingsXml.writeBeforeTarget(w, i.settings());
        if (i.targetDev() != null || i.targetManaged() != null) {
            w.empty("target", "dev", i.targetDev(), "managed",
                    i.targetManaged() == null ? null : i.targetManaged() ? "yes" : "no");
        }
        if (h.guestDev() != null || h.guestActual() != null) {
            w.empty("guest", "dev", h.guestDev(), "actual", h.guestActual());
        }
        if (i.model() != null) {
            w.empty("model", "type", i.model());
        }
        if (h.backendType() != null || h.backendTap() != null || h.backendVhost() != null
                || h.backendLogFile() != null) {
            w.empty("backend", "type", h.backendType(), "tap", h.backendTap(), "vhost", h.backendVhost(),
                    "logFile", h.backendLogFile());
        }
        InterfaceSettingsXml.writeAfterModel(w, i.settings());
        if (i.mtu() != null) {
            w.empty("mtu", "size", i.mtu().toString());
        }
        InterfaceSettingsXml.writeAfterMtu(w, i.settings());
        DeviceInfoXml.write(w, i.info(), live);
        w.close("interface");
    }
}
