package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/** A device verb with virsh's --persistent, --config, --live and --current. */
abstract class DeviceChangeCommand extends DomainCommand {

    @Option(name = "--persistent", description = "Make the live change persistent as well")
    boolean persistent;

    @Option(name = "--config", description = "Change the persistent configuration (next boot)")
    boolean config;

    @Option(name = "--live", description = "Change the running domain")
    boolean live;

    @Option(name = "--current", description = "Change the running domain if it runs, else the configuration")
    boolean current;

    DeviceModifyFlag[] flags(Domain domain) throws CommandException {
        return DeviceFlags.of(domain, persistent, config, live, current);
    }
}
