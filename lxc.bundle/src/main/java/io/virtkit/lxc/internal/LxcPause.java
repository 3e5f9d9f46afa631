package io.virtkit.lxc.internal;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainJobs;

/**
 * Pausing a container, as libvirt's LXC driver does it: its cgroup's freezer; each in a MODIFY job, the
 * cgroup written without holding the domain's monitor (lock order in {@link LxcState}).
 */
final class LxcPause {

    private final LxcState state;

    LxcPause(LxcState state) {
        this.state = state;
    }

    void suspend(LxcDomainObject d) {
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainSuspend")) {
            Run run = LxcState.running(d);
            if (d.state() == DomainState.PAUSED) {
                return;
            }
            run.cgroup.freeze(LxcState.KILL_TIMEOUT);
            setState(d, run, DomainStateReason.PAUSED_USER, DomainEventDetail.SUSPENDED_PAUSED);
        } catch (CgroupException e) {
            throw endedMeanwhile(d) ? DomainErrors.notRunning()
                    : new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP,
                            "Unable to freeze domain: " + e.getMessage(), e);
        }
    }

    void resume(LxcDomainObject d) {
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainResume")) {
            Run run = LxcState.running(d);
            if (d.state() != DomainState.PAUSED) {
                return;
            }
            run.cgroup.thaw();
            setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
        } catch (CgroupException e) {
            throw endedMeanwhile(d) ? DomainErrors.notRunning()
                    : new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP,
                            "Unable to thaw domain: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a cgroup operation failed because the container ended under it (its init exited by itself
     * and the exit handler removed the group): then the caller's answer is "domain is not running".
     */
    private static boolean endedMeanwhile(LxcDomainObject d) {
        Run run;
        synchronized (d) {
            run = d.run;
            if (run == null || run.finished) {
                return true;
            }
        }
        return run.initFd.hasExited() || !run.cgroup.exists();
    }

    /**
     * A new state for a running container (the caller holds a MODIFY job, so the run cannot be ended
     * meanwhile): set under the monitor, the status file written and the event sent outside it.
     */
    private void setState(LxcDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        synchronized (d) {
            if (run.finished) {
                return;
            }
            d.setReason(reason);
        }
        state.writeStatus(d, run);
        state.emit(d, detail);
    }
}
