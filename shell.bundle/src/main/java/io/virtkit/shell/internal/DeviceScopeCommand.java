package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.DeviceModifyFlag;

/** A device verb with virsh's --config, --live and --current: where the change applies. */
abstract class DeviceScopeCommand extends DomainCommand {

    @Option(name = "--config", description = "Change the persistent configuration (next boot)")
    boolean config;

    @Option(name = "--live", description = "Change the running domain")
    boolean live;

    @Option(name = "--current", description = "Change the running domain if it runs, else the configuration")
    boolean current;

    DeviceModifyFlag[] scope() throws CommandException {
        return DeviceFlags.of(config, live, current);
    }
}
