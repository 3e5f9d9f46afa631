package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.support.DomainErrors;
import io.virtkit.api.DomainInfo;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.DomainResources;
import io.virtkit.support.DomainJobs.Kind;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * The operations on a running domain that talk to its monitor (libvirt's {@code qemu_driver.c} bodies):
 * shutdown, reboot, suspend, resume, the raw monitor command and the statistics, each run as a job of the
 * domain; and the figures of virDomainGetInfo.
 *
 * <p>Locks: see {@link QemuState}; a job is taken before the domain's monitor, never while holding it.
 */
final class QemuJobs {

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuJobs(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    void shutdown(QemuDomainObject d) {
        withMonitor(d, Kind.MODIFY, "virDomainShutdownFlags", (run, qmp) -> qmp.execute("system_powerdown", null, settings.monitorTimeout()));
    }

    void reboot(QemuDomainObject d) {
        withMonitor(d, Kind.MODIFY, "virDomainReboot", (run, qmp) -> qmp.execute("system_reset", null, settings.monitorTimeout()));
    }

    void suspend(QemuDomainObject d) {
        withMonitor(d, Kind.MODIFY, "virDomainSuspend", (run, qmp) -> {
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

    void resume(QemuDomainObject d) {
        withMonitor(d, Kind.MODIFY, "virDomainResume", (run, qmp) -> {
            synchronized (d) {
                if (d.state() == DomainState.PMSUSPENDED) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "domain is pmsuspended");
                }
                if (d.state() != DomainState.PAUSED && d.state() != DomainState.CRASHED) {
                    return null; // libvirt: resuming a running domain changes nothing
                }
            }
            state.renewLeases(d, run);
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
        return withMonitor(d, Kind.MODIFY, "virDomainQemuMonitorCommand", (run, qmp) -> qmp.executeRaw(json, settings.monitorTimeout()));
    }

    /** CPU seconds of the vCPU threads (query-cpus-fast gives their thread ids). */
    List<Long> vcpuTimes(QemuDomainObject d) {
        return withMonitor(d, Kind.QUERY, "virConnectGetAllDomainStats", (run, qmp) -> {
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
        return withMonitor(d, Kind.QUERY, "virConnectGetAllDomainStats", (run, qmp) -> qmp.execute("query-blockstats", null, settings.monitorTimeout()));
    }

    /** virDomainGetInfo's figures; in the caller's QUERY job ({@link io.virtkit.support.RecordDriverState#info}). */
    DomainInfo info(QemuDomainObject d) {
        Run run;
        DomainDefinition def;
        DomainState st;
        synchronized (d) {
            run = d.run;
            def = run != null ? run.liveDef : d.definition();
            st = d.state();
        }
        long cpu = run != null ? ProcessFacts.cpuTimeNanos(run.pid()) : 0; // /proc, read holding no monitor
        // nrVirtCpu is the vCPUs enabled (<vcpu current>), as libvirt's virDomainDefGetVcpus
        return new DomainInfo(st, def.memoryKiB(), def.currentMemoryKiB(), DomainResources.currentVcpus(def), cpu);
    }

    interface MonitorCall<T> {
        T call(Run run, QmpClient qmp);
    }

    /**
     * Runs {@code call} as a job of {@code kind} on a running domain with a connected monitor. A QUERY runs
     * beside a MODIFY job (QMP takes commands from several threads), so statistics never wait behind a
     * detach that waits for the guest.
     */
    private <T> T withMonitor(QemuDomainObject d, Kind kind, String function, MonitorCall<T> call) {
        try (DomainJobs.Job job = d.jobs.begin(kind, function)) {
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
        }
    }
}
