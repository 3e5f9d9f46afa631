package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

/**
 * A memory or vCPU verb with virsh's --config, --live and --current (setmem, setmaxmem, setvcpus): --current
 * cannot be combined with the others; --config with --live is left to the API, which names libvirt's flags.
 */
abstract class ResourceScopeCommand extends DomainCommand {

    @Option(name = "--config", description = "Affect the next boot (the persistent configuration)")
    boolean config;

    @Option(name = "--live", description = "Affect the running domain")
    boolean live;

    @Option(name = "--current", description = "Affect the running domain if it runs, else the configuration")
    boolean current;

    /** virsh's check of --current against --live and --config. */
    void checkScope() throws CommandException {
        if (current && live) {
            throw Errors.of("Options --current and --live are mutually exclusive");
        }
        if (current && config) {
            throw Errors.of("Options --current and --config are mutually exclusive");
        }
    }
}
