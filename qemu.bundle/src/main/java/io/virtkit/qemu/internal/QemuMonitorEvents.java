package io.virtkit.qemu.internal;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.QemuDomainObject.StopRequest;
import io.virtkit.qemu.internal.qmp.QmpEvent;

/**
 * QEMU's QMP events for a running domain (libvirt's {@code qemuProcessHandle*} callbacks): state changes
 * (STOP, RESUME, SHUTDOWN, GUEST_PANICKED), I/O errors and DEVICE_DELETED for a waiting detach. Runs on the
 * monitor's event thread, in order, holding the domain's monitor only (never a job: a job may be waiting
 * for exactly this event). A QMP command returns only once the events QEMU sent before its reply have been
 * handled here, so a job that reads the state after {@code stop} or {@code cont} sees what their own STOP or
 * RESUME did, and a late STOP can no longer overwrite the RUNNING set by a following resume. That wait is
 * bounded by the command's timeout, so taking a job here would stall that job's command, not deadlock it;
 * still, take none.
 */
final class QemuMonitorEvents {

    private static final System.Logger LOG = System.getLogger(QemuMonitorEvents.class.getName());

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuMonitorEvents(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /** Runs on the QMP client's thread, in order; holds the domain's monitor only, never its job lock. */
    void onEvent(int runId, QemuDomainObject d, QmpEvent event) {
        if (state.isClosed()) {
            return;
        }
        synchronized (d) {
            Run run = d.run;
            if (run == null || run.id != runId || run.finished) {
                return;
            }
            switch (event.name()) {
                case "STOP" -> {
                    if (run.migrating == QemuDomainObject.Migrating.OUT && d.state() == DomainState.RUNNING) {
                        // QEMU stops the guest for the last copy: libvirt's PAUSED/MIGRATION
                        state.setState(d, run, DomainStateReason.PAUSED_MIGRATION, DomainEventDetail.SUSPENDED_MIGRATED);
                    } else if (run.migrating == QemuDomainObject.Migrating.NONE && !run.starting
                            && d.state() == DomainState.RUNNING) {
                        boolean io = run.ioError;
                        run.ioError = false;
                        state.setState(d, run, io ? DomainStateReason.PAUSED_IOERROR
                                : run.userPause ? DomainStateReason.PAUSED_USER : DomainStateReason.PAUSED_UNKNOWN,
                                io ? DomainEventDetail.SUSPENDED_IOERROR : DomainEventDetail.SUSPENDED_PAUSED);
                    }
                }
                case "RESUME" -> {
                    // during a migration the migration's code sets the state it means (migrated, cancelled)
                    if (run.migrating == QemuDomainObject.Migrating.NONE && !run.starting && (d.state() == DomainState.PAUSED || d.state() == DomainState.CRASHED)) {
                        state.setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
                    }
                }
                case "DEVICE_DELETED" -> {
                    String device = event.data().path("device").asText("");
                    if (!device.isEmpty()) {
                        run.deletedDevices.add(device);
                        d.notifyAll(); // a detach may be waiting for it
                    }
                }
                case "BALLOON_CHANGE" -> { // the guest's balloon driver moved: libvirt's current memory follows
                    run.liveDef = QemuResources.ballooned(run.liveDef, event.data().path("actual").asLong());
                    state.writeStatus(d, run);
                }
                case "BLOCK_IO_ERROR" -> run.ioError = "stop".equals(event.data().path("action").asText());
                case "SHUTDOWN" -> {
                    if (run.stopRequest == StopRequest.NONE && !run.shutdownSeen) {
                        run.shutdownSeen = true;
                        boolean guest = event.data().path("guest").asBoolean(false);
                        state.setState(d, run, DomainStateReason.SHUTDOWN_USER,
                                guest ? DomainEventDetail.SHUTDOWN_GUEST : DomainEventDetail.SHUTDOWN_HOST);
                    }
                }
                case "GUEST_PANICKED" -> {
                    state.setState(d, run, DomainStateReason.CRASHED_PANICKED, DomainEventDetail.CRASHED_PANICKED);
                    LifecycleAction onCrash = run.liveDef.onCrash();
                    if (onCrash != LifecycleAction.PRESERVE && run.stopRequest == StopRequest.NONE) {
                        run.stopRequest = StopRequest.CRASH;
                        run.signal(true);
                    }
                }
                default -> {
                    // RESET keeps it running (a reboot); POWERDOWN only says the guest was asked.
                }
            }
        }
    }
}
