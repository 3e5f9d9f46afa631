package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.support.DomainErrors;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * The operations on a running domain that talk to its monitor (libvirt's {@code qemu_driver.c} bodies):
 * shutdown, reboot, suspend, resume, the raw monitor command and the statistics, each run as a job of the
 * domain.
 *
 * <p>Locks: see {@link QemuState}; a job is taken before the domain's monitor, never while holding it.
 */
final class QemuJobs {

    private static final System.Logger LOG = System.getLogger(QemuJobs.class.getName());

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuJobs(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    public void shutdown(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> qmp.execute("system_powerdown", null, settings.monitorTimeout()));
    }

    public void reboot(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> qmp.execute("system_reset", null, settings.monitorTimeout()));
    }

    public void suspend(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> {
            synchronized (d) {
                if (d.state() == DomainState.PAUSED) {
                    return null; // libvirt: suspending a paused domain changes nothing
                }
                run.userPause = true;
            }
            try {
                qmp.execute("stop", null, settings.monitorTimeout());
                synchronized (d) {
                    if (!run.finished && d.state() != DomainState.PAUSED) {
                        state.setState(d, run, DomainStateReason.PAUSED_USER, DomainEventDetail.SUSPENDED_PAUSED);
                    }
                }
            } finally {
                synchronized (d) {
                    run.userPause = false;
                }
            }
            return null;
        });
    }

    public void resume(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> {
            synchronized (d) {
                if (d.state() == DomainState.PMSUSPENDED) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "domain is pmsuspended");
                }
                if (d.state() != DomainState.PAUSED && d.state() != DomainState.CRASHED) {
                    return null; // libvirt: resuming a running domain changes nothing
                }
            }
            qmp.execute("cont", null, settings.monitorTimeout());
            synchronized (d) {
                if (!run.finished && d.state() != DomainState.RUNNING) {
                    state.setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
                }
            }
            return null;
        });
    }

    String monitorCommand(QemuDomainObject d, String json) {
        return withMonitor(d, (run, qmp) -> qmp.executeRaw(json, settings.monitorTimeout()));
    }

    /** CPU seconds of the vCPU threads (query-cpus-fast gives their thread ids). */
    List<Long> vcpuTimes(QemuDomainObject d) {
        return withMonitor(d, (run, qmp) -> {
            List<Long> times = new ArrayList<>();
            for (JsonNode cpu : qmp.execute("query-cpus-fast", null, settings.monitorTimeout())) {
                long tid = cpu.path("thread-id").asLong(-1);
                times.add(tid < 0 ? 0L : ProcessFacts.cpuTimeNanos(
                        Path.of("/proc", Long.toString(run.pid()), "task", Long.toString(tid), "stat")));
            }
            return times;
        });
    }

    JsonNode blockStats(QemuDomainObject d) {
        return withMonitor(d, (run, qmp) -> qmp.execute("query-blockstats", null, settings.monitorTimeout()));
    }

    interface MonitorCall<T> {
        T call(Run run, QmpClient qmp);
    }

    /** Runs {@code call} as a job on a running domain with a connected monitor. */
    private <T> T withMonitor(QemuDomainObject d, MonitorCall<T> call) {
        acquireJob(d);
        try {
            Run run;
            synchronized (d) {
                run = d.run;
                if (run == null || run.finished) {
                    throw DomainErrors.notRunning();
                }
            }
            QmpClient qmp = run.qmp;
            if (qmp == null || !qmp.isConnected()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "monitor must not be NULL"); // libvirt's words when it has no monitor
            }
            return call.call(run, qmp);
        } finally {
            d.job.unlock();
        }
    }

    /** libvirt's state change lock: wait at most the job timeout, then fail with its exact words. */
    void acquireJob(QemuDomainObject d) {
        try {
            if (!d.job.tryLock(settings.jobTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        "cannot acquire state change lock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted", e);
        }
    }
}
