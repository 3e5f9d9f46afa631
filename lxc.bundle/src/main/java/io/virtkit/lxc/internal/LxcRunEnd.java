package io.virtkit.lxc.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.process.PidFd;
import io.virtkit.support.process.HostProcesses;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;
import io.virtkit.lxc.internal.LxcDomainObject.StopRequest;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.support.DomainJobs;

/**
 * The end of a container run, libvirt's controller EOF handling and {@code virLXCProcessStop}: destroy,
 * shutdown, reboot, and the init's exit (watched through its pidfd).
 *
 * <p>Ending a run has three steps, so nothing blocks under the domain's monitor: {@link #claim} (holding
 * the monitor: whoever marks the run finished first ends it, everyone else backs off), {@link #cleanUp}
 * (no monitor: empties and removes the cgroup, waits for the controller, unplugs the NICs, deletes the
 * runtime files — this may take seconds) and {@link #complete} (holding the monitor: the domain becomes
 * inactive, its reason and event). The caller holds a job of the domain (DESTROY for destroy and exit,
 * MODIFY for reboot) across all three, so no start can begin before the clean-up is done, while queries
 * (QUERY jobs) go on answering from the run's last state.
 *
 * <p>Lock order (as in {@link LxcState}): a domain's job, then its monitor, then the domain list's lock;
 * never the other way, and no process wait, cgroup write or file sync while holding a monitor.
 */
final class LxcRunEnd {

    private static final System.Logger LOG = System.getLogger(LxcRunEnd.class.getName());

    private final LxcState state;
    /** A test's hook into {@link #cleanUp} (to make it slow on purpose); null in production. */
    volatile Runnable cleanUpHook;

    LxcRunEnd(LxcState state) {
        this.state = state;
    }

