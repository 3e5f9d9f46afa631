package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Option;

import io.virtkit.api.DomainSaveFlag;

/** A command that saves a domain's memory state (managedsave, save), with virsh's options for how. */
abstract class DomainSaveCommand extends DomainCommand {

    @Option(name = "--bypass-cache", description = "Avoid the host's file system cache while saving")
    boolean bypassCache;

    @Option(name = "--running", description = "Have the domain running when it is restored")
    boolean running;

    @Option(name = "--paused", description = "Leave the domain paused when it is restored")
    boolean paused;

    DomainSaveFlag[] saveFlags() {
        return SaveFlags.of(bypassCache, running, paused);
    }
}
