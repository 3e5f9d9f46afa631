package io.virtkit.qemu.internal;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.DeviceChanges;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.support.DomainConfigDir;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainObjectList;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.DomainOperations;
import io.virtkit.support.net.TapProvider;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.QemuDomainObject.StopRequest;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpEvent;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;
import io.virtkit.qemu.internal.qmp.QmpMonitors;

/**
 * The domains of one set of directories (qemu:///system or qemu:///session), libvirt's
 * {@code virQEMUDriver}: persistent XML in the config dir, a status file and a QMP socket per running
 * domain in the runtime dir, QEMU's output in the log dir.
 *
 * <p>Locking: {@code this} makes changes to the domain list that take several calls (check for a clash,
 * then add) atomic, guards the id counter, and is never held while waiting for anything. Each domain's monitor guards its fields; it may be held when taking {@code this} (to forget a transient
 * domain), never the other way round. Operations take the domain's job lock first, with a timeout, and
 * hold it (and nothing else) while talking to QEMU; QMP events only take the domain's monitor.
 *
 * <p>QEMU runs detached (its own session, stdin from /dev/null, output to the log file), so the JVM
 * going away never takes a guest with it; {@link #load()} finds running guests again through their
 * status files.
 */
final class QemuState implements DomainOperations<QemuDomainObject, QemuConnection> {

