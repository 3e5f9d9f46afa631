package io.virtkit.support;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every driver does the same way for {@code virDomainAttachDeviceFlags}/{@code virDomainDetachDeviceFlags}:
 * resolving where a change applies and reading the device XML. Only {@code <interface>} devices are known.
 */
public final class DeviceChanges {
    private DeviceChanges() {
    }

    /** Where a change applies after resolving {@link DeviceModifyFlag#CURRENT}. */
    public record Impact(boolean live, boolean config) {
    }

    /** A parsed {@code <interface>}; {@code macGiven} is false when the parser made the MAC up. */
    public record InterfaceChange(InterfaceDevice device, boolean macGiven) {
    }

    private static final Pattern ROOT = Pattern.compile("^\\s*(?:<\\?xml[^>]*\\?>\\s*)?(?:<!--.*?-->\\s*)*<([A-Za-z_][\\w.-]*)",
            Pattern.DOTALL);
    private static final Pattern MAC = Pattern.compile("<mac[\\s/>]");

    /**
     * Resolves the flags as libvirt does: CURRENT means live when active, else config.
     *
     * @throws VirtException OPERATION_INVALID for LIVE on an inactive domain or CONFIG on a transient one
     */
    public static Impact impact(boolean active, boolean persistent, Set<DeviceModifyFlag> flags) {
        boolean live = flags.contains(DeviceModifyFlag.LIVE);
        boolean config = flags.contains(DeviceModifyFlag.CONFIG);
        if (!live && !config) {
            live = active;
            config = !active;
        }
        if (live && !active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        if (config && !persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "cannot change persistent config of a transient domain");
        }
        return new Impact(live, config);
    }

    /**
     * Parses a device XML that must be an {@code <interface>}; {@code attach} and {@code impact} choose
     * libvirt's wording for the other devices ("live attach of device 'disk' is not supported").
     */
    public static InterfaceChange parseInterface(String deviceXml, boolean attach, Impact impact, ErrorDomain from) {
        if (deviceXml == null || deviceXml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, from, "xml must not be empty");
        }
        Matcher m = ROOT.matcher(deviceXml);
        if (!m.find()) {
            throw new VirtException(ErrorCode.XML_ERROR, from, "unknown device type");
        }
        String root = m.group(1);
        if (!"interface".equals(root)) {
            String what = (impact.live() ? "live " : "persistent ") + (attach ? "attach" : "detach")
                    + " of device '" + root + "' is not supported";
            throw new VirtException(impact.live() ? ErrorCode.OPERATION_UNSUPPORTED : ErrorCode.CONFIG_UNSUPPORTED,
                    from, what);
        }
        String body = deviceXml.substring(m.start(1) - 1);
        // the codec reads devices only inside a domain, so wrap the fragment in the smallest one it accepts
        DomainDefinition def = DomainXmlCodec.parse("<domain type='test'><name>device</name><memory>1024</memory>"
                + "<os><type>hvm</type></os><devices>" + body + "</devices></domain>");
        if (def.devices().interfaces().size() != 1) {
            throw new VirtException(ErrorCode.XML_ERROR, from, "expected exactly one interface device");
        }
        return new InterfaceChange(def.devices().interfaces().get(0), MAC.matcher(body).find());
    }

    /** {@code interfaces} plus {@code added}, refusing a MAC already in use as libvirt does. */
    public static List<InterfaceDevice> withInterface(List<InterfaceDevice> interfaces, InterfaceDevice added,
            ErrorDomain from) {
        for (InterfaceDevice i : interfaces) {
            if (i.mac().equals(added.mac())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, from,
                        "target already exists: MAC address " + added.mac());
            }
        }
        List<InterfaceDevice> result = new ArrayList<>(interfaces);
        result.add(added);
        return result;
    }

    /**
     * The index of the interface {@code wanted} names: by MAC when it gives one, else the only interface
     * of its type, as libvirt's {@code virDomainNetFindIdx}.
     *
     * @throws VirtException OPERATION_FAILED when none or several match
     */
    public static int find(List<InterfaceDevice> interfaces, InterfaceChange wanted, ErrorDomain from) {
        int found = -1;
        int matches = 0;
        for (int i = 0; i < interfaces.size(); i++) {
            InterfaceDevice d = interfaces.get(i);
            boolean match = wanted.macGiven() ? d.mac().equals(wanted.device().mac())
                    : d.type() == wanted.device().type();
            if (match) {
                found = found < 0 ? i : found;
                matches++;
            }
        }
        if (matches == 1) {
            return found;
        }
        String what = wanted.macGiven() ? "MAC address " + wanted.device().mac()
                : "type " + wanted.device().type().xmlName();
        throw new VirtException(ErrorCode.OPERATION_FAILED, from,
                (matches == 0 ? "no device matching " : "multiple devices matching ") + what + " found");
    }
}
