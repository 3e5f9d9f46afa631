package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

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

    /**
     * virsh's flags for a verb that also takes --persistent: the configuration, and the running domain too when it
     * runs; it cannot be combined with --current.
     */
    static DeviceModifyFlag[] of(Domain domain, boolean persistent, boolean config, boolean live, boolean current)
            throws CommandException {
        if (persistent && current) {
            throw Errors.of("Options --persistent and --current are mutually exclusive");
        }
        DeviceModifyFlag[] flags = of(config || persistent, live, current);
        if (persistent && !live && domain.isActive()) {
            flags = of(true, true, false);
        }
        return flags;
    }

    /** Whether the flags change only the persistent configuration (virsh then reads the inactive XML). */
    static boolean configOnly(DeviceModifyFlag[] flags) {
        return flags.length == 1 && flags[0] == DeviceModifyFlag.CONFIG;
    }

    /** Escapes an attribute value for the device XML the shell writes. */
    static String attr(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }
}
