package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceIp;
import io.virtkit.model.domain.InterfaceSettings;
import io.virtkit.model.domain.InterfaceSource;
import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.BandwidthRate;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.VirtualPortType;
import io.virtkit.model.netcommon.Vlan;
import io.virtkit.model.netcommon.VlanTag;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code vif = [ 'mac=…, bridge=…, …' ]} list with libvirt's rules (xenParseVif, xenFormatNet): a bridge
 * (with Open vSwitch VLAN tags or trunks after {@code .} or {@code :}), else a routed (ethernet) interface; the
 * script, model (or the format's netfront {@code type}), vifname, IP addresses and outbound rate.
 */
final class XlVifs {
    /** libxl's hotplug script for a bridge, which libvirt writes when the definition names none. */
    static final String DEFAULT_SCRIPT = "vif-bridge";
    private static final Pattern RATE = Pattern.compile("^[0-9]+[GMK]?[Bb]/s$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_VLAN_TAG = 4095;

    private XlVifs() {
    }

    static List<InterfaceDevice> parse(XlConfig config, XlFormat format) {
        List<InterfaceDevice> nics = new ArrayList<>();
        if (!(config.get("vif") instanceof XlValue.XlList list)) {
            return nics;
        }
        for (XlValue item : list.items()) {
            if (item instanceof XlValue.Atom atom && atom.quoted()) { // libvirt skips what is not a string
                nics.add(parse(atom.text(), format));
            }
        }
        return nics;
    }

    private static InterfaceDevice parse(String entry, XlFormat format) {
        String mac = null;
        String bridge = null;
        String script = null;
        String model = null;
        String type = null;
        String vifname = null;
        String ip = null;
        String rate = null;
        int pos = 0;
        while (pos >= 0 && pos < entry.length()) {
            int equals = entry.indexOf('=', pos);
            if (equals < 0) {
                throw XlErrors.internal("malformed vif entry '" + entry + "'");
            }
            int comma = entry.indexOf(',', pos);
            int end = comma < 0 ? entry.length() : comma;
            String key = entry.substring(pos);
            String rest = entry.substring(equals + 1);
            String data = equals + 1 <= end ? entry.substring(equals + 1, end) : "";
            if (key.startsWith("mac=")) {
                mac = sized(data, 18, "MAC address " + rest);
            } else if (key.startsWith("bridge=")) {
                bridge = sized(data, 50, "Bridge " + rest);
            } else if (key.startsWith("script=")) {
                script = data;
            } else if (key.startsWith("model=")) {
                model = sized(data, 10, "Model " + rest);
            } else if (key.startsWith("type=")) {
                type = sized(data, 10, "Type " + rest);
            } else if (key.startsWith("vifname=")) {
                vifname = sized(data, 50, "Vifname " + rest);
            } else if (key.startsWith("ip=")) {
                ip = sized(data, 128, "IP " + rest);
            } else if (key.startsWith("rate=")) {
                rate = sized(data, 50, "rate " + rest);
            }
            pos = comma;
            while (pos >= 0 && pos < entry.length() && ",\t ".indexOf(entry.charAt(pos)) >= 0) {
                pos++;
            }
        }
        InterfaceDevice.Builder nic = InterfaceDevice.builder();
        if (mac != null && !mac.isEmpty()) {
            try {
                nic.mac(DomainXmlCodec.normalizeMac(mac));
            } catch (VirtException e) {
                throw XlErrors.internal("malformed mac address '" + mac + "'");
            }
        } else {
            nic.mac(randomXenMac());
        }
        boolean bridged = (bridge != null && !bridge.isEmpty()) || "vif-bridge".equals(script)
                || "vif-vnic".equals(script);
        if (bridged && (bridge == null || bridge.isEmpty())) {
            // libvirt reads a bridge interface without its bridge here, which no domain definition can hold
            throw XlErrors.internal("No <source> 'bridge' attribute specified with <interface type='bridge'/>");
        }
        nic.type(bridged ? InterfaceDevice.Type.BRIDGE : InterfaceDevice.Type.ETHERNET);
        Vlan vlan = null;
        VirtualPort port = null;
        if (bridged && bridge != null && !bridge.isEmpty()) {
            int dot = bridge.indexOf('.');
            int colon = bridge.indexOf(':');
            if (dot >= 0 || colon >= 0) {
                boolean trunk = dot < 0;
                String[] parts = trunk ? bridge.split(":", -1) : new String[] {bridge.substring(0, dot),
                    bridge.substring(dot + 1)};
                List<VlanTag> tags = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    tags.add(new VlanTag(vlanTag(parts[i], entry), null));
                }
                bridge = parts[0];
                vlan = new Vlan(trunk, tags);
                port = new VirtualPort(VirtualPortType.OPENVSWITCH, null, null, null, null, null, null);
            }
            nic.source(bridge);
        }
        List<InterfaceIp> ips = new ArrayList<>();
        if (ip != null && !ip.isEmpty()) {
            for (String address : ip.split(" ")) {
                if (!address.isEmpty()) {
                    if (!isIpAddress(address)) {
                        // libvirt's socket address parser, which reads each address for the definition
                        throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE,
                                "Cannot parse socket address '" + address + "': Name or service not known");
                    }
                    ips.add(new InterfaceIp(address, address.contains(":") ? "ipv6" : "ipv4", null, null));
                }
            }
        }
        if (model != null && !model.isEmpty()) {
            nic.model(model);
        } else if (type != null && type.equals(format.vifTypeName())) {
            nic.model("netfront");
        }
        if (vifname != null && !vifname.isEmpty()) {
            nic.targetDev(vifname);
        }
        Bandwidth bandwidth = rate == null || rate.isEmpty() ? null
                : new Bandwidth(null, null, new BandwidthRate(rate(rate), null, null, null));
        InterfaceSettings.HostSide host = new InterfaceSettings.HostSide(script == null || script.isEmpty() ? null
                : script, null, null, null, null, null, null, null, null, null, null, null);
        nic.settings(new InterfaceSettings(vlan, port, bandwidth, null, null, null, null, null, null, null, null,
                InterfaceSource.NONE, host, null, ips, List.of(), List.of(), null, null));
        return nic.build();
    }

    /** libvirt reads the values into fixed buffers and refuses what does not fit. */
    private static String sized(String data, int buffer, String what) {
        if (data.length() >= buffer) {
            throw XlErrors.internal(what + " too big for destination");
        }
        return data;
    }

    /** A VLAN tag after the bridge's {@code .} or {@code :}: a number a VLAN can carry (0 to 4095). */
    private static int vlanTag(String text, String entry) {
        int tag;
        try {
            tag = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw XlErrors.internal("malformed vif entry '" + entry + "'");
        }
        if (tag < 0 || tag > MAX_VLAN_TAG) {
            throw XlErrors.internal("malformed vif entry '" + entry + "'");
        }
        return tag;
    }

    /** Whether the text is a numeric IPv4 (dotted quad) or IPv6 address, never resolving it as a name. */
    static boolean isIpAddress(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (text.length() > 45 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return false;
        }
        try {
            // in brackets the JDK reads the text as an IPv6 literal only and never looks it up
            InetAddress.getByName("[" + text + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A rate such as {@code 10MB/s} or {@code 100Mb/s@20ms} in kilobytes per second. */
    static long rate(String rate) {
        String value = rate.contains("@") ? rate.substring(0, rate.indexOf('@')) : rate;
        if (!RATE.matcher(value).matches()) {
            throw XlErrors.internal("Invalid rate '" + rate + "' specified");
        }
        int digits = 0;
        while (Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        long amount = Long.parseLong(value.substring(0, digits));
        char unit = value.charAt(digits);
        if (unit == 'G') {
            amount *= 1024 * 1024;
        } else if (unit == 'M') {
            amount *= 1024;
        }
        if (unit == 'b' || value.charAt(digits + 1) == 'b') {
            amount /= 8;
        }
        return amount;
    }

    /**
     * A MAC in Xen's range (00:16:3e) for a vif without one: libvirt leaves it unset and libxl picks one at
     * start, but a definition here always has its address.
     */
    private static String randomXenMac() {
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        return "00:16:3e:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }

    /**
     * The list of a definition's interfaces; a {@code network} interface is written with the bridge
     * {@code networkBridge} gives for its network ({@code null}: not active), as libvirt asks its network driver.
     */
    static void format(List<InterfaceDevice> nics, boolean hvm, XlFormat format,
            Function<String, String> networkBridge, XlConfig out) {
        List<String> entries = new ArrayList<>();
        for (InterfaceDevice nic : nics) {
            entries.add(format(nic, hvm, format, networkBridge));
        }
        if (!entries.isEmpty()) {
            out.set("vif", XlValue.strings(entries));
        }
    }

    static String format(InterfaceDevice nic, boolean hvm, XlFormat format,
            Function<String, String> networkBridge) {
        StringBuilder vif = new StringBuilder("mac=").append(nic.mac());
        InterfaceSettings settings = nic.settings();
        String script = settings.host().script();
        switch (nic.type()) {
            case BRIDGE -> {
                vif.append(",bridge=").append(nic.source());
                if (settings.virtualPort() != null && settings.virtualPort().type() == VirtualPortType.OPENVSWITCH) {
                    if (script == null) {
                        script = "vif-openvswitch";
                    }
                    Vlan vlan = settings.vlan();
                    if (vlan != null && !vlan.tags().isEmpty()) {
                        if (vlan.trunk()) {
                            vlan.tags().forEach(t -> vif.append(':').append(t.id()));
                        } else {
                            vif.append('.').append(vlan.tags().get(0).id());
                        }
                    }
                }
                appendIps(settings, vif);
                vif.append(",script=").append(script == null ? DEFAULT_SCRIPT : script);
            }
            case ETHERNET -> {
                if (script != null) {
                    vif.append(",script=").append(script);
                }
                appendIps(settings, vif);
            }
            case NETWORK -> {
                String bridge = networkBridge == null ? null : networkBridge.apply(nic.source());
                if (bridge == null) {
                    // libvirt's network driver's answer for a network it does not know
                    throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                            "no network with matching name '" + nic.source() + "'");
                }
                vif.append(",bridge=").append(bridge).append(",script=").append(DEFAULT_SCRIPT);
            }
            default -> throw XlErrors.unsupported("Unsupported net type '" + nic.type().xmlName() + "'");
        }
        if (nic.model() != null) {
            if (hvm && nic.model().equals("netfront")) {
                vif.append(",type=").append(format.vifTypeName());
            } else {
                vif.append(",model=").append(nic.model());
            }
        }
        if (nic.targetDev() != null) {
            vif.append(",vifname=").append(nic.targetDev());
        }
        Bandwidth bandwidth = settings.bandwidth();
        if (bandwidth != null && bandwidth.outbound() != null && bandwidth.outbound().average() != null
                && bandwidth.outbound().average() != 0) {
            vif.append(",rate=").append(bandwidth.outbound().average()).append("KB/s");
        }
        return vif.toString();
    }

    private static void appendIps(InterfaceSettings settings, StringBuilder vif) {
        if (!settings.ips().isEmpty()) {
            vif.append(",ip=").append(String.join(" ", settings.ips().stream().map(InterfaceIp::address).toList()));
        }
    }
}
