package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.admin.RemoteDaemon;

/**
 * A command about the remote daemon itself, as {@code virt-admin}'s {@code srv-*} verbs are; it opens no
 * hypervisor connection. The daemon reference is optional: Karaf's command extender tracks the references
 * of all of a bundle's commands together, so a mandatory one would hold back every {@code virt:*} command
 * while feature virtkit-remote is not installed. Karaf injects the service when the command runs, or null.
 */
abstract class DaemonCommand implements Action {

    @Reference(optional = true)
    RemoteDaemon daemon;

    @Override
    public final Object execute() throws Exception {
        try {
            execute(requireDaemon(daemon));
            return null;
        } catch (VirtException e) {
            throw Errors.of(e);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    /** The command's work; output goes to {@code System.out}, which Karaf routes to the session. */
    abstract void execute(RemoteDaemon remoteDaemon) throws Exception;

    /** The daemon, or the error every daemon command reports while none is registered. */
    static RemoteDaemon requireDaemon(RemoteDaemon daemon) {
        if (daemon == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ADMIN,
                    "the remote daemon is not running (feature virtkit-remote is not installed)");
        }
        return daemon;
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