    /**
     * Kills every process of the container through its cgroup: SHUTOFF (destroyed). As libvirt's destroy,
     * it kills first and then takes its DESTROY job, so a job waiting on the container ends rather than
     * holding the destroy up. Against the exit handler (a DESTROY job too, see {@link LxcRunEnd}), whichever
     * claims the run first ends it: a destroy that comes second finds the domain inactive already and is
     * libvirt's "domain is not running" (or, once it has its job, returns: the run has ended); an init that
     * dies while we kill is a destroyed one.
     */
    void destroy(LxcDomainObject d) {
        Run run;
        boolean ending;
        synchronized (d) {
            run = d.run;
            if (run == null) {
                throw DomainErrors.notRunning();
            }
            ending = run.finished;
            if (!ending) {
                run.stopRequest = StopRequest.DESTROY;
            }
        }
        if (ending) {
            // another ends the run (the exit handler, in its job): answer once the domain is inactive
            try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.DESTROY, "virDomainDestroy")) {
                throw DomainErrors.notRunning();
            }
        }
        try {
            run.cgroup.killAll(LxcState.KILL_TIMEOUT);
        } catch (CgroupException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
        }
        run.initFd.signal(PidFd.SIGKILL); // in the cgroup too; in case it was moved out of it
        run.initFd.awaitExit(LxcState.KILL_TIMEOUT);
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.DESTROY, "virDomainDestroy")) {
            boolean claimed;
            synchronized (d) {
                claimed = claim(d, run);
            }
            if (claimed) {
                cleanUp(d, run);
                complete(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            }
        }
    }

    /**
     * Asks init to stop: SIGTERM (PID 1 of a namespace gets it only if it handles it, as a real init
     * does). Returns at once; SHUTOFF (shutdown) follows when init exits.
     */
    void shutdown(LxcDomainObject d) {
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainShutdown")) {
            Run run = LxcState.running(d);
            synchronized (d) {
                if (d.state() == DomainState.PAUSED) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LXC, "domain is not running");
                }
                run.stopRequest = StopRequest.SHUTDOWN;
            }
            if (!run.initFd.signal(PidFd.SIGTERM)) {
                throw DomainErrors.notRunning(); // init has gone: its exit handler ends the run
            }
        }
    }

    /** libvirt's LXC reboot without initctl: the container is stopped and started again, in one MODIFY job. */
    void reboot(LxcDomainObject d) {
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainReboot")) {
            Run run = LxcState.running(d);
            DomainDefinition def;
            synchronized (d) {
                run.stopRequest = StopRequest.REBOOT;
                def = run.liveDef;
            }
            run.cgroup.killAll(LxcState.KILL_TIMEOUT);
            run.initFd.awaitExit(LxcState.KILL_TIMEOUT);
            boolean claimed;
            synchronized (d) {
                claimed = claim(d, run);
            }
            if (claimed) {
                cleanUp(d, run);
                release(d, run);
            }
            try {
                state.process().launch(d, def, run.autodestroyOwner, false);
            } catch (RuntimeException e) {
                synchronized (d) {
                    d.setReason(DomainStateReason.SHUTOFF_FAILED);
                    if (!d.isPersistent()) {
                        state.forget(d);
                    }
                }
                state.emit(d, DomainEventDetail.STOPPED_FAILED);
                throw e;
            }
        } catch (CgroupException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
        }
    }

    /**
     * Watches the run's init through its pidfd (never through its pid: see
     * {@link io.virtkit.support.process.PidFd}) on a thread of the driver's, and ends the run once init has
     * gone; the thread ends with the run or the driver.
     */
    void watch(LxcDomainObject d, Run run) {
        state.watchExit(run.initFd, () -> {
            synchronized (d) {
                return run.finished;
            }
        }, () -> initExited(d, run));
    }

    /** init has gone, and with it the whole PID namespace: decide why, clean up, in a DESTROY job. */
    private void initExited(LxcDomainObject d, Run run) {
        if (!mayEnd(d, run)) {
            return;
        }
        DomainJobs.Job job = beginJob(d, run);
        if (job == null) {
            return;
        }
        try (job) {
            boolean destroyed;
            synchronized (d) {
                if (!mayEnd(d, run) || !claim(d, run)) {
                    return; // a destroy or a reboot ended it while we waited for the job
                }
                destroyed = run.stopRequest == StopRequest.DESTROY;
            }
            cleanUp(d, run);
            if (destroyed) {
                complete(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            } else {
                // init exiting by itself is the container shutting down, as libvirt's controller reports it
                complete(d, run, DomainStateReason.SHUTOFF_SHUTDOWN, DomainEventDetail.STOPPED_SHUTDOWN);
            }
        }
    }

    private boolean mayEnd(LxcDomainObject d, Run run) {
        if (state.isClosed()) {
            return false; // a later driver instance owns the container now
        }
        synchronized (d) {
            return !run.finished && d.run == run && run.stopRequest != StopRequest.REBOOT;
        }
    }

    /** The exit handler's DESTROY job; it waits out a long job, and gives up once someone else ended the run. */
    private DomainJobs.Job beginJob(LxcDomainObject d, Run run) {
        while (true) {
            try {
                return d.jobs().begin(DomainJobs.Kind.DESTROY, "init exit of " + d.name());
            } catch (VirtException e) {
                if (!mayEnd(d, run)) {
                    return null;
                }
            }
        }
    }

    /**
     * Marks {@code run} finished for the caller, who holds {@code d}'s monitor and a job: false when it has
     * ended already (another ended it first) or is not {@code d}'s current run.
     */
    static boolean claim(LxcDomainObject d, Run run) {
        if (run.finished || d.run != run) {
            return false;
        }
        run.finished = true;
        return true;
    }

    /** What a claimed run leaves, removed without holding the monitor: cgroup, controller, NICs, files. */
    void cleanUp(LxcDomainObject d, Run run) {
        Runnable hook = cleanUpHook;
        if (hook != null) {
            hook.run();
        }
        try {
            // the namespace's last processes may take a moment to be reaped
            if (run.cgroup.exists()) {
                if (run.cgroup.isFrozen()) {
                    run.cgroup.thaw();
                }
                run.cgroup.killAll(LxcState.KILL_TIMEOUT);
                run.cgroup.remove(LxcState.KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + d.name() + "': " + e.getMessage());
        }
        if (run.controller != null) {
            HostProcesses.await(run.controller, Duration.ofSeconds(2));
        }
        ContainerNics.unplug(d.name(), run.liveDef, state.vethProvider());
        RuntimeFiles.of(state.settings().runtime(), d.name()).deleteAll();
        run.initFd.close();
    }

    /** The domain no longer runs {@code run} (a reboot's next run follows). */
    static void release(LxcDomainObject d, Run run) {
        synchronized (d) {
            if (d.run == run) {
                d.run = null;
                d.setId(-1);
            }
        }
    }

    /** Ends a cleaned-up run: SHUTOFF with {@code reason}, a transient domain goes, then the event. */
    void complete(LxcDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        synchronized (d) {
            if (d.run == run) {
                d.run = null;
                d.setId(-1);
            }
            d.setReason(reason);
            // a transient domain is gone before anyone hears it stopped
            if (!d.isPersistent()) {
                state.forget(d);
            }
        }
        if (detail != null) {
            state.emit(d, detail);
        }
    }
}
