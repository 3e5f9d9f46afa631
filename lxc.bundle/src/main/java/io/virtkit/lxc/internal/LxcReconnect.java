package io.virtkit.lxc.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import io.virtkit.support.DomainConfigDir;

/**
 * Activation, libvirt's {@code virLXCProcessReconnectAll}: persistent definitions are read, and every
 * status file in the runtime directory is a container a previous driver instance ran. One whose init is
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

    /** Reads the persistent definitions, then takes over or cleans up after every status file. */
    void load(DomainConfigDir configDir) throws IOException {
        Files.createDirectories(settings.config());
        Files.createDirectories(settings.runtime());
        Files.createDirectories(settings.log());
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = LxcState.prepare(DomainXmlCodec.parse(Files.readString(file)));
                LxcDomainObject d = state.newRecord(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                synchronized (state) {
                    state.domains().addIfFree(d);
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable domain definition " + file + ": " + e.getMessage());
            }
        }
        for (Path file : AtomicFiles.list(settings.runtime(), "*.xml")) {
            reconnect(file);
        }
        for (Path tmp : AtomicFiles.list(settings.runtime(), ".*.tmp")) {
            AtomicFiles.deleteQuietly(tmp); // a status write the killed daemon never finished
        }
    }

    void reconnect(Path statusPath) {
        StatusFile status;
        DomainDefinition live;
        try {
            status = StatusFile.read(statusPath);
            live = DomainXmlCodec.parse(status.liveXml());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "removing unreadable status file " + statusPath + ": " + e.getMessage());
            AtomicFiles.deleteQuietly(statusPath);
            return;
        }
        ContainerCgroup cgroup = state.cgroups().reopen(status.cgroupDirs());
        LxcDomainObject d;
        synchronized (state) {
            d = state.domains().get(live.uuid());
        }
        if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
            // the daemon died during this container's start: nothing of it is a container yet
            // anything found (the controller chain, or a cgroup, maybe with init in it) is killed and removed
            boolean killed = killLaunched(live.name()) | LxcState.safely(cgroup::exists, false);
            LOG.log(Level.INFO, "container '" + live.name() + "' was not fully started when the daemon stopped; "
                    + "cleaning up");
            cleanupLeftovers(live.name(), cgroup);
            if (d != null) {
                d.setReason(killed ? DomainStateReason.SHUTOFF_DAEMON : DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        synchronized (state) {
            if (d == null && state.domains().clash(live.uuid(), live.name()) != null) {
                LOG.log(Level.WARNING, "status file " + statusPath + " clashes with another domain; removed");
                AtomicFiles.deleteQuietly(statusPath);
                return;
            }
        }
        Optional<ProcessHandle> init = ProcessHandle.of(status.initPid())
                .filter(p -> p.isAlive() && p.info().startInstant().map(s -> s.equals(status.initStart())).orElse(false));
        if (init.isEmpty()) {
            LOG.log(Level.INFO, "container '" + live.name() + "' (init " + status.initPid()
                    + ") is no longer running; cleaning up");
            cleanupLeftovers(live.name(), cgroup);
            ContainerNics.unplug(live.name(), live, state.vethProvider());
            if (d != null) {
                d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        if (d == null) {
            d = state.newRecord(live, false);
            synchronized (state) {
                state.domains().add(d);
            }
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
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> launched = ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> cmdline(p.pid()).contains(marker)).toList();
        for (ProcessHandle p : launched) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : launched) {
            awaitGone(p);
        }
        return !launched.isEmpty();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Until {@code p} has exited (reaped, or a zombie its parent has yet to collect), at most the kill timeout. */
    private static void awaitGone(ProcessHandle p) {
        long deadline = System.nanoTime() + LxcState.KILL_TIMEOUT.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                int close = stat.lastIndexOf(')');
                if (close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z') {
                    return;
                }
                Thread.sleep(2);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What a container that is gone may have left: processes in its cgroup, the cgroup, runtime files. */
    private void cleanupLeftovers(String name, ContainerCgroup cgroup) {
        try {
            if (cgroup.exists()) {
                cgroup.killAll(LxcState.KILL_TIMEOUT);
                cgroup.remove(LxcState.KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + name + "': " + e.getMessage());
        }
        RuntimeFiles.of(settings.runtime(), name).deleteAll();
    }
}
