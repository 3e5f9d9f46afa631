package io.virtkit.lxc.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.DriverActivation;
import io.virtkit.support.DriverActivation.Reconnect;
import io.virtkit.support.DriverActivation.StatusRead;
import io.virtkit.support.process.HostProcesses;

/**
 * Activation's part that is LXC's, libvirt's {@code virLXCProcessReconnectAll}: every status file in the
 * runtime directory is a container a previous driver instance ran, reconnected in the background, one task
 * per domain ({@link io.virtkit.support.RecordDriverState#load}), so activation returns at once. One whose init is
 * still the one started (same pid and start time) is taken over; any other is stale: its cgroup is
 * emptied and removed, its runtime files deleted, its domain SHUTOFF. One still "starting up" is a start
 * the previous instance did not live to finish: everything it launched is killed and removed (SHUTOFF,
 * reason DAEMON).
 */
final class LxcReconnect {

    private static final System.Logger LOG = System.getLogger(LxcReconnect.class.getName());

    private final LxcState state;
    private final LxcDriverSettings settings;

    LxcReconnect(LxcState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /**
     * Reads one status file and finds or adds (transient) its domain, whose reconnect task is returned
     * ({@link #reconnect}); null when there is nothing to reconnect: an unreadable or clashing file (removed),
     * or a start the previous instance did not finish of a domain without a record (cleaned up now, since no
     * record could hold its name meanwhile; they are rare).
     */
    Reconnect<LxcDomainObject> read(Path statusPath) {
        StatusRead<StatusFile> read = DriverActivation.readStatusFile(statusPath, StatusFile::read, StatusFile::liveXml);
        if (read == null) {
            return null;
        }
        StatusFile status = read.status();
        DomainDefinition live = read.live();
        if (status.reason() == DomainStateReason.PAUSED_STARTING_UP && state.domains().get(live.uuid()) == null) {
            cleanUpStartingUp(live.name(), state.cgroups().reopen(status.cgroupDirs()));
            return null;
        }
        LxcDomainObject d = state.recordOfRun(statusPath, live);
        return d == null ? null : new Reconnect<>(d, () -> reconnect(status, live, d));
    }

    /**
     * The daemon died during this container's start: nothing of it is a container yet; anything found
     * (the controller chain, or a cgroup, maybe with init in it) is killed and removed. Whether anything was.
     */
    private boolean cleanUpStartingUp(String name, ContainerCgroup cgroup) {
        boolean killed = killLaunched(name) | LxcState.safely(cgroup::exists, false);
        LOG.log(Level.INFO, "container '" + name + "' was not fully started when the daemon stopped; cleaning up");
        cleanupLeftovers(name, cgroup, settings.runtime());
        return killed;
    }

    /**
     * Takes the container over when its init is still the one started (same pid and start time), else
     * cleans up after it; in the domain's MODIFY job. A transient domain whose container has gone goes too.
     */
    private void reconnect(StatusFile status, DomainDefinition live, LxcDomainObject d) {
        ContainerCgroup cgroup = state.cgroups().reopen(status.cgroupDirs());
        if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
            boolean killed = cleanUpStartingUp(live.name(), cgroup);
            d.setReason(killed ? DomainStateReason.SHUTOFF_DAEMON : DomainStateReason.SHUTOFF_UNKNOWN);
            return;
        }
        Optional<ProcessHandle> init = ProcessHandle.of(status.initPid())
                .filter(p -> p.isAlive() && p.info().startInstant().map(s -> s.equals(status.initStart())).orElse(false));
        if (init.isEmpty()) {
            LOG.log(Level.INFO, "container '" + live.name() + "' (init " + status.initPid()
                    + ") is no longer running; cleaning up");
            cleanupLeftovers(live.name(), cgroup, settings.runtime());
            ContainerNics.unplug(live.name(), live, state.vethProvider());
            d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
            if (!d.isPersistent()) {
                state.forget(d);
            }
            return;
        }
        ProcessHandle controller = ProcessHandle.of(status.controllerPid()).orElse(null);
        Run run = new Run(status.id(), controller, init.get(), status.initStart(), cgroup, live, null);
        DomainStateReason reason = status.reason();
        boolean frozen = LxcState.safely(cgroup::isFrozen, false);
        if (frozen && reason.state() != DomainState.PAUSED) {
            reason = DomainStateReason.PAUSED_UNKNOWN;
        } else if (!frozen && reason.state() == DomainState.PAUSED) {
            reason = DomainStateReason.RUNNING_UNKNOWN;
        }
        synchronized (d) {
            d.run = run;
            d.setId(run.id);
            d.setReason(reason);
        }
        state.reserveId(status.id());
        state.writeStatus(d, run);
        state.runEnd().watch(d, run);
    }

    /**
     * Kills what a start launched outside the container's cgroup: the controller chain (setsid's shell,
     * script, unshare) and the init wrapper before it was moved into the cgroup, all found by the
     * wrapper's path on their command lines, which only they carry (a pid alone could have been reused).
     * Killing the wrapper, the PID namespace's init, takes whatever else runs in that namespace along.
     * Returns whether any was found.
     */
    private boolean killLaunched(String name) {
        String marker = RuntimeFiles.of(settings.runtime(), name).wrapper().toString();
        List<ProcessHandle> launched = HostProcesses.withCommandLine(marker);
        for (ProcessHandle p : launched) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : launched) {
            HostProcesses.await(p, LxcState.KILL_TIMEOUT);
        }
        return !launched.isEmpty();
    }

    /**
     * What a container that is gone (or a start that failed) may have left: processes in its cgroup, the
     * cgroup, runtime files in {@code runtime}.
     */
    static void cleanupLeftovers(String name, ContainerCgroup cgroup, Path runtime) {
        try {
            if (cgroup.exists()) {
                cgroup.killAll(LxcState.KILL_TIMEOUT);
                cgroup.remove(LxcState.KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + name + "': " + e.getMessage());
        }
        RuntimeFiles.of(runtime, name).deleteAll();
    }
}
