package io.virtkit.qemu.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainLeases;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.process.HostProcesses;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.net.TapProvider;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.QemuDomainObject.StopRequest;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.LogFiles;

/**
 * The QEMU process of a domain (libvirt's {@code qemu_process.c}): launching it (command line, log, the
 * "starting up" status record, the monitor, TAPs, runtime values, then the CPUs), stopping it (destroy by
 * signal) and handling its exit (why it ended, the run's end, restart on crash or power-off).
 *
 * <p>Locks: see {@link QemuState}. This class holds a domain's monitor only for short changes of its
 * fields and status file; it signals, waits for exit and talks to QEMU holding no monitor.
 */
final class QemuProcess {

    private static final System.Logger LOG = System.getLogger(QemuProcess.class.getName());
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final QemuState state;
    private final QemuDriverSettings settings;
    private final QemuGraphicsRuntime graphics = new QemuGraphicsRuntime();

    QemuProcess(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /** {@code def} with a socket path for each UNIX channel that has none, in the domain's channel directory. */
    private DomainDefinition placeChannelSockets(DomainDefinition def) {
        try {
            return QemuChannelSockets.place(def, QemuChannelSockets.dir(state.dirs().runtime(), def.name()));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot create the channel directory of domain '" + def.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Launches QEMU for {@code d} (in its MODIFY job: {@link io.virtkit.support.RecordDriverState#startNow}),
     * connects its monitor, fills in runtime values and lets the CPUs run unless PAUSED. Any failure kills
     * what was started and removes the socket and status file before the error is thrown.
     */
    void launch(QemuDomainObject d, DomainDefinition defined, QemuConnection caller, Set<StartFlag> flags) {
        launch(d, defined, caller, flags, false);
    }

    /**
     * As {@link #launch(QemuDomainObject, DomainDefinition, QemuConnection, Set)}; with {@code incoming} the
     * destination of a migration: QEMU waits with {@code -incoming defer} for {@code migrate-incoming}, the
     * domain stays PAUSED/MIGRATION, owned by {@code caller} (killed when it closes before the finish step), and
     * STARTED/MIGRATED is announced as libvirt's prepare step does.
     */
    void launch(QemuDomainObject d, DomainDefinition defined, QemuConnection caller, Set<StartFlag> flags,
            boolean incoming) {
        // addresses, aliases; then graphics ports and the UNIX channels' socket paths
        DomainDefinition def = placeChannelSockets(graphics.allocatePorts(QemuCommandLine.identified(defined)));
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : settings.emulator();
        QemuStartChecks.emulator(emulator);
        QemuStartChecks.accelerator(state, def);
        Path monitor = state.monitorSocket(def.name());
        // volume disks become their files for QEMU only: the live XML keeps them as given, as libvirt's
        DomainDefinition resolved = state.resolveVolumes(def);
        List<String> argv = new ArrayList<>(QemuCommandLine.build(resolved, emulator, monitor));
        List<QemuCommandLine.TapNic> tapNics = QemuCommandLine.tapNics(def);
        TapProvider taps = tapNics.isEmpty() ? null : state.tapProvider().get();
        if (!tapNics.isEmpty() && taps == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "interface type '"
                    + tapNics.get(0).iface().type().xmlName()
                    + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        }
        if (incoming) {
            argv.add("-incoming");
            argv.add("defer");
        }
        Path fdPass = QemuCommandLine.fdPassSocket(monitor);
        boolean leased = state.diskLeases().wanted(resolved);
        if (leased && !argv.contains(QmpFdChannel.monitorArgs(fdPass).get(1))) {
            argv.addAll(QmpFdChannel.monitorArgs(fdPass)); // the disk leases travel over it
        }
        if (def.onReboot() == LifecycleAction.DESTROY && !argv.contains("-no-reboot")) {
            argv.add("-no-reboot"); // a guest reboot then ends QEMU, which on_reboot=destroy asks for
        }
        // a file QEMU's user could not reach is refused before anything is written or changed
        state.hostFiles().check(resolved);
        // before QEMU opens a disk (it may write to one at open, e.g. repairing a qcow2); an incoming guest opens
        // its disks inactive and takes its leases at the migration's finish, once the source has let go
        DomainLeases leases = leased && !incoming ? state.diskLeases().acquire(resolved) : null;
        Path logFile = state.logFile(def.name());
        long logOffset;
        Process process;
        int id = state.nextId();
        try {
            state.dirs().create();
            Files.deleteIfExists(monitor);
            Files.deleteIfExists(fdPass);
            // as libvirt: a header line per start, then the command line, then whatever QEMU prints
            String header = LOG_TIME.format(Instant.now()) + ": starting up\n"
                    + QemuCommandLine.toShellString(argv) + "\n";
            for (String taint : QemuCommandLine.taints(def)) { // as libvirt logs a tainted start
                header += LOG_TIME.format(Instant.now()) + ": Domain id=" + id + " is tainted: " + taint + "\n";
            }
            Files.writeString(logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logOffset = Files.size(logFile);
            // The intent record, before anything exists: should the daemon die from here on (even before
            // it learns QEMU's pid), the next instance finds this "starting up" record, looks for the
            // QEMU by its monitor path and UUID, and kills and cleans up what this start left.
            new StatusFile(0, null, id, DomainStateReason.PAUSED_STARTING_UP, monitor,
                    DomainXmlCodec.formatLive(def, id, XmlFlag.SECURE)).write(state.statusFile(def.name()));
            // the guest's files given to QEMU's user, its directory made; the command runs QEMU in a session of
            // its own (setsid: no signal of our terminal or process group reaches it), confined on qemu:///system
            // (see QemuConfinement); each step execs the next, so the pid is QEMU's
            List<String> command = state.hostFiles().prepare(resolved, argv);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            pb.environment().putAll(QemuCommandLine.environment(def)); // qemu:commandline's <qemu:env>
            process = pb.start();
        } catch (RuntimeException | IOException e) {
            // no QEMU: the leases and files back, nothing of this start left
            release(leases);
            state.hostFiles().release(def.name());
            AtomicFiles.deleteQuietly(monitor);
            QemuChannelSockets.remove(QemuChannelSockets.dir(state.dirs().runtime(), def.name()));
            AtomicFiles.deleteQuietly(state.statusFile(def.name()));
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot start QEMU for domain '" + def.name() + "': " + e.getMessage(), e);
        }
        ProcessHandle handle = process.toHandle();
        Instant startTime = handle.info().startInstant().orElse(null);
        boolean paused = flags.contains(StartFlag.PAUSED) || incoming;
        Run run = new Run(id, handle, startTime, monitor, def,
                flags.contains(StartFlag.AUTODESTROY) || incoming ? caller : null, true);
        if (incoming) {
            run.migrating = QemuDomainObject.Migrating.IN;
        }
        synchronized (d) {
            d.run = run;
            d.setId(id);
            d.setReason(DomainStateReason.PAUSED_STARTING_UP);
        }
        try {
            state.writeStatus(d, run);
            waitForMonitor(run, logFile, logOffset);
            QmpClient qmp;
            try {
                qmp = QmpClient.connect(monitor, settings.monitorTimeout(), e -> state.events().onEvent(run.id, d, e),
                        () -> onDisconnect(d, run), state.monitors());
            } catch (RuntimeException e) {
                throw exitedOr(run, logFile, logOffset, e);
            }
            run.qmp = qmp;
            QemuGraphicsRuntime.setPasswords(def, qmp, settings.monitorTimeout());
            DomainDefinition live = QemuRuntimeValues.of(def, qmp, settings.monitorTimeout());
            if (!tapNics.isEmpty()) {
                live = QemuRuntimeValues.plugTaps(live, tapNics, taps, fdPass, qmp, settings.monitorTimeout());
            }
            if (leases != null) {
                state.diskLeases().hand(leases, fdPass); // QEMU holds them from here on, ours are closed
            }
            synchronized (d) {
                run.liveDef = live;
                // still "starting up", now with the runtime values: a daemon dying after the cont below
                // leaves a running guest the next instance reattaches with its complete live XML
                state.writeStatus(d, run);
            }
            if (!paused) {
                qmp.execute("cont", null, settings.monitorTimeout());
            }
            synchronized (d) {
                if (run.finished) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                            "domain is not running");
                }
                run.starting = false;
                if (incoming) {
                    d.setReason(DomainStateReason.PAUSED_MIGRATION);
                    state.writeStatus(d, run);
                    state.emit(d, DomainEventDetail.STARTED_MIGRATED);
                } else {
                    d.setReason(paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED);
                    state.writeStatus(d, run);
                    state.emit(d, DomainEventDetail.STARTED_BOOTED);
                    if (paused) {
                        state.emit(d, DomainEventDetail.SUSPENDED_PAUSED);
                    }
                }
            }
        } catch (RuntimeException e) {
            release(leases);
            failStart(d, run);
            throw e;
        }
        handle.onExit().thenRun(() -> onHostProcesses(d, run));
    }

    /** Waits until QEMU has created its monitor socket, or has exited (then with its own error text). */
    private void waitForMonitor(Run run, Path logFile, long logOffset) {
        long deadline = System.nanoTime() + settings.monitorTimeout().toNanos();
        while (!Files.exists(run.monitor)) {
            if (!run.process.isAlive()) {
                throw exited(run, logFile, logOffset);
            }
            if (System.nanoTime() > deadline) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        "QEMU did not create its monitor socket " + run.monitor);
            }
            sleepMillis(1);
        }
    }

