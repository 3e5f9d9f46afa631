package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorDomain;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.DeviceChanges;

/**
 * Device attach and detach on a test domain. The test driver has no real devices, so a change is only a
 * change of the live and/or persistent definition; only {@code <interface>}s can be changed.
 */
final class TestDeviceChanges {

    private TestDeviceChanges() {
    }

    /**
     * Adds ({@code attach}) or removes an {@code <interface>} in the definitions {@code flags} select; a failure
     * leaves both untouched. Called under the domains' lock.
     */
    static void apply(DomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        DeviceChanges.Impact impact = DeviceChanges.impact(d.isActive(), d.persistent, flags);
        DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(deviceXml, attach, impact,
                ErrorDomain.TEST);
        // compute both results first so that a failure leaves both definitions untouched
        DomainDefinition live = impact.live() ? changed(d.def, change, attach) : null;
        DomainDefinition config = impact.config() ? changed(d.persistentDef(), change, attach) : null;
        if (live != null) {
            if (d.persistent && d.nextDef == null) {
                d.nextDef = d.def; // the persistent definition stays as it was
            }
            d.def = live;
        }
        if (config != null) {
            if (d.isActive()) {
                d.nextDef = config;
            } else {
                d.def = config;
            }
        }
    }

    private static DomainDefinition changed(DomainDefinition def, DeviceChanges.InterfaceChange change, boolean attach) {
        DomainDevices devices = def.devices();
        List<InterfaceDevice> interfaces;
        if (attach) {
            interfaces = DeviceChanges.withInterface(devices.interfaces(), change.device(), ErrorDomain.TEST);
        } else {
            interfaces = new ArrayList<>(devices.interfaces());
            interfaces.remove(DeviceChanges.find(interfaces, change, ErrorDomain.TEST));
        }
        return def.withDevices(devices.toBuilder().interfaces(interfaces).build());
    }
}
