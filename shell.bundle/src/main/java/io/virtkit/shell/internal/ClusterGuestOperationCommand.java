package io.virtkit.shell.internal;

import java.util.function.Supplier;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.VirtException;

/**
 * A cluster guest verb that another host carries out and that may take a while (start, stop, migrate): the elapsed
 * time shows while it runs ({@link ClusterOperationWatch}), and its failure is virsh's two lines.
 */
abstract class ClusterGuestOperationCommand extends ClusterGuestCommand {

    @Option(name = "--verbose", description = "Show the elapsed time even where the output is no terminal")
    boolean verbose;

    /** The console session: the elapsed time shows only on a terminal. */
    @Reference
    Session session;

    /**
     * The cluster's answer to {@code call}, the elapsed time shown under {@code label} meanwhile.
     *
     * @param operation what goes on if the user stops waiting ("the migration of guest 'web'")
     * @param failure   the verb's own first line when the cluster refuses ("Failed to migrate domain 'web'")
     */
    <T> T await(String label, String operation, String failure, Supplier<T> call) throws CommandException {
        String thread = "virt:" + getClass().getAnnotation(Command.class).name() + " " + guest;
        try {
            return ClusterOperationWatch.of(session, verbose, label).run(thread, operation, call);
        } catch (VirtException e) {
            throw Errors.of(failure, e);
        }
    }
}