    private static final System.Logger LOG = System.getLogger(QemuState.class.getName());
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final QemuDriverSettings settings;
    private final QemuDriverSettings.Dirs dirs;
    /** The netdev bundle's TAP provider as it is now (a dynamic reference of the driver), or null. */
    private final Supplier<TapProvider> tapProvider;
    private final DomainConfigDir configDir;
    private final DomainObjectList<QemuDomainObject> domains = new DomainObjectList<>(ErrorDomain.QEMU);
    private final List<QemuConnection> connections = new CopyOnWriteArrayList<>();
    private final Object kvmProbeLock = new Object();
    private KvmProbe.Result kvmVerdict; // guarded by kvmProbeLock
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "virtkit-qemu");
        t.setDaemon(true);
        return t;
    });
    /** Reads every guest's monitor on one thread and delivers their events on a few (not 2 threads a guest). */
    private final QmpMonitors monitors = new QmpMonitors("virtkit-qemu-qmp", "virtkit-qemu-events", 4);
    private int nextId = 1; // guarded by this
    private volatile boolean closed;
    private volatile long hypervisorVersion = -1;

    QemuState(QemuDriverSettings settings, QemuDriverSettings.Dirs dirs) {
        this(settings, dirs, () -> null);
    }

    QemuState(QemuDriverSettings settings, QemuDriverSettings.Dirs dirs, Supplier<TapProvider> tapProvider) {
        this.settings = settings;
        this.dirs = dirs;
        this.configDir = new DomainConfigDir(dirs.config(), ErrorDomain.QEMU);
        this.tapProvider = tapProvider;
    }

    QemuDriverSettings settings() {
        return settings;
    }

    QemuDriverSettings.Dirs dirs() {
        return dirs;
    }

    // ---- activation and deactivation ------------------------------------------------------------

    /**
     * Reads the persistent definitions and the status files: a live QEMU that is still the one we
     * started (same pid, same start time, the domain's UUID on its command line) is reconnected; any
     * other status file is stale: its domain is SHUTOFF (reason UNKNOWN: nobody saw how it ended) and
     * its socket and status file are removed, but a live process that is not ours is never touched.
     * A status file still "starting up" is a start the previous instance did not live to finish: what it
     * launched is killed and cleaned up (SHUTOFF, reason DAEMON), unless QEMU already runs its CPUs.
     * Then the autostart domains that are not running are started.
     */
    void load() throws IOException {
        Files.createDirectories(dirs.config());
        Files.createDirectories(dirs.runtime());
        Files.createDirectories(dirs.log());
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = prepare(DomainXmlCodec.parse(Files.readString(file)));
                QemuDomainObject d = new QemuDomainObject(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
                synchronized (this) {
                    domains.addIfFree(d);
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable domain definition " + file + ": " + e.getMessage());
            }
        }
        for (Path file : AtomicFiles.list(dirs.runtime(), "*.xml")) {
            reconnect(file);
        }
        for (Path tmp : AtomicFiles.list(dirs.runtime(), ".*.tmp")) {
            AtomicFiles.deleteQuietly(tmp); // a status write the killed daemon never finished
        }
        autostart();
    }

    /** Autostarts on the driver's own thread: callers (SCR binding a reference) must not wait for QEMU. */
    void autostartInBackground() {
        try {
            background.execute(this::autostart);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: the next driver instance autostarts
        }
    }

    /**
     * Starts the autostart domains that are not running. Runs at load, and again when a service some of
     * them need arrives later (the netdev bundle's TAP provider), so their order of activation does not matter.
     */
    void autostart() {
        for (QemuDomainObject d : snapshot()) {
            if (d.isAutostart() && !d.isActive()) {
                try {
                    start(d, null, Set.of(), null);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot autostart domain '" + d.name() + "': " + e.getMessage());
                }
            }
        }
    }

    private void reconnect(Path statusPath) {
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
        QemuDomainObject d;
        synchronized (this) {
            d = domains.get(live.uuid());
            if (d == null && clash(live) != null) {
                LOG.log(Level.WARNING, "status file " + statusPath + " clashes with another domain; removed");
                if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
                    killLaunched(status, live);
                }
                AtomicFiles.deleteQuietly(statusPath);
                return;
            }
        }
        boolean same = ProcessFacts.isSameQemu(status.pid(), status.startTime(), live.uuid().toString());
        if (!same && status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
            // the daemon died during a start, maybe before it could record QEMU's pid: whatever it
            // launched is found by its command line and killed
            boolean killed = killLaunched(status, live);
            LOG.log(Level.INFO, "domain '" + live.name() + "' was not fully started when the daemon stopped; "
                    + (killed ? "killed its QEMU and " : "") + "cleaning up its runtime files");
            removeRuntimeFiles(statusPath, status.monitor());
            if (d != null) {
                d.setReason(killed ? DomainStateReason.SHUTOFF_DAEMON : DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        if (!same) {
            LOG.log(Level.INFO, "domain '" + live.name() + "' (pid " + status.pid()
                    + ") is no longer running; cleaning up its runtime files");
            removeRuntimeFiles(statusPath, status.monitor());
            if (d != null) {
                d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        if (d == null) {
            d = new QemuDomainObject(live, false);
            synchronized (this) {
                domains.add(d);
            }
        }
        attach(d, status, live);
    }

    /** Takes over a verified live QEMU: reconnects its monitor, asks its real state, watches its exit. */
    private void attach(QemuDomainObject d, StatusFile status, DomainDefinition live) {
        ProcessHandle process = ProcessHandle.of(status.pid()).orElseThrow();
        Run run = new Run(status.id(), process, status.startTime(), status.monitor(), live, null, false);
        synchronized (d) {
            d.run = run;
            d.setId(run.id);
            d.setReason(status.reason());
        }
        synchronized (this) {
            nextId = Math.max(nextId, status.id() + 1);
        }
        try {
            QmpClient qmp = QmpClient.connect(status.monitor(), settings.monitorTimeout(),
                    e -> onEvent(run.id, d, e), () -> onDisconnect(d, run), monitors);
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
            } else {
                DomainStateReason reason = stateOfQemuStatus(qemuStatus, status.reason());
                synchronized (d) {
                    d.setReason(reason);
                }
            }
            writeStatus(d, run);
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
        process.onExit().thenRun(() -> onProcessExit(d, run));
    }

    /**
     * A QEMU whose start the previous daemon never finished (it still sits at {@code -S}, its TAPs maybe
     * half plugged): like libvirt's reconnect, kill it rather than report a guest nobody paused; its
     * TAPs go with it (QEMU holds their only descriptors), then its socket and status file.
     */
    private void abandonStart(QemuDomainObject d, Run run, StatusFile status, DomainDefinition live) {
        LOG.log(Level.INFO, "domain '" + live.name() + "' was not fully started when the daemon stopped; "
                + "killing it");
        synchronized (d) {
            run.detached = true;
        }
        killNow(run.process);
        killLaunched(status, live);
        synchronized (d) {
            if (!run.finished && d.run == run) {
                finish(d, run, DomainStateReason.SHUTOFF_DAEMON, null);
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
            killNow(p);
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

    /**
     * Lets go of everything without stopping any guest: monitors are closed (QEMU keeps running and
     * waits for the next driver instance), connections too.
     */
    void close() {
        closed = true;
        for (QemuDomainObject d : snapshot()) {
            Run run;
            synchronized (d) {
                run = d.run;
            }
            if (run != null) {
                run.detached = true;
                QmpClient qmp = run.qmp;
                if (qmp != null) {
                    qmp.close();
                }
            }
        }
        for (QemuConnection c : connections) {
            c.closeWithoutAutodestroy();
        }
        connections.clear();
        monitors.close();
        background.shutdownNow();
    }

    boolean isClosed() {
        return closed;
    }

    // ---- connections -------------------------------------------------------------------------

    void attach(QemuConnection connection) {
        connections.add(connection);
    }

    /** Forgets {@code connection}; destroys the domains it started with AUTODESTROY unless told not to. */
    void detach(QemuConnection connection, boolean autodestroy) {
        connections.remove(connection);
        if (autodestroy && !closed) {
            domains.destroyOwnedBy(connection, d -> d.run != null ? d.run.autodestroyOwner : null, this::destroy);
        }
    }

    // ---- lookups -----------------------------------------------------------------------------

    /** The domains, their lookups and listing; changes made of several calls hold {@code this}. */
    @Override
    public DomainObjectList<QemuDomainObject> domains() {
        return domains;
    }

    List<QemuDomainObject> snapshot() {
        return domains.snapshot();
    }

    QemuDomainObject lookupByName(String name) {
        return domains.lookupByName(name);
    }

    // ---- define / create / undefine ---------------------------------------------------------------

    QemuDomainObject define(String xml) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        return domains.define(def, configDir, x -> new QemuDomainObject(x, true), this::emit);
    }

    /** Starts {@code xml} as a transient domain, or a defined inactive one of the same name and UUID. */
    QemuDomainObject create(String xml, QemuConnection caller, Set<StartFlag> flags) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        return domains.create(def, x -> new QemuDomainObject(x, false), d -> start(d, caller, flags, def));
    }

    @Override
    public void undefine(QemuDomainObject d) {
        acquireJob(d);
        try {
            domains.undefine(d, configDir, this::emit);
        } finally {
            d.job.unlock();
        }
    }

    @Override
    public void setAutostart(QemuDomainObject d, boolean autostart) {
        synchronized (d) {
            configDir.setAutostart(d, autostart);
        }
    }

    // ---- start ----------------------------------------------------------------------------------

    @Override
    public void start(QemuDomainObject d, QemuConnection caller, Set<StartFlag> flags) {
        start(d, caller, flags, null);
    }

    /**
     * Launches QEMU for {@code d} ({@code runDef} for a create, else its definition), connects its
     * monitor, fills in runtime values and lets the CPUs run unless PAUSED. Any failure kills what was
     * started and removes the socket and status file before the error is thrown.
     */
    private void start(QemuDomainObject d, QemuConnection caller, Set<StartFlag> flags, DomainDefinition runDef) {
        acquireJob(d);
        try {
            DomainDefinition def;
            synchronized (d) {
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "domain is already running");
                }
                def = runDef != null ? runDef : d.definition();
            }
            launch(d, def, caller, flags);
        } finally {
            d.job.unlock();
        }
    }

    private void launch(QemuDomainObject d, DomainDefinition def, QemuConnection caller, Set<StartFlag> flags) {
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : settings.emulator();
        checkEmulator(emulator);
        checkAccelerator(def);
        Path monitor = monitorSocket(def.name());
        List<String> argv = new ArrayList<>(QemuCommandLine.build(def, emulator, monitor));
        List<QemuCommandLine.TapNic> tapNics = QemuCommandLine.tapNics(def);
        TapProvider taps = tapNics.isEmpty() ? null : tapProvider.get();
        if (!tapNics.isEmpty() && taps == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "interface type '"
                    + tapNics.get(0).iface().type().xmlName()
                    + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        }
        Path fdPass = QemuCommandLine.fdPassSocket(monitor);
        if (def.onReboot() == LifecycleAction.DESTROY && !argv.contains("-no-reboot")) {
            argv.add("-no-reboot"); // a guest reboot then ends QEMU, which on_reboot=destroy asks for
        }
        Path logFile = logFile(def.name());
        long logOffset;
        Process process;
        int id;
        synchronized (this) {
            id = nextId++;
        }
        try {
            Files.createDirectories(dirs.runtime());
            Files.createDirectories(dirs.log());
            Files.deleteIfExists(monitor);
            Files.deleteIfExists(fdPass);
            // as libvirt: a header line per start, then the command line, then whatever QEMU prints
            String header = LOG_TIME.format(Instant.now()) + ": starting up\n"
                    + QemuCommandLine.toShellString(argv) + "\n";
            Files.writeString(logFile, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            logOffset = Files.size(logFile);
            // The intent record, before anything exists: should the daemon die from here on (even before
            // it learns QEMU's pid), the next instance finds this "starting up" record, looks for the
            // QEMU by its monitor path and UUID, and kills and cleans up what this start left.
            new StatusFile(0, null, id, DomainStateReason.PAUSED_STARTING_UP, monitor,
                    DomainXmlCodec.formatLive(def, id, XmlFlag.SECURE)).write(statusFile(def.name()));
            List<String> command = new ArrayList<>(argv.size() + 2);
            // setsid gives QEMU its own session (no signal from our terminal or process group reaches it);
            // as our child is no group leader, setsid execs in place and keeps the pid.
            command.add("setsid");
            command.add("--");
            command.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            process = pb.start();
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(monitor);
            AtomicFiles.deleteQuietly(statusFile(def.name()));
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot start QEMU for domain '" + def.name() + "': " + e.getMessage(), e);
        }
        ProcessHandle handle = process.toHandle();
        Instant startTime = handle.info().startInstant().orElse(null);
        boolean paused = flags.contains(StartFlag.PAUSED);
        Run run = new Run(id, handle, startTime, monitor, def,
                flags.contains(StartFlag.AUTODESTROY) ? caller : null, true);
        synchronized (d) {
            d.run = run;
            d.setId(id);
            d.setReason(DomainStateReason.PAUSED_STARTING_UP);
        }
        try {
            writeStatus(d, run);
            waitForMonitor(run, logFile, logOffset);
            QmpClient qmp;
            try {
                qmp = QmpClient.connect(monitor, settings.monitorTimeout(), e -> onEvent(run.id, d, e),
                        () -> onDisconnect(d, run), monitors);
            } catch (RuntimeException e) {
                throw exitedOr(run, logFile, logOffset, e);
            }
            run.qmp = qmp;
            DomainDefinition live = withRuntimeValues(def, qmp);
            if (!tapNics.isEmpty()) {
                live = plugTaps(live, tapNics, taps, fdPass, qmp);
            }
            synchronized (d) {
                run.liveDef = live;
                // still "starting up", now with the runtime values: a daemon dying after the cont below
                // leaves a running guest the next instance reattaches with its complete live XML
                writeStatus(d, run);
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
                d.setReason(paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED);
                writeStatus(d, run);
                emit(d, DomainEventDetail.STARTED_BOOTED);
                if (paused) {
                    emit(d, DomainEventDetail.SUSPENDED_PAUSED);
                }
            }
        } catch (RuntimeException e) {
            failStart(d, run);
            throw e;
        }
        handle.onExit().thenRun(() -> onProcessExit(d, run));
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
        String text = readFrom(logFile, logOffset).strip();
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "process exited while connecting to monitor: " + (text.isEmpty() ? "(no output)" : text));
    }

    private void failStart(QemuDomainObject d, Run run) {
        killNow(run.process);
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

    /**
     * libvirt's way to give QEMU its TAPs: each is opened here and its descriptor passed over the
     * fd-passing monitor (QEMU keeps passed descriptors per monitor, so {@code netdev_add} must run
     * there too), then the NIC is added on the main monitor, all before the CPUs run. Our descriptor
     * is closed once QEMU holds its own, so a TAP is transient: it vanishes when QEMU exits, and neither
     * destroy nor shutdown has to unplug anything. On failure every TAP still held here is closed; the
     * caller kills QEMU, which takes the ones already handed over with it.
     *
     * @return {@code live} with each TAP's name as the interface's {@code <target dev>}
     */
    private DomainDefinition plugTaps(DomainDefinition live, List<QemuCommandLine.TapNic> nics, TapProvider taps,
            Path fdPass, QmpClient qmp) {
        List<InterfaceDevice> ifaces = new ArrayList<>(live.devices().interfaces());
        Duration timeout = settings.monitorTimeout();
        try (QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout)) {
            for (QemuCommandLine.TapNic nic : nics) {
                try (ConnectedTap tap = taps.connect(nic.iface(), nic.virtio())) {
                    channel.passFd(tap.fd(), nic.netdevId(), timeout);
                    channel.execute("netdev_add", Map.of("type", "tap", "id", nic.netdevId(),
                            "fd", nic.netdevId(), "vhost", false), timeout);
                    qmp.execute("device_add", nic.deviceArgs(), timeout);
                    InterfaceDevice i = nic.iface();
                    ifaces.set(nic.index(), new InterfaceDevice(i.type(), i.mac(), i.source(), tap.name(),
                            i.targetManaged(), i.model(), i.mtu()));
                }
            }
        }
        DomainDevices dev = live.devices();
        return live.withDevices(new DomainDevices(dev.emulator(), dev.disks(), dev.filesystems(), ifaces,
                dev.serials(), dev.consoles(), dev.graphics()));
    }

    /** The definition with what QEMU chose at start: pty paths of serials and consoles, the VNC port. */
    private DomainDefinition withRuntimeValues(DomainDefinition def, QmpClient qmp) {
        DomainDevices dev = def.devices();
        boolean hasPty = dev.serials().stream().anyMatch(c -> c.type() == CharDevice.Type.PTY)
                || dev.consoles().stream().anyMatch(c -> c.type() == CharDevice.Type.PTY);
        boolean hasVnc = dev.graphics().stream().anyMatch(g -> g.type() == GraphicsDevice.Type.VNC);
        if (!hasPty && !hasVnc) {
            return def;
        }
        List<CharDevice> serials = dev.serials();
        List<CharDevice> consoles = dev.consoles();
        if (hasPty) {
            Map<String, String> ptys = new HashMap<>();
            for (JsonNode c : qmp.execute("query-chardev", null, settings.monitorTimeout())) {
                String filename = c.path("filename").asText("");
                if (filename.startsWith("pty:")) {
                    ptys.put(c.path("label").asText(), filename.substring(4));
                }
            }
            serials = new ArrayList<>();
            for (int i = 0; i < dev.serials().size(); i++) {
                serials.add(withPty(dev.serials().get(i), ptys.get("charserial" + i)));
            }
            consoles = new ArrayList<>();
            for (int i = 0; i < dev.consoles().size(); i++) {
                String pty = ptys.get("charconsole" + i);
                if (pty == null && i == 0) {
                    pty = ptys.get("charserial0"); // the first console is an alias of the first serial port
                }
                consoles.add(withPty(dev.consoles().get(i), pty));
            }
        }
        List<GraphicsDevice> graphics = dev.graphics();
        if (hasVnc) {
            JsonNode vnc = qmp.execute("query-vnc", null, settings.monitorTimeout());
            int port = vnc.path("enabled").asBoolean(false) ? vnc.path("service").asInt(-1) : -1;
            graphics = new ArrayList<>();
            for (GraphicsDevice g : dev.graphics()) {
                graphics.add(g.type() == GraphicsDevice.Type.VNC && g.autoport() && port > 0
                        ? new GraphicsDevice(g.type(), port, true, g.listen(), g.passwd()) : g);
            }
        }
        return def.withDevices(new DomainDevices(dev.emulator(), dev.disks(), dev.filesystems(), dev.interfaces(),
                serials, consoles, graphics));
    }

    private static CharDevice withPty(CharDevice c, String pty) {
        if (c.type() != CharDevice.Type.PTY || pty == null) {
            return c;
        }
        return new CharDevice(c.type(), pty, c.sourceMode(), c.targetType(), c.targetPort());
    }

    // ---- stop and process exit ---------------------------------------------------------------

    /**
     * Stops at once: SIGTERM, SIGKILL after the grace time, then SHUTOFF/DESTROYED. Like libvirt it does
     * not wait for a running job first: the signal ends whatever the job waits for.
     */
    @Override
    public void destroy(QemuDomainObject d) {
        Run run;
        synchronized (d) {
            run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            run.stopRequest = StopRequest.DESTROY;
        }
        terminate(run.process);
        synchronized (d) {
            if (!run.finished && d.run == run) {
                finish(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            }
        }
    }

    /** SIGTERM, then SIGKILL if it is still there after the grace time; returns once it has gone. */
    private void terminate(ProcessHandle process) {
        process.destroy();
        if (!waitForExit(process, settings.destroyGrace())) {
            killNow(process);
        }
    }

    private static void killNow(ProcessHandle process) {
        process.destroyForcibly();
        if (!waitForExit(process, Duration.ofSeconds(5))) {
            LOG.log(Level.WARNING, "QEMU process " + process.pid() + " survived SIGKILL");
        }
    }

    /** Whether the process ended within {@code timeout}; a zombie counts as ended. Polls finely: destroy is timed. */
    static boolean waitForExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive() || ProcessFacts.isZombie(process.pid())) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                process.onExit().get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(2)), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                // poll again: for a process that is not our child onExit may lag
            } catch (ExecutionException e) {
                return !process.isAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
    }

    /**
     * The process is gone. QEMU writes its SHUTDOWN event and then exits, so the exit can be noticed
     * before the monitor's reader has delivered that event; deciding now would call a clean power-off
     * a crash. So this first waits until the monitor has delivered everything up to its end-of-file (bounded:
     * a monitor that never reports EOF does not keep a dead guest running).
     */
    private void onProcessExit(QemuDomainObject d, Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null) {
            processExited(d, run);
            return;
        }
        try {
            background.execute(() -> {
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
        if (closed) {
            return; // a later driver instance owns the domain now
        }
        boolean restart = false;
        synchronized (d) {
            if (run.finished || d.run != run || run.starting) {
                return;
            }
            if (run.stopRequest == StopRequest.DESTROY) {
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
            background.execute(() -> {
                try {
                    start(d, null, Set.of());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot restart domain '" + d.name() + "': " + e.getMessage());
                }
            });
        }
    }

    /** The monitor closed: unless we closed it, QEMU is exiting; wait for it briefly and handle the exit. */
    private void onDisconnect(QemuDomainObject d, Run run) {
        if (closed || run.detached) {
            return;
        }
        try {
            background.execute(() -> {
                if (waitForExit(run.process, Duration.ofSeconds(5))) {
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
    private void finish(QemuDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
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
        AtomicFiles.deleteQuietly(statusFile(d.name()));
        d.run = null;
        d.setId(-1);
        d.setReason(reason);
        // a transient domain is gone before anyone hears it stopped
        if (!d.isPersistent()) {
            forget(d);
        }
        if (detail != null) {
            emit(d, detail);
        }
    }

    // ---- QMP events --------------------------------------------------------------------------

    /** Runs on the QMP client's thread, in order; holds the domain's monitor only, never its job lock. */
    private void onEvent(int runId, QemuDomainObject d, QmpEvent event) {
        if (closed) {
            return;
        }
        synchronized (d) {
            Run run = d.run;
            if (run == null || run.id != runId || run.finished) {
                return;
            }
            switch (event.name()) {
                case "STOP" -> {
                    if (!run.starting && d.state() == DomainState.RUNNING) {
                        boolean io = run.ioError;
                        run.ioError = false;
                        setState(d, run, io ? DomainStateReason.PAUSED_IOERROR
                                : run.userPause ? DomainStateReason.PAUSED_USER : DomainStateReason.PAUSED_UNKNOWN,
                                io ? DomainEventDetail.SUSPENDED_IOERROR : DomainEventDetail.SUSPENDED_PAUSED);
                    }
                }
                case "RESUME" -> {
                    if (!run.starting && (d.state() == DomainState.PAUSED || d.state() == DomainState.CRASHED)) {
                        setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
                    }
                }
                case "DEVICE_DELETED" -> {
                    String device = event.data().path("device").asText("");
                    if (!device.isEmpty()) {
                        run.deletedDevices.add(device);
                        d.notifyAll(); // a detach may be waiting for it
                    }
                }
                case "BLOCK_IO_ERROR" -> run.ioError = "stop".equals(event.data().path("action").asText());
                case "SHUTDOWN" -> {
                    if (run.stopRequest == StopRequest.NONE && !run.shutdownSeen) {
                        run.shutdownSeen = true;
                        boolean guest = event.data().path("guest").asBoolean(false);
                        setState(d, run, DomainStateReason.SHUTDOWN_USER,
                                guest ? DomainEventDetail.SHUTDOWN_GUEST : DomainEventDetail.SHUTDOWN_HOST);
                    }
                }
                case "GUEST_PANICKED" -> {
                    setState(d, run, DomainStateReason.CRASHED_PANICKED, DomainEventDetail.CRASHED_PANICKED);
                    LifecycleAction onCrash = run.liveDef.onCrash();
                    if (onCrash != LifecycleAction.PRESERVE && run.stopRequest == StopRequest.NONE) {
                        run.stopRequest = StopRequest.CRASH;
                        run.process.destroyForcibly();
                    }
                }
                default -> {
                    // RESET keeps it running (a reboot); POWERDOWN only says the guest was asked.
                }
            }
        }
    }

    private void setState(QemuDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        d.setReason(reason);
        writeStatus(d, run);
        if (detail != null) {
            emit(d, detail);
        }
    }

    // ---- operations on running domains -----------------------------------------------------------

    @Override
    public void shutdown(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> qmp.execute("system_powerdown", null, settings.monitorTimeout()));
    }

    @Override
    public void reboot(QemuDomainObject d) {
        withMonitor(d, (run, qmp) -> qmp.execute("system_reset", null, settings.monitorTimeout()));
    }

    @Override
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
                        setState(d, run, DomainStateReason.PAUSED_USER, DomainEventDetail.SUSPENDED_PAUSED);
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

    @Override
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
                    setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
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

    // ---- device hotplug --------------------------------------------------------------------------

    /** How long a live detach waits for QEMU's DEVICE_DELETED (the guest must release the device). */
    static final Duration DEVICE_REMOVAL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * virDomainAttachDeviceFlags / virDomainDetachDeviceFlags for {@code <interface>}: the live change
     * first, then the persistent one is saved, as libvirt orders them; a failure leaves both alone.
     */
    void changeDevice(QemuDomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        acquireJob(d);
        try {
            Run run;
            DomainDefinition persistentDef;
            synchronized (d) {
                run = d.run != null && !d.run.finished ? d.run : null;
                persistentDef = d.definition();
            }
            DeviceChanges.Impact impact = DeviceChanges.impact(run != null, d.isPersistent(), flags);
            DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(deviceXml, attach, impact,
                    ErrorDomain.QEMU);
            DomainDefinition config = null;
            if (impact.config()) {
                config = withInterfaces(persistentDef, attach
                        ? DeviceChanges.withInterface(persistentDef.devices().interfaces(), change.device(),
                                ErrorDomain.QEMU)
                        : without(persistentDef.devices().interfaces(), change));
                if (attach) {
                    QemuCommandLine.hotplugNic(config, change.device(), 0, null, null); // model and MTU checks
                }
            }
            if (impact.live()) {
                if (attach) {
                    attachLive(d, run, change);
                } else {
                    detachLive(d, run, change);
                }
            }
            if (config != null) {
                synchronized (d) {
                    configDir.save(config);
                    d.setDefinition(config);
                }
            }
        } finally {
            d.job.unlock();
        }
    }

    private static List<InterfaceDevice> without(List<InterfaceDevice> interfaces,
            DeviceChanges.InterfaceChange change) {
        List<InterfaceDevice> rest = new ArrayList<>(interfaces);
        rest.remove(DeviceChanges.find(rest, change, ErrorDomain.QEMU));
        return rest;
    }

    private static DomainDefinition withInterfaces(DomainDefinition def, List<InterfaceDevice> interfaces) {
        DomainDevices dev = def.devices();
        return def.withDevices(new DomainDevices(dev.emulator(), dev.disks(), dev.filesystems(), interfaces,
                dev.serials(), dev.consoles(), dev.graphics()));
    }

    /** The N of hostnetN/netN of each interface of the run; holds {@code d}'s monitor. */
    private static Map<String, Integer> nicIds(Run run) {
        if (run.nicIds == null) {
            // before the first hotplug the live NICs are the started ones, placed as QemuCommandLine places them
            Map<String, Integer> ids = new HashMap<>();
            List<InterfaceDevice> nics = run.liveDef.devices().interfaces();
            for (int n = 0; n < nics.size(); n++) {
                ids.put(nics.get(n).mac(), n);
            }
            Map<String, String> slots = new HashMap<>();
            List<String> all = new ArrayList<>();
            for (QemuCommandLine.TapNic t : QemuCommandLine.tapNics(run.liveDef)) {
                slots.put(t.mac(), t.bus() + "/" + t.addr());
                if (t.bus().equals(QemuCommandLine.TAP_BRIDGE)) {
                    if (all.isEmpty()) {
                        for (int slot = 1; slot < 32; slot++) {
                            all.add(t.bus() + "/0x" + Integer.toHexString(slot));
                        }
                    }
                } else {
                    all.add(t.bus() + "/" + t.addr());
                }
            }
            run.nicSlots = slots;
            run.hotplugSlots = all;
            run.nicIds = ids;
        }
        return run.nicIds;
    }

    private QmpClient monitorOf(Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null || !qmp.isConnected()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return qmp;
    }

    private void attachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change) {
        InterfaceDevice iface = change.device();
        DomainDefinition live;
        int n = 0;
        synchronized (d) {
            live = run.liveDef;
            DeviceChanges.withInterface(live.devices().interfaces(), iface, ErrorDomain.QEMU); // MAC in use?
            while (nicIds(run).containsValue(n)) {
                n++;
            }
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        boolean tap = QemuCommandLine.isTap(iface);
        TapProvider taps = tap ? tapProvider.get() : null;
        if (tap && taps == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "interface type '"
                    + iface.type().xmlName() + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
        }
        String[] slot;
        synchronized (d) {
            slot = freeHotplugSlot(run);
        }
        Path fdPass = QemuCommandLine.fdPassSocket(run.monitor);
        if (slot == null || tap && !Files.exists(fdPass)) {
            // the hotplug bus (pc's root bus takes none without ACPI) and the fd-passing monitor are only
            // there when the domain started with a TAP NIC: refuse rather than guess at another bus
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "live attach of an interface "
                    + "of type '" + iface.type().xmlName() + "' needs a domain started with at least one interface "
                    + "of type network, bridge or ethernet (and a free hotplug slot)");
        }
        QemuCommandLine.TapNic nic = QemuCommandLine.hotplugNic(live, iface, n,
                slot == null ? null : slot[0], slot == null ? null : slot[1]);
        String targetDev = iface.targetDev();
        if (tap) {
            try (QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout);
                    ConnectedTap connected = taps.connect(iface, nic.virtio())) {
                channel.passFd(connected.fd(), nic.netdevId(), timeout);
                try {
                    channel.execute("netdev_add", Map.of("type", "tap", "id", nic.netdevId(),
                            "fd", nic.netdevId(), "vhost", false), timeout);
                } catch (RuntimeException e) {
                    quietly(() -> channel.closeFd(nic.netdevId(), timeout));
                    throw e;
                }
                try {
                    qmp.execute("device_add", nic.deviceArgs(), timeout);
                } catch (RuntimeException e) {
                    quietly(() -> channel.execute("netdev_del", Map.of("id", nic.netdevId()), timeout));
                    throw e;
                }
                targetDev = connected.name();
            }
        } else {
            qmp.execute("netdev_add", Map.of("type", "user", "id", nic.netdevId()), timeout);
            try {
                qmp.execute("device_add", nic.deviceArgs(), timeout);
            } catch (RuntimeException e) {
                quietly(() -> qmp.execute("netdev_del", Map.of("id", nic.netdevId()), timeout));
                throw e;
            }
        }
        InterfaceDevice added = new InterfaceDevice(iface.type(), iface.mac(), iface.source(), targetDev,
                iface.targetManaged(), iface.model(), iface.mtu());
        synchronized (d) {
            nicIds(run).put(iface.mac(), n);
            if (slot != null) {
                run.nicSlots.put(iface.mac(), slot[0] + "/" + slot[1]);
            }
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.add(added);
            run.liveDef = withInterfaces(run.liveDef, nics);
            writeStatus(d, run);
        }
    }

    /**
     * A free slot for a hot-plugged NIC, as {bus, addr}: one of the start-time bridge (pc) or an emptied
     * TAP root port (q35); null when there is none. Tracked here because QEMU's query-pci cannot see behind
     * a bridge the firmware has not numbered yet (a guest still at -S). Holds {@code d}'s monitor.
     */
    private static String[] freeHotplugSlot(Run run) {
        nicIds(run);
        for (String slot : run.hotplugSlots) {
            if (!run.nicSlots.containsValue(slot)) {
                return slot.split("/", 2);
            }
        }
        return null;
    }

    private void detachLive(QemuDomainObject d, Run run, DeviceChanges.InterfaceChange change) {
        InterfaceDevice nic;
        int n;
        synchronized (d) {
            List<InterfaceDevice> nics = run.liveDef.devices().interfaces();
            nic = nics.get(DeviceChanges.find(nics, change, ErrorDomain.QEMU));
            n = nicIds(run).get(nic.mac());
        }
        QmpClient qmp = monitorOf(run);
        Duration timeout = settings.monitorTimeout();
        String deviceId = "net" + n;
        synchronized (d) {
            run.deletedDevices.remove(deviceId);
        }
        qmp.execute("device_del", Map.of("id", deviceId), timeout);
        long deadline = System.nanoTime() + DEVICE_REMOVAL_TIMEOUT.toNanos();
        synchronized (d) {
            while (!run.deletedDevices.remove(deviceId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || run.finished) {
                    // QEMU still has the device: the guest never released it (ACPI/SHPC unplug needs its help)
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                            "timed out waiting for the guest to release device '" + deviceId + "'");
                }
                try {
                    d.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted", e);
                }
            }
        }
        // the netdev went on the monitor its descriptor came in on; netdev_del works from either
        qmp.execute("netdev_del", Map.of("id", "hostnet" + n), timeout);
        synchronized (d) {
            nicIds(run).remove(nic.mac());
            run.nicSlots.remove(nic.mac());
            List<InterfaceDevice> nics = new ArrayList<>(run.liveDef.devices().interfaces());
            nics.remove(nic);
            run.liveDef = withInterfaces(run.liveDef, nics);
            writeStatus(d, run);
        }
    }

    private static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cleanup after a failed hotplug failed: " + e.getMessage());
        }
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

    // ---- queries -----------------------------------------------------------------------------

    @Override
    public DomainStateInfo state(QemuDomainObject d) {
        return DomainStateInfo.of(d.reason());
    }

    @Override
    public DomainInfo info(QemuDomainObject d) {
        synchronized (d) {
            Run run = d.run;
            DomainDefinition def = run != null ? run.liveDef : d.definition();
            long cpu = run != null ? ProcessFacts.cpuTimeNanos(run.pid()) : 0;
            return new DomainInfo(d.state(), def.memoryKiB(), def.currentMemoryKiB(), def.vcpus(), cpu);
        }
    }

    @Override
    public String xml(QemuDomainObject d, Set<XmlFlag> flags) {
        XmlFlag[] pass = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        synchronized (d) {
            Run run = d.run;
            if (run != null && !flags.contains(XmlFlag.INACTIVE)) {
                return DomainXmlCodec.formatLive(run.liveDef, run.id, pass);
            }
            return DomainXmlCodec.format(d.definition(), pass);
        }
    }

    /** The running definition (with pty paths), or NOT RUNNING. */
    DomainDefinition liveDefinition(QemuDomainObject d) {
        synchronized (d) {
            if (d.run == null) {
                throw DomainErrors.notRunning();
            }
            return d.run.liveDef;
        }
    }

    long pid(QemuDomainObject d) {
        synchronized (d) {
            return d.run == null ? -1 : d.run.pid();
        }
    }

    long hypervisorVersion() {
        long v = hypervisorVersion;
        if (v < 0) {
            v = QemuVersion.of(settings.emulator());
            hypervisorVersion = v;
        }
        return v;
    }

    // ---- files -------------------------------------------------------------------------------

    Path statusFile(String name) {
        return dirs.runtime().resolve(name + ".xml");
    }

    Path monitorSocket(String name) {
        return dirs.runtime().resolve(name + ".monitor");
    }

    Path logFile(String name) {
        return dirs.log().resolve(name + ".log");
    }

    private void writeStatus(QemuDomainObject d, Run run) {
        try {
            new StatusFile(run.pid(), run.startTime, run.id, d.reason(), run.monitor,
                    DomainXmlCodec.formatLive(run.liveDef, run.id, XmlFlag.SECURE)).write(statusFile(d.name()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write status of domain '" + d.name() + "': " + e.getMessage());
        }
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length() - offset;
            if (len <= 0) {
                return "";
            }
            byte[] buf = new byte[(int) Math.min(len, 64 * 1024)];
            f.seek(offset);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ---- checks ------------------------------------------------------------------------------

    /** libvirt's error when the binary is missing ("Cannot check QEMU binary …: No such file or directory"). */
    private static void checkEmulator(String emulator) {
        Path p = Path.of(emulator);
        if (!Files.exists(p)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + emulator + ": No such file or directory");
        }
        if (!Files.isExecutable(p) || Files.isDirectory(p)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + emulator + ": Permission denied");
        }
    }

    /**
     * type='kvm' needs a KVM that really runs guests (see {@link KvmProbe}); type='qemu' runs on TCG anywhere.
     * The probe runs once per state, at the first KVM start, and its verdict is kept.
     */
    private void checkAccelerator(DomainDefinition def) {
        if (!"kvm".equals(def.type())) {
            return;
        }
        KvmProbe.Result verdict = kvmVerdict();
        if (!verdict.usable()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Domain requires KVM, but it is not available. Check that virtualization is enabled in the "
                            + "host BIOS, and host configuration is setup to load the kvm modules. ("
                            + verdict.reason() + ")");
        }
    }

    /** The KVM probe's verdict, probed at the first call (a KVM start or the capabilities XML) and kept. */
    KvmProbe.Result kvmVerdict() {
        synchronized (kvmProbeLock) {
            if (kvmVerdict == null) {
                kvmVerdict = KvmProbe.run(settings.emulator(), settings.kvmDevice(), dirs.runtime(),
                        settings.monitorTimeout());
            }
            return kvmVerdict;
        }
    }

    /** This driver runs type 'qemu' (TCG) and 'kvm' domains; anything else has no capabilities here. */
    static DomainDefinition prepare(DomainDefinition def) {
        if (!"qemu".equals(def.type()) && !"kvm".equals(def.type())) {
            String arch = def.os().arch() != null ? def.os().arch() : "x86_64";
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES,
                    "could not find capabilities for arch=" + arch + " domaintype=" + def.type() + " ");
        }
        return def.uuid() == null ? def.withUuid(UUID.randomUUID()) : def;
    }

    private QemuDomainObject clash(DomainDefinition def) {
        return domains.clash(def.uuid(), def.name());
    }

    private synchronized void forget(QemuDomainObject d) {
        domains.remove(d);
    }

    private void emit(QemuDomainObject d, DomainEventDetail detail) {
        for (QemuConnection c : connections) {
            c.deliver(d, detail);
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