    private VirtException exitedOr(Run run, Path logFile, long logOffset, RuntimeException cause) {
        if (waitForExit(run.process, Duration.ofMillis(500))) {
            return exited(run, logFile, logOffset);
        }
        return cause instanceof VirtException v ? v
                : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, cause.getMessage(), cause);
    }

    /** libvirt's error for a QEMU that died during start, with what QEMU itself wrote to its log. */
    private VirtException exited(Run run, Path logFile, long logOffset) {
        waitForExit(run.process, Duration.ofSeconds(1));
        String text = LogFiles.readFrom(logFile, logOffset).strip();
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "process exited while connecting to monitor: " + (text.isEmpty() ? "(no output)" : text));
    }

    void failStart(QemuDomainObject d, Run run) {
        killNow(run);
        QmpClient qmp = run.qmp;
        synchronized (d) {
            if (qmp != null) {
                run.detached = true;
                qmp.close();
            }
            if (!run.finished && d.run == run) {
                finish(d, run, DomainStateReason.SHUTOFF_FAILED, null);
            }
        }
    }

    // ---- stop and process exit ---------------------------------------------------------------

    /**
     * Stops at once: SIGTERM, SIGKILL after the grace time, then SHUTOFF/DESTROYED. Like libvirt it does
     * not wait for a running job first: the signal ends whatever the job waits for.
     */
    void destroy(QemuDomainObject d) {
        Run run;
        synchronized (d) {
            run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            run.stopRequest = StopRequest.DESTROY;
        }
        // as libvirt's qemuDomainDestroyFlags: the process dies before the job is begun, so a job stuck on
        // it (a detach waiting for the guest, a monitor call) ends and lets the DESTROY job in
        terminate(run);
        DomainJobs.Job job;
        try {
            job = d.jobs.begin(DomainJobs.Kind.DESTROY, "virDomainDestroyFlags");
        } catch (VirtException e) {
            synchronized (d) {
                if (run.finished || d.run != run) {
                    return; // the exit handler ended the run while another job held on: destroyed all the same
                }
            }
            throw e;
        }
        try (job) {
            synchronized (d) {
                if (!run.finished && d.run == run) {
                    finish(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
                }
            }
        }
    }

    /**
     * Ends a run a migration is done with ({@code why} MIGRATED: the source once the guest runs on the destination;
     * FAILED: a destination whose incoming migration failed or was cancelled): SIGKILL (the guest's state lives
     * elsewhere or nowhere; nothing in it needs a clean end), then SHUTOFF with the matching reason and event.
     * The caller holds the migration; whoever notices the exit first (this or the exit handler) ends the run,
     * with the same outcome.
     */
    void stopForMigration(QemuDomainObject d, StopRequest why) {
        Run run;
        synchronized (d) {
            run = d.run;
            if (run == null || run.finished) {
                return;
            }
            run.stopRequest = why;
        }
        killNow(run);
        synchronized (d) {
            if (!run.finished && d.run == run) {
                if (why == StopRequest.MIGRATED) {
                    finish(d, run, DomainStateReason.SHUTOFF_MIGRATED, DomainEventDetail.STOPPED_MIGRATED);
                } else {
                    finish(d, run, DomainStateReason.SHUTOFF_FAILED, DomainEventDetail.STOPPED_FAILED);
                }
            }
        }
    }

    /** SIGTERM, then SIGKILL if it is still there after the grace time; returns once it has gone. */
    private void terminate(Run run) {
        run.signal(false);
        if (!run.awaitExit(settings.destroyGrace())) {
            killNow(run);
        }
    }

    /** SIGKILL, through the run's pidfd when it has one; returns once it has gone. */
    static void killNow(Run run) {
        run.signal(true);
        if (!run.awaitExit(Duration.ofSeconds(5))) {
            LOG.log(Level.WARNING, "QEMU process " + run.pid() + " survived SIGKILL");
        }
    }

    static void killNow(ProcessHandle process) {
        process.destroyForcibly();
        if (!waitForExit(process, Duration.ofSeconds(5))) {
            LOG.log(Level.WARNING, "QEMU process " + process.pid() + " survived SIGKILL");
        }
    }

    /** Whether the process ended within {@code timeout} (see {@link HostProcesses#await}). */
    static boolean waitForExit(ProcessHandle process, Duration timeout) {
        return HostProcesses.await(process, timeout);
    }

    /**
     * Watches the exit of a reconnected QEMU, which is not our child, through its pidfd (see
     * {@link io.virtkit.support.RecordDriverState#watchExit}). A guest this instance launched keeps the JDK's
     * child reaper ({@link #launch}): a child's pid cannot be reused before the JDK itself has reaped it and
     * completed its exit.
     */
    void watchExit(QemuDomainObject d, Run run) {
        state.watchExit(run.pidfd, () -> {
            synchronized (d) {
                return run.finished;
            }
        }, () -> onHostProcesses(d, run));
    }

    /**
     * The process is gone. QEMU writes its SHUTDOWN event and then exits, so the exit can be noticed
     * before the monitor's reader has delivered that event; deciding now would call a clean power-off
     * a crash. So this first waits until the monitor has delivered everything up to its end-of-file (bounded:
     * a monitor that never reports EOF does not keep a dead guest running).
     */
    void onHostProcesses(QemuDomainObject d, Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null) {
            processExited(d, run);
            return;
        }
        try {
            state.background().execute(() -> {
                try {
                    qmp.awaitDisconnected(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                processExited(d, run); // a no-op when onDisconnect has already finished the run
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** QEMU has exited: decides why, from what was asked and what QEMU said before it went. */
    private void processExited(QemuDomainObject d, Run run) {
        if (state.isClosed()) {
            return; // a later driver instance owns the domain now
        }
        boolean restart = false;
        synchronized (d) {
            if (run.finished || d.run != run || run.starting) {
                return;
            }
            if (run.stopRequest == StopRequest.MIGRATED) {
                finish(d, run, DomainStateReason.SHUTOFF_MIGRATED, DomainEventDetail.STOPPED_MIGRATED);
            } else if (run.stopRequest == StopRequest.FAILED) {
                finish(d, run, DomainStateReason.SHUTOFF_FAILED, DomainEventDetail.STOPPED_FAILED);
            } else if (run.stopRequest == StopRequest.DESTROY) {
                finish(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            } else if (run.shutdownSeen) {
                finish(d, run, DomainStateReason.SHUTOFF_SHUTDOWN, DomainEventDetail.STOPPED_SHUTDOWN);
                restart = d.definition().onPoweroff() == LifecycleAction.RESTART
                        || d.definition().onPoweroff() == LifecycleAction.RENAME_RESTART;
            } else {
                finish(d, run, DomainStateReason.SHUTOFF_CRASHED, DomainEventDetail.STOPPED_CRASHED);
                restart = run.stopRequest == StopRequest.CRASH && (d.definition().onCrash() == LifecycleAction.RESTART
                        || d.definition().onCrash() == LifecycleAction.COREDUMP_RESTART);
            }
        }
        if (restart && d.isPersistent()) {
            state.background().execute(() -> {
                try {
                    state.startNow(d, null, Set.of(), null);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot restart domain '" + d.name() + "': " + e.getMessage());
                }
            });
        }
    }

    /** The monitor closed: unless we closed it, QEMU is exiting; wait for it briefly and handle the exit. */
    void onDisconnect(QemuDomainObject d, Run run) {
        if (state.isClosed() || run.detached) {
            return;
        }
        try {
            state.background().execute(() -> {
                if (run.awaitExit(Duration.ofSeconds(5))) {
                    processExited(d, run);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Ends a run (holding {@code d}'s monitor): monitor closed, socket and status file removed (the log
     * stays), SHUTOFF with {@code reason}, the event, and a transient domain vanishes.
     */
    void finish(QemuDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        run.finished = true;
        run.detached = true;
        QmpClient qmp = run.qmp;
        if (qmp != null) {
            try {
                qmp.close();
            } catch (RuntimeException e) {
                // already closed
            }
        }
        AtomicFiles.deleteQuietly(run.monitor);
        AtomicFiles.deleteQuietly(QemuCommandLine.fdPassSocket(run.monitor));
        QemuChannelSockets.remove(QemuChannelSockets.dir(state.dirs().runtime(), d.name()));
        // the guest's files back to their owners, QEMU's directory gone: before the status file, which tells a
        // later instance there is a run to clean up
        state.hostFiles().release(d.name());
        AtomicFiles.deleteQuietly(state.statusFile(d.name()));
        if (run.pidfd != null) {
            run.pidfd.close(); // its exit watch ends with the run
        }
        state.migrationRunEnded(d, run);
        d.run = null;
        d.setId(-1);
        d.setReason(reason);
        d.notifyAll(); // a detach waiting for DEVICE_DELETED gives up at once
        // a transient domain is gone before anyone hears it stopped
        if (!d.isPersistent()) {
            state.forget(d);
        }
        if (detail != null) {
            state.emit(d, detail);
        }
    }

    private static void release(DomainLeases leases) {
        if (leases != null) {
            leases.close();
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted", e);
        }
    }
}
