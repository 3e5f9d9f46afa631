package io.virtkit.qemu.internal;

import io.virtkit.support.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.command.QemuDeviceAliases;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.support.DriverActivation;
import io.virtkit.support.DriverActivation.Reconnect;
import io.virtkit.support.DriverActivation.StatusRead;
import io.virtkit.support.process.PidFd;

/**
 * Finding the guests of a previous driver instance again (libvirt's {@code qemuProcessReconnect}): a status
 * file whose QEMU is still the one it names is reattached (monitor, real run state, exit watch); a stale one
 * is cleaned up; a start the previous instance did not finish is killed.
 *
 * <p>Locks: see {@link QemuState}; the domain list changes here hold the state's monitor; the reconnect
 * task runs in the domain's MODIFY job ({@link io.virtkit.support.RecordDriverState#load}).
 */
final class QemuReconnect {

    private static final System.Logger LOG = System.getLogger(QemuReconnect.class.getName());

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuReconnect(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /**
     * What activation does for one status file, quickly (no process scan, no monitor): reads it and puts its
     * domain in the list as recorded (a transient one is added; a persistent one shows its recorded id and
     * state). Returns the rest, {@link #verify}, which {@link QemuState} runs as the domain's reconnect task
     * (libvirt's qemuProcessReconnectAll); null when there is nothing more to do: an unreadable file, or one
     * clashing with another domain (whatever a start it records launched is killed now, while no record can
     * hold its name).
     */
    Reconnect<QemuDomainObject> prepare(Path statusPath) {
        StatusRead<StatusFile> read = DriverActivation.readStatusFile(statusPath, StatusFile::read, StatusFile::liveXml);
        if (read == null) {
            return null;
        }
        StatusFile status = read.status();
        DomainDefinition live = QemuDeviceAliases.restore(read.live(), status.nicAliases());
        QemuDomainObject d = state.recordOfRun(statusPath, live);
        if (d == null) {
            if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
                killLaunched(status, live);
            }
            return null;
        }
        boolean transientAdded = !d.isPersistent();
        d.setId(status.id());
        d.setReason(status.reason());
        state.reserveId(status.id()); // before any start of this instance picks an id
        return new Reconnect<>(d, () -> verify(d, transientAdded, statusPath, status, live));
    }

    /** The domain's QEMU is gone: SHUTOFF with {@code reason}, or a transient domain goes. */
    private void gone(QemuDomainObject d, boolean transientAdded, DomainStateReason reason) {
        d.setId(-1);
        d.setReason(reason);
        if (transientAdded) {
            state.forget(d);
        }
    }

    /**
     * Verifies the recorded QEMU through a pidfd: the process holding the pid now must be the recorded one
     * (start time, the UUID on its command line) and still be so once the pidfd is open, so the pidfd is
     * bound to our QEMU and no reused pid is ever signalled or watched.
     */
    private void verify(QemuDomainObject d, boolean transientAdded, Path statusPath, StatusFile status,
            DomainDefinition live) {
        PidFd pidfd = status.pid() > 0 ? PidFd.open(status.pid()).orElse(null) : null;
        boolean same = pidfd != null && ProcessFacts.isSameQemu(status.pid(), status.startTime(),
                live.uuid().toString()) && !pidfd.hasExited();
        if (!same && pidfd != null) {
            pidfd.close();
        }
        if (!same && status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
            // the daemon died during a start, maybe before it could record QEMU's pid: whatever it
            // launched is found by its command line and killed
            boolean killed = killLaunched(status, live);
            LOG.log(Level.INFO, "domain '" + live.name() + "' was not fully started when the daemon stopped; "
                    + (killed ? "killed its QEMU and " : "") + "cleaning up its runtime files");
            removeRuntimeFiles(statusPath, status.monitor());
            state.hostFiles().release(live.name());
            gone(d, transientAdded, killed ? DomainStateReason.SHUTOFF_DAEMON : DomainStateReason.SHUTOFF_UNKNOWN);
            return;
        }
        if (!same) {
            LOG.log(Level.INFO, "domain '" + live.name() + "' (pid " + status.pid()
                    + ") is no longer running; cleaning up its runtime files");
            // QEMU died while no daemon watched (a crash, a kill -9): its files go back now
            state.hostFiles().release(live.name());
            removeRuntimeFiles(statusPath, status.monitor());
            gone(d, transientAdded, DomainStateReason.SHUTOFF_UNKNOWN);
            return;
        }
        attach(d, status, live, pidfd);
    }

