package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/** A device verb that also takes virsh's --persistent: the configuration, and the domain too if it runs. */
abstract class DeviceChangeCommand extends DeviceScopeCommand {

    @Option(name = "--persistent", description = "Make the live change persistent as well")
    boolean persistent;

    DeviceModifyFlag[] flags(Domain domain) throws CommandException {
        return DeviceFlags.of(domain, persistent, config, live, current);
    }
}
