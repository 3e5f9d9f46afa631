package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.DeviceModifyFlag;

/** virsh's --config/--live/--current for device verbs: --current cannot be combined with the others. */
final class DeviceFlags {

    private DeviceFlags() {
    }

    static DeviceModifyFlag[] of(boolean config, boolean live, boolean current) throws CommandException {
        if (current && live) {
            throw Errors.of("Options --current and --live are mutually exclusive");
        }
        if (current && config) {
            throw Errors.of("Options --current and --config are mutually exclusive");
        }
        List<DeviceModifyFlag> flags = new ArrayList<>();
        if (config) {
            flags.add(DeviceModifyFlag.CONFIG);
        }
        if (live) {
            flags.add(DeviceModifyFlag.LIVE);
        }
        return flags.toArray(DeviceModifyFlag[]::new);
    }

    /** Escapes an attribute value for the device XML the shell writes. */
    static String attr(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