    /** Takes over a verified live QEMU: reconnects its monitor, asks its real state, watches its exit. */
    private void attach(QemuDomainObject d, StatusFile status, DomainDefinition live, PidFd pidfd) {
        ProcessHandle process = ProcessHandle.of(status.pid()).orElse(null);
        if (process == null) {
            pidfd.close();
            removeRuntimeFiles(state.statusFile(live.name()), status.monitor());
            gone(d, !d.isPersistent(), DomainStateReason.SHUTOFF_UNKNOWN);
            return;
        }
        Run run = new Run(status.id(), process, pidfd, status.startTime(), status.monitor(), live, null, false);
        synchronized (d) {
            d.run = run;
            d.setId(run.id);
            d.setReason(status.reason());
        }
        try {
            QmpClient qmp = QmpClient.connect(status.monitor(), settings.monitorTimeout(),
                    e -> state.events().onEvent(run.id, d, e), () -> state.process().onDisconnect(d, run), state.monitors());
            run.qmp = qmp;
            JsonNode st = qmp.execute("query-status", null, settings.monitorTimeout());
            String qemuStatus = st.path("status").asText("");
            if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
                if (!"running".equals(qemuStatus)) {
                    abandonStart(d, run, status, live);
                    return;
                }
                // the start had let the CPUs run (its live XML was recorded before): it did start
                synchronized (d) {
                    run.starting = false;
                    d.setReason(DomainStateReason.RUNNING_BOOTED);
                }
            } else if ("inmigrate".equals(qemuStatus)) {
                // an incoming migration whose finish step this daemon never ran: as libvirt, it goes
                LOG.log(Level.INFO, "domain '" + live.name() + "' was still migrating in when the daemon stopped; "
                        + "killing it");
                abandon(d, run, status, live, DomainStateReason.SHUTOFF_FAILED);
                return;
            } else {
                DomainStateReason reason = stateOfQemuStatus(qemuStatus, status.reason());
                synchronized (d) {
                    d.setReason(reason);
                }
                if (!recoverMigration(d, run, qmp, qemuStatus, status.reason())) {
                    LOG.log(Level.INFO, "domain '" + live.name() + "' had migrated in but was never finished when "
                            + "the daemon stopped; killing it");
                    abandon(d, run, status, live, DomainStateReason.SHUTOFF_FAILED);
                    return;
                }
            }
            state.writeStatus(d, run);
        } catch (RuntimeException e) {
            if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
                // as libvirt: a guest we cannot ask whether its start went through must not run unmanaged
                abandonStart(d, run, status, live);
                return;
            }
            // A live QEMU we cannot talk to is still a guest: keep it running (destroy still works by signal).
            LOG.log(Level.WARNING, "cannot reconnect to the monitor of domain '" + live.name() + "': "
                    + e.getMessage());
        }
        if (state.isClosed()) {
            QmpClient qmp = run.qmp;
            if (qmp != null) {
                qmp.close(); // the driver went away while this reconnected: the next instance takes over
            }
            return;
        }
        state.process().watchExit(d, run);
    }

    /**
     * A QEMU whose start the previous daemon never finished (it still sits at {@code -S}, its TAPs maybe
     * half plugged): like libvirt's reconnect, kill it rather than report a guest nobody paused; its
     * TAPs go with it (QEMU holds their only descriptors), then its socket and status file.
     */
    private void abandonStart(QemuDomainObject d, Run run, StatusFile status, DomainDefinition live) {
        LOG.log(Level.INFO, "domain '" + live.name() + "' was not fully started when the daemon stopped; "
                + "killing it");
        abandon(d, run, status, live, DomainStateReason.SHUTOFF_DAEMON);
    }

    /**
     * The daemon stopped during a migration: as libvirt's recovery, an outgoing transfer is cancelled (the caller's
     * perform is lost); a guest the migration paused whose transfer did not complete runs on (RUNNING/
     * MIGRATION_CANCELED); one whose transfer completed stays paused (it may run on the destination now). False for
     * a destination whose incoming migration completed but was never finished: it is to go.
     */
    private boolean recoverMigration(QemuDomainObject d, Run run, QmpClient qmp, String qemuStatus,
            DomainStateReason recorded) {
        JsonNode migrate = qmp.execute("query-migrate", null, settings.monitorTimeout());
        String s = migrate.path("status").asText("none");
        if (recorded == DomainStateReason.PAUSED_MIGRATION && "paused".equals(qemuStatus) && s.equals("completed")) {
            return false; // a destination (a source that completed says "postmigrate")
        }
        if (s.equals("active") || s.equals("setup") || s.equals("device") || s.equals("pre-switchover")) {
            LOG.log(Level.INFO, "cancelling the outgoing migration of domain '" + d.name() + "' the daemon left");
            qmp.execute("migrate_cancel", null, settings.monitorTimeout());
        }
        if (recorded == DomainStateReason.PAUSED_MIGRATION && !s.equals("completed")) {
            state.renewLeases(d, run);
            qmp.execute("cont", null, settings.monitorTimeout());
            synchronized (d) {
                d.setReason(DomainStateReason.RUNNING_MIGRATION_CANCELED);
            }
        }
        return true;
    }

    private void abandon(QemuDomainObject d, Run run, StatusFile status, DomainDefinition live,
            DomainStateReason reason) {
        synchronized (d) {
            run.detached = true;
        }
        QemuProcess.killNow(run);
        killLaunched(status, live);
        synchronized (d) {
            if (!run.finished && d.run == run) {
                state.process().finish(d, run, reason, null);
            }
        }
    }

    /**
     * Kills every process launched for the start {@code status} records: found by the monitor socket path
     * and the UUID on its command line, which only a QEMU (or the setsid about to become it) launched for
     * this domain in these directories carries; a pid alone could have been reused. Returns whether any was found.
     */
    private static boolean killLaunched(StatusFile status, DomainDefinition live) {
        List<ProcessHandle> launched = ProcessFacts.withCommandLine(
                "path=" + QemuCommandLine.escapeOptionValue(status.monitor().toString()) + ",",
                "-uuid\0" + live.uuid() + "\0");
        for (ProcessHandle p : launched) {
            QemuProcess.killNow(p);
        }
        return !launched.isEmpty();
    }

    private static void removeRuntimeFiles(Path statusPath, Path monitor) {
        AtomicFiles.deleteQuietly(statusPath);
        AtomicFiles.deleteQuietly(monitor);
        AtomicFiles.deleteQuietly(QemuCommandLine.fdPassSocket(monitor));
    }

    /** The state to report for QEMU's own run state (query-status), keeping the recorded reason when it fits. */
    private static DomainStateReason stateOfQemuStatus(String status, DomainStateReason recorded) {
        DomainState state = switch (status) {
            case "running" -> DomainState.RUNNING;
            case "shutdown" -> DomainState.SHUTDOWN;
            case "guest-panicked", "internal-error" -> DomainState.CRASHED;
            default -> DomainState.PAUSED;
        };
        if (recorded.state() == state) {
            return recorded;
        }
        return switch (state) {
            case RUNNING -> DomainStateReason.RUNNING_UNKNOWN;
            case SHUTDOWN -> DomainStateReason.SHUTDOWN_UNKNOWN;
            case CRASHED -> DomainStateReason.CRASHED_PANICKED;
            default -> "io-error".equals(status) ? DomainStateReason.PAUSED_IOERROR : DomainStateReason.PAUSED_UNKNOWN;
        };
    }
}
