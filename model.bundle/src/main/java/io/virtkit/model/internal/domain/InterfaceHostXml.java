package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceSettings.HostSide;
import io.virtkit.model.internal.xml.XmlCursor;
import java.util.List;

/**
 * The host side of {@code <interface>}: its {@code managed} and {@code trustGuestRxFilters} attributes, the
 * MAC's {@code type} and {@code check}, scripts, the guest-side names and the back end. Written by
 * {@link InterfaceXml} and {@link InterfaceSettingsXml} at libvirt's places.
 */
final class InterfaceHostXml {

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = List.of("@managed", "@trustGuestRxFilters", "mac@type", "mac@check",
            "script", "script@path", "downscript", "downscript@path", "guest", "guest@dev", "guest@actual",
            "backend", "backend@type", "backend@tap", "backend@vhost", "backend@logFile");

    private InterfaceHostXml() {
    }

    static HostSide parse(XmlCursor i, InterfaceDevice.Type type) {
        XmlCursor mac = i.child("mac");
        XmlCursor script = i.child("script");
        XmlCursor downscript = i.child("downscript");
        XmlCursor guest = i.child("guest");
        XmlCursor backend = i.child("backend");
        return new HostSide(script == null ? null : script.attr("path"),
                downscript == null ? null : downscript.attr("path"), guest == null ? null : guest.attr("dev"),
                guest == null ? null : guest.attr("actual"),
                backend == null ? null : DeviceAttrs.oneOf(backend, "type", "passt"),
                backend == null ? null : backend.attr("tap"), backend == null ? null : backend.attr("vhost"),
                backend == null ? null : backend.attr("logFile"),
                mac == null ? null : DeviceAttrs.oneOf(mac, "type", "generated", "static"),
                mac == null ? null : DeviceAttrs.yesNo(mac, "check"),
                type == InterfaceDevice.Type.HOSTDEV ? DeviceAttrs.yesNo(i, "managed") : null,
                DeviceAttrs.yesNo(i, "trustGuestRxFilters"));
    }
}
