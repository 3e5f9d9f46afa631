package io.virtkit.lxc.internal;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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
import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.DomainConfigDir;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainObjectList;
import io.virtkit.support.DomainOperations;
import io.virtkit.support.net.VethProvider;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;
import io.virtkit.lxc.internal.LxcDomainObject.StopRequest;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.CgroupV2;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.support.process.PidFd;

/**
 * The containers of lxc:///, libvirt's {@code virLXCDriver}: persistent XML in the config dir, a status
 * file (plus init wrapper and FIFOs) per running container in the runtime dir, console logs in the log
 * dir, a cgroup per container below the driver's own.
 *
 * <p>A container runs detached from the JVM: {@code setsid} → util-linux {@code script} (the controller:
 * it holds the pty master of the container's console, fed from a FIFO, written to the log) →
 * {@code unshare} (new namespaces) → the init wrapper as PID 1 (see {@link InitWrapper}) → exec of
 * {@code <init>}. The JVM never forks itself, and restarting it leaves containers running:
 * {@link #load()} finds them through their status files.
 *
 * <p>Locking as in the QEMU driver: {@code this} makes multi-call changes to the domain list atomic; a
 * domain's monitor guards its fields; operations take the domain's job lock (with a timeout) and hold
 * nothing else while waiting.
 */
final class LxcState implements DomainOperations<LxcDomainObject, LxcConnection> {

    private static final System.Logger LOG = System.getLogger(LxcState.class.getName());
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** The kernel's CFS period when none is set: what a quota derived from {@code <vcpu>} is measured in. */
    private static final long DEFAULT_CFS_PERIOD_MICROS = 100_000;

    private final LxcDriverSettings settings;
    /** The netdev bundle's veth pairs for containers' interfaces; yields null while it is not installed. */
    private final Supplier<VethProvider> vethProvider;
    private final DomainConfigDir configDir;
    private final DomainObjectList<LxcDomainObject> domains = new DomainObjectList<>(ErrorDomain.LXC);
    private final List<LxcConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicBoolean devicesWarned = new AtomicBoolean(); // the "not restricted" notice, once
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "virtkit-lxc");
        t.setDaemon(true);
        return t;
    });
    private CgroupLayout cgroups; // lazily: detection reads /proc only once we need it
    private HostUmount umount;
    private int nextId = 1; // guarded by this
    private volatile boolean closed;

    LxcState(LxcDriverSettings settings) {
        this(settings, () -> null);
    }

    LxcState(LxcDriverSettings settings, Supplier<VethProvider> vethProvider) {
        this.settings = settings;
        this.configDir = new DomainConfigDir(settings.config(), ErrorDomain.LXC);
        this.vethProvider = vethProvider;
    }

    LxcDriverSettings settings() {
        return settings;
    }

    private synchronized CgroupLayout cgroups() {
        if (cgroups == null) {
            try {
                cgroups = CgroupLayout.detect();
            } catch (CgroupException e) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
            }
        }
        return cgroups;
    }

    private synchronized HostUmount umount() {
        if (umount == null) {
            try {
                umount = HostUmount.detect();
            } catch (IllegalStateException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, e.getMessage(), e);
            }
        }
        return umount;
    }

    // ---- activation and deactivation ------------------------------------------------------------

    /**
     * Reads the persistent definitions and the status files: a container whose init is still the one we
     * started (same pid and start time) is taken over; any other status file is stale: its cgroup is
     * emptied and removed, its runtime files deleted, its domain SHUTOFF. One still "starting up" is a
     * start the previous instance did not live to finish: everything it launched is killed and removed
     * (SHUTOFF, reason DAEMON). Then autostart domains start.
     */
    void load() throws IOException {
        Files.createDirectories(settings.config());
        Files.createDirectories(settings.runtime());
        Files.createDirectories(settings.log());
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = prepare(DomainXmlCodec.parse(Files.readString(file)));
                LxcDomainObject d = new LxcDomainObject(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                synchronized (this) {
                    domains.addIfFree(d);
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
        autostart();
    }

    /** Autostart on a thread of the driver's own: the caller may be SCR binding a reference. */
    void autostartInBackground() {
        try {
            background.execute(this::autostart);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile: the next driver instance autostarts
        }
    }

    void autostart() {
        for (LxcDomainObject d : snapshot()) {
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
        ContainerCgroup cgroup = cgroups().reopen(status.cgroupDirs());
        LxcDomainObject d;
        synchronized (this) {
            d = domains.get(live.uuid());
        }
        if (status.reason() == DomainStateReason.PAUSED_STARTING_UP) {
            // the daemon died during this container's start: nothing of it is a container yet
            // anything found (the controller chain, or a cgroup, maybe with init in it) is killed and removed
            boolean killed = killLaunched(live.name()) | safely(cgroup::exists, false);
            LOG.log(Level.INFO, "container '" + live.name() + "' was not fully started when the daemon stopped; "
                    + "cleaning up");
            cleanupLeftovers(live.name(), cgroup);
            if (d != null) {
                d.setReason(killed ? DomainStateReason.SHUTOFF_DAEMON : DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        synchronized (this) {
            if (d == null && domains.clash(live.uuid(), live.name()) != null) {
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
            ContainerNics.unplug(live.name(), live, vethProvider.get());
            if (d != null) {
                d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
            }
            return;
        }
        if (d == null) {
            d = new LxcDomainObject(live, false);
            synchronized (this) {
                domains.add(d);
            }
        }
        ProcessHandle controller = ProcessHandle.of(status.controllerPid()).orElse(null);
        Run run = new Run(status.id(), controller, init.get(), status.initStart(), cgroup, live, null);
        DomainStateReason reason = status.reason();
        boolean frozen = safely(cgroup::isFrozen, false);
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
        synchronized (this) {
            nextId = Math.max(nextId, status.id() + 1);
        }
        writeStatus(d, run);
        watchExit(d, run);
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
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
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
                cgroup.killAll(KILL_TIMEOUT);
                cgroup.remove(KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + name + "': " + e.getMessage());
        }
        RuntimeFiles.of(settings.runtime(), name).deleteAll();
    }

    /** Lets go of everything without stopping any container. */
    void close() {
        closed = true;
        for (LxcConnection c : connections) {
            c.closeWithoutAutodestroy();
        }
        connections.clear();
        background.shutdownNow();
        for (LxcDomainObject d : snapshot()) {
            synchronized (d) {
                if (d.run != null) {
                    d.run.initFd.close(); // its watcher sees the driver closed and ends
                }
            }
        }
    }

    // ---- connections -------------------------------------------------------------------------

    void attach(LxcConnection connection) {
        connections.add(connection);
    }

    void detach(LxcConnection connection, boolean autodestroy) {
        connections.remove(connection);
        if (autodestroy && !closed) {
            domains.destroyOwnedBy(connection, d -> d.run != null ? d.run.autodestroyOwner : null, this::destroy);
        }
    }

    // ---- lookups -----------------------------------------------------------------------------

    /** The domains, their lookups and listing; changes made of several calls hold {@code this}. */
    @Override
    public DomainObjectList<LxcDomainObject> domains() {
        return domains;
    }

    List<LxcDomainObject> snapshot() {
        return domains.snapshot();
    }

    LxcDomainObject lookupByName(String name) {
        return domains.lookupByName(name);
    }

    // ---- define / create / undefine ---------------------------------------------------------------

    LxcDomainObject define(String xml) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        return domains.define(def, configDir, x -> new LxcDomainObject(x, true), this::emit);
    }

    LxcDomainObject create(String xml, LxcConnection caller, Set<StartFlag> flags) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        return domains.create(def, x -> new LxcDomainObject(x, false), d -> start(d, caller, flags, def));
    }

    @Override
    public void undefine(LxcDomainObject d) {
        acquireJob(d);
        try {
            domains.undefine(d, configDir, this::emit);
        } finally {
            d.job.unlock();
        }
    }

    @Override
    public void setAutostart(LxcDomainObject d, boolean autostart) {
        synchronized (d) {
            configDir.setAutostart(d, autostart);
        }
    }

    // ---- start ----------------------------------------------------------------------------------

    @Override
    public void start(LxcDomainObject d, LxcConnection caller, Set<StartFlag> flags) {
        start(d, caller, flags, null);
    }

    private void start(LxcDomainObject d, LxcConnection caller, Set<StartFlag> flags, DomainDefinition runDef) {
        acquireJob(d);
        try {
            DomainDefinition def;
            synchronized (d) {
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LXC, "domain is already running");
                }
                def = runDef != null ? runDef : d.definition();
            }
            launch(d, def, flags.contains(StartFlag.AUTODESTROY) ? caller : null, flags.contains(StartFlag.PAUSED));
        } finally {
            d.job.unlock();
        }
    }

    /** The {@code <filesystem>} mounted at {@code /}: libvirt's root filesystem of a container. */
    static Optional<FilesystemDevice> rootFilesystem(DomainDefinition def) {
        return def.devices().filesystems().stream().filter(f -> InitWrapper.normalTarget(f.targetDir()).equals("/"))
                .findFirst();
    }

    /** Everything that can be checked before anything is created, so a bad definition leaves nothing behind. */
    void checkStartable(DomainDefinition def) {
        if (def.idmap() != null) {
            UserNamespace.checkHostSupport();
        }
        if (def.cputune() != null && def.cputune().shares() != null && cgroups().version() == 2) {
            try {
                CgroupV2.checkWeight(def.cputune().shares());
            } catch (CgroupException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CGROUP, e.getMessage(), e);
            }
        }
        if (def.memoryKiB() < settings.minMemoryKiB()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, "memory size " + def.memoryKiB()
                    + " KiB is below the minimum of " + settings.minMemoryKiB() + " KiB for a container");
        }
        FilesystemDevice root = rootFilesystem(def).orElseThrow(() -> new VirtException(
                ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                "the container has no root filesystem: a <filesystem type='mount'> with target dir '/' is required"));
        Path rootDir = Path.of(root.sourceDir());
        if (!Files.isDirectory(rootDir)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                    "Failed to access '" + root.sourceDir() + "': No such file or directory");
        }
        for (FilesystemDevice fs : def.devices().filesystems()) {
            if (!Files.exists(Path.of(fs.sourceDir()))) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                        "Failed to access '" + fs.sourceDir() + "': No such file or directory");
            }
            if (def.idmap() != null) {
                // the container's root mounts them (as libvirt's does): it must get there
                UserNamespace.checkReachable(def.idmap(), Path.of(fs.sourceDir()));
            }
        }
        String init = def.os().init();
        Optional<Path> initFile = RootfsPaths.resolve(rootDir, init);
        if (initFile.isEmpty() || !Files.isRegularFile(initFile.get()) || !Files.isExecutable(initFile.get())) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                    "cannot find init path '" + init + "' relative to container root: No such file or directory");
        }
    }

    private void launch(LxcDomainObject d, DomainDefinition def, LxcConnection autodestroyOwner, boolean paused) {
        checkStartable(def);
        VethProvider veths = def.devices().interfaces().isEmpty() ? null : vethProvider.get();
        ContainerNics.check(def, veths);
        FilesystemDevice rootFs = rootFilesystem(def).orElseThrow();
        RuntimeFiles files = RuntimeFiles.of(settings.runtime(), def.name());
        ContainerCgroup cgroup = cgroups().forContainer(settings.cgroupPath() + "/" + def.name());
        Path logFile = logFile(def.name());
        Process controller = null;
        ProcessHandle init = null;
        WrapperReports reports = null;
        DomainDefinition live = def;
        try {
            if (cgroup.exists()) {
                // left by a container that died with the previous driver instance
                cgroup.killAll(KILL_TIMEOUT);
                cgroup.remove(KILL_TIMEOUT);
            }
            Files.createDirectories(settings.runtime());
            // The intent record, before anything exists: should the daemon die from here on, the next
            // instance finds this "starting up" status, kills what the start launched (found by the
            // wrapper's path on its command line, or in the cgroup) and removes the cgroup and files.
            new StatusFile(-1, -1, null, 0, DomainStateReason.PAUSED_STARTING_UP, cgroup.directories(),
                    DomainXmlCodec.formatLive(def, -1, XmlFlag.SECURE)).write(files.status());
            cgroup.create();
            applyLimits(cgroup, def);
            Files.createDirectories(settings.runtime());
            Files.createDirectories(settings.log());
            for (Path p : List.of(files.sync(), files.consoleIn(), files.ready())) {
                Files.deleteIfExists(p);
            }
            DevTemplate.delete(files.devTemplate());
            mkfifo(files.sync());
            mkfifo(files.consoleIn());
            mkfifo(files.ready());
            if (def.idmap() == null) {
                DevTemplate.create(files.devTemplate());
            }
            Files.writeString(files.wrapper(), InitWrapper.script(def, rootFs, files, umount()));
            Files.writeString(logFile, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long logOffset = Files.size(logFile);
            ProcessBuilder pb = new ProcessBuilder(
                    InitWrapper.controllerCommand(files.consoleIn(), files.wrapper(), def.idmap() != null))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().put("PATH", InitWrapper.hostPath(System.getenv()));
            pb.environment().put("SHELL", "/bin/sh");
            reports = WrapperReports.read(files.ready(), background);
            controller = pb.start();
            init = findInit(reports, controller.toHandle(), logFile, logOffset);
            cgroup.addProcess(init.pid());
            if (def.idmap() != null) {
                // init waits on the sync FIFO, unmapped: give it its ids and its console before it goes on
                UserNamespace.writeMaps(init.pid(), def.idmap());
                UserNamespace.giveConsole(init.pid(), def.idmap());
            }
            // the container's network namespace exists now and init still waits: its NICs go in first
            live = ContainerNics.plug(def, veths, init.pid());
            release(files.sync(), init, logFile, logOffset);
            awaitReady(reports, init, logFile, logOffset);
            Instant initStart = init.info().startInstant().orElse(null);
            int id;
            synchronized (this) {
                id = nextId++;
            }
            Run run = new Run(id, controller.toHandle(), init, initStart, cgroup, live, autodestroyOwner);
            if (paused) {
                cgroup.freeze(KILL_TIMEOUT);
            }
            synchronized (d) {
                d.run = run;
                d.setId(id);
                d.setReason(paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED);
                writeStatus(d, run);
                emit(d, DomainEventDetail.STARTED_BOOTED);
                if (paused) {
                    emit(d, DomainEventDetail.SUSPENDED_PAUSED);
                }
            }
            reports.close();
            AtomicFiles.deleteQuietly(files.sync());
            AtomicFiles.deleteQuietly(files.ready());
            DevTemplate.delete(files.devTemplate());
            watchExit(d, run);
        } catch (IOException | RuntimeException e) {
            abortStart(def.name(), controller, init, cgroup, files);
            if (reports != null) {
                reports.close();
            }
            if (live != def) {
                ContainerNics.unplug(def.name(), live, veths);
            }
            if (e instanceof VirtException v) {
                throw v;
            }
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC,
                    "cannot start container '" + def.name() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The container's memory limit is its {@code <memory>} (libvirt's LXC driver does the same). CPU as
     * libvirt's LXC driver sets it up: {@code <cputune>}'s shares and its period and quota for the whole
     * container; without a quota there, the {@code <vcpu>} count caps CPU bandwidth at that many CPUs
     * (per period) when fewer than the host has.
     */
    private void applyLimits(ContainerCgroup cgroup, DomainDefinition def) {
        cgroup.setMemoryLimit(def.memoryKiB() * 1024);
        if (!cgroup.restrictDevices(DevTemplate.ALLOWED_DEVICES) && devicesWarned.compareAndSet(false, true)) {
            LOG.log(Level.INFO, "containers' device access is not restricted on this host (cgroup v"
                    + cgroup.version() + (cgroup.version() == 1 ? " without the devices controller)" : ")"));
        }
        if (settings.maxProcesses() > 0) {
            cgroup.setPidsMax(settings.maxProcesses());
        }
        CpuTune tune = def.cputune() != null ? def.cputune() : new CpuTune(null, null, null);
        if (tune.shares() != null) {
            cgroup.setCpuShares(tune.shares());
        }
        long period = tune.periodMicros() != null ? tune.periodMicros() : DEFAULT_CFS_PERIOD_MICROS;
        Long quota = tune.quotaMicros();
        if (quota == null && def.vcpus() < Runtime.getRuntime().availableProcessors()) {
            quota = def.vcpus() * period;
        }
        if (quota != null || tune.periodMicros() != null) {
            cgroup.setCpuQuota(quota != null ? quota : -1, period);
        }
    }

    /**
     * The wrapper reports its pid (as the host sees it) as soon as it runs; it is init, unshare's child,
     * unshare script's child: the controller's only grandchild, which is checked.
     */
    private ProcessHandle findInit(WrapperReports reports, ProcessHandle controller, Path logFile, long logOffset) {
        String report = nextReport(reports, controller::isAlive, logFile, logOffset);
        if (report == null) {
            throw failed(logFile, logOffset, "the controller exited");
        }
        Optional<ProcessHandle> init = Optional.empty();
        if (report.startsWith("pid ")) {
            try {
                init = ProcessHandle.of(Long.parseLong(report.substring(4).strip()));
            } catch (NumberFormatException e) {
                // reported as not found below
            }
        }
        init = init.filter(p -> p.parent().flatMap(ProcessHandle::parent).map(controller::equals).orElse(false));
        return init.orElseThrow(() -> failed(logFile, logOffset, "unexpected report from the container's init: " + report));
    }

    /** The wrapper's next report, null once {@code alive} no longer holds; a timeout is the start's failure. */
    private String nextReport(WrapperReports reports, java.util.function.BooleanSupplier alive, Path logFile,
            long logOffset) {
        try {
            return reports.next(System.nanoTime() + settings.startTimeout().toNanos(), alive);
        } catch (WrapperReports.ReportTimeout e) {
            throw failed(logFile, logOffset, "timed out waiting for the container's init");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LXC, "interrupted", e);
        }
    }

    /** Opens the sync FIFO for writing (which waits for the wrapper to open it) and lets it go on. */
    private void release(Path sync, ProcessHandle init, Path logFile, long logOffset) {
        // read before the FIFO opens: the wrapper's shell then makes the FIFO its standard input for the read
        byte[] message = ("go " + consoleOf(init) + "\n").getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Void> go = CompletableFuture.runAsync(() -> {
            try (FileChannel ch = FileChannel.open(sync, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(message));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, background);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (true) {
            try {
                go.get(2, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (!init.isAlive() || System.nanoTime() > deadline) {
                    unblock(sync);
                    throw failed(logFile, logOffset, init.isAlive() ? "timed out waiting for the container's init"
                            : "the container's init exited");
                }
            } catch (ExecutionException e) {
                throw failed(logFile, logOffset, String.valueOf(e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unblock(sync);
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LXC, "interrupted", e);
            }
        }
    }

    /** A reader of our own lets the writer blocked in open(2) go. */
    private static void unblock(Path fifo) {
        try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // opened and closed: the blocked open has returned
        } catch (IOException e) {
            // nothing waits
        }
    }

    /**
     * Waits for the wrapper's "ok": it has pivoted and is about to exec init. An init that ends right
     * after it is a started one, which the exit handler then stops.
     */
    private void awaitReady(WrapperReports reports, ProcessHandle init, Path logFile, long logOffset) {
        while (true) {
            String report = nextReport(reports, init::isAlive, logFile, logOffset);
            if (report == null) {
                throw failed(logFile, logOffset, "the container's init exited");
            }
            if (report.equals("ok")) {
                return;
            }
        }
    }

    /**
     * The pty on the wrapper's standard input (script's, the container's console), which it binds to
     * /dev/console; "-" when it has none. Read here so the wrapper needs no {@code tty} process.
     */
    private static String consoleOf(ProcessHandle init) {
        try {
            String tty = Files.readSymbolicLink(Path.of("/proc", Long.toString(init.pid()), "fd", "0")).toString();
            return tty.startsWith("/dev/pts/") && !tty.contains(" ") ? tty : "-";
        } catch (IOException e) {
            return "-";
        }
    }

    /** libvirt's words for a container that did not come up, with what it wrote to its console. */
    private static VirtException failed(Path logFile, long logOffset, String what) {
        sleepMillis(20); // the controller's last output may still be on its way to the log
        String text = readFrom(logFile, logOffset).replace("\r", "").strip();
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "guest failed to start: " + (text.isEmpty() ? what : text));
    }

    /** Undoes a start that failed half-way: no process, cgroup or runtime file is left. */
    private void abortStart(String name, Process controller, ProcessHandle init, ContainerCgroup cgroup,
            RuntimeFiles files) {
        if (init != null) {
            init.destroyForcibly();
        }
        if (controller != null) {
            controller.descendants().forEach(ProcessHandle::destroyForcibly);
            controller.destroyForcibly();
            try {
                controller.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (cgroup.exists()) {
                cgroup.killAll(KILL_TIMEOUT);
                cgroup.remove(KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + name + "': " + e.getMessage());
        }
        files.deleteAll();
    }

    private static void mkfifo(Path path) throws IOException {
        if (LibC.INSTANCE.mkfifo(path.toString(), 0600) != 0) {
            throw new IOException("cannot create FIFO " + path + ": errno " + com.sun.jna.Native.getLastError());
        }
    }

    // ---- stop and exit -----------------------------------------------------------------------

    /**
     * Kills every process of the container through its cgroup: SHUTOFF (destroyed). Against the exit
     * handler ({@link #initExited}), whichever ends the run first decides, under the domain's monitor: a
     * destroy that comes second finds the domain inactive already and is libvirt's "domain is not
     * running"; an exit handler that comes second finds the run ended; an init that dies while we kill
     * is a destroyed one, and a group its cleanup removed meanwhile has no process left to kill.
     */
    @Override
    public void destroy(LxcDomainObject d) {
        Run run;
        synchronized (d) {
            run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            run.stopRequest = StopRequest.DESTROY;
        }
        try {
            run.cgroup.killAll(KILL_TIMEOUT);
        } catch (CgroupException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
        }
        run.initFd.signal(PidFd.SIGKILL); // in the cgroup too; in case it was moved out of it
        run.initFd.awaitExit(KILL_TIMEOUT);
        synchronized (d) {
            if (!run.finished && d.run == run) {
                finish(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            }
        }
    }

    /**
     * Asks init to stop: SIGTERM (PID 1 of a namespace gets it only if it handles it, as a real init
     * does). Returns at once; SHUTOFF (shutdown) follows when init exits.
     */
    @Override
    public void shutdown(LxcDomainObject d) {
        acquireJob(d);
        try {
            Run run = running(d);
            synchronized (d) {
                if (d.state() == DomainState.PAUSED) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LXC, "domain is not running");
                }
                run.stopRequest = StopRequest.SHUTDOWN;
            }
            if (!run.initFd.signal(PidFd.SIGTERM)) {
                throw DomainErrors.notRunning(); // init has gone: its exit handler ends the run
            }
        } finally {
            d.job.unlock();
        }
    }

    /** libvirt's LXC reboot without initctl: the container is stopped and started again. */
    @Override
    public void reboot(LxcDomainObject d) {
        acquireJob(d);
        try {
            Run run = running(d);
            DomainDefinition def;
            synchronized (d) {
                run.stopRequest = StopRequest.REBOOT;
                def = run.liveDef;
            }
            run.cgroup.killAll(KILL_TIMEOUT);
            run.initFd.awaitExit(KILL_TIMEOUT);
            synchronized (d) {
                if (!run.finished && d.run == run) {
                    endRun(d, run);
                }
            }
            try {
                launch(d, def, run.autodestroyOwner, false);
            } catch (RuntimeException e) {
                synchronized (d) {
                    d.setReason(DomainStateReason.SHUTOFF_FAILED);
                    emit(d, DomainEventDetail.STOPPED_FAILED);
                    if (!d.isPersistent()) {
                        forget(d);
                    }
                }
                throw e;
            }
        } catch (CgroupException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
        } finally {
            d.job.unlock();
        }
    }

    @Override
    public void suspend(LxcDomainObject d) {
        acquireJob(d);
        try {
            Run run = running(d);
            if (d.state() == DomainState.PAUSED) {
                return;
            }
            run.cgroup.freeze(KILL_TIMEOUT);
            synchronized (d) {
                if (!run.finished) {
                    setState(d, run, DomainStateReason.PAUSED_USER, DomainEventDetail.SUSPENDED_PAUSED);
                }
            }
        } catch (CgroupException e) {
            throw endedMeanwhile(d) ? DomainErrors.notRunning()
                    : new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP,
                            "Unable to freeze domain: " + e.getMessage(), e);
        } finally {
            d.job.unlock();
        }
    }

    @Override
    public void resume(LxcDomainObject d) {
        acquireJob(d);
        try {
            Run run = running(d);
            if (d.state() != DomainState.PAUSED) {
                return;
            }
            run.cgroup.thaw();
            synchronized (d) {
                if (!run.finished) {
                    setState(d, run, DomainStateReason.RUNNING_UNPAUSED, DomainEventDetail.RESUMED_UNPAUSED);
                }
            }
        } catch (CgroupException e) {
            throw endedMeanwhile(d) ? DomainErrors.notRunning()
                    : new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP,
                            "Unable to thaw domain: " + e.getMessage(), e);
        } finally {
            d.job.unlock();
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
     * Watches the run's init through its pidfd (never through its pid: see {@link PidFd}) on a thread of
     * our own, and calls {@link #initExited} once it has ended; the thread ends with the run or the driver.
     */
    private void watchExit(LxcDomainObject d, Run run) {
        background.execute(() -> {
            while (!closed) {
                if (run.initFd.awaitExit(Duration.ofSeconds(1))) {
                    initExited(d, run);
                    return;
                }
                synchronized (d) {
                    if (run.finished) {
                        return;
                    }
                }
            }
        });
    }

    private static Run running(LxcDomainObject d) {
        synchronized (d) {
            Run run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            return run;
        }
    }

    /** init has gone, and with it the whole PID namespace: decide why, clean up. */
    private void initExited(LxcDomainObject d, Run run) {
        if (closed) {
            return; // a later driver instance owns the container now
        }
        synchronized (d) {
            if (run.finished || d.run != run || run.stopRequest == StopRequest.REBOOT) {
                return;
            }
            if (run.stopRequest == StopRequest.DESTROY) {
                finish(d, run, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            } else {
                // init exiting by itself is the container shutting down, as libvirt's controller reports it
                finish(d, run, DomainStateReason.SHUTOFF_SHUTDOWN, DomainEventDetail.STOPPED_SHUTDOWN);
            }
        }
    }

    /** Ends a run (holding {@code d}'s monitor): SHUTOFF with {@code reason}, the event, cleanup. */
    private void finish(LxcDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        endRun(d, run);
        d.setReason(reason);
        // a transient domain is gone before anyone hears it stopped
        if (!d.isPersistent()) {
            forget(d);
        }
        if (detail != null) {
            emit(d, detail);
        }
    }

    private void endRun(LxcDomainObject d, Run run) {
        run.finished = true;
        try {
            // the namespace's last processes may take a moment to be reaped
            if (run.cgroup.exists()) {
                if (run.cgroup.isFrozen()) {
                    run.cgroup.thaw();
                }
                run.cgroup.killAll(KILL_TIMEOUT);
                run.cgroup.remove(KILL_TIMEOUT);
            }
        } catch (CgroupException e) {
            LOG.log(Level.WARNING, "cannot remove the cgroup of container '" + d.name() + "': " + e.getMessage());
        }
        if (run.controller != null) {
            waitForExit(run.controller, Duration.ofSeconds(2));
        }
        ContainerNics.unplug(d.name(), run.liveDef, vethProvider.get());
        RuntimeFiles.of(settings.runtime(), d.name()).deleteAll();
        run.initFd.close();
        d.run = null;
        d.setId(-1);
    }

    /**
     * Polls {@code process} (the handle's start time tells it from a later holder of its pid) rather than
     * using {@link ProcessHandle#onExit()}, whose completion for a process not our child is kept per pid
     * and would be handed to the next process with that pid.
     */
    static boolean waitForExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return true;
    }

    private void setState(LxcDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        d.setReason(reason);
        writeStatus(d, run);
        if (detail != null) {
            emit(d, detail);
        }
    }

    void acquireJob(LxcDomainObject d) {
        try {
            if (!d.job.tryLock(settings.jobTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.LXC,
                        "cannot acquire state change lock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LXC, "interrupted", e);
        }
    }

    // ---- queries -----------------------------------------------------------------------------

    @Override
    public DomainStateInfo state(LxcDomainObject d) {
        return DomainStateInfo.of(d.reason());
    }

    /** Memory in use and CPU time come from the container's cgroup, as libvirt's LXC driver reports them. */
    @Override
    public DomainInfo info(LxcDomainObject d) {
        Run run;
        DomainDefinition def;
        synchronized (d) {
            run = d.run;
            def = run != null ? run.liveDef : d.definition();
        }
        long memory = def.memoryKiB();
        long cpu = 0;
        if (run != null) {
            memory = safely(run.cgroup::memoryUsageBytes, 0L) / 1024;
            cpu = safely(run.cgroup::cpuTimeNanos, 0L);
        }
        return new DomainInfo(d.state(), def.memoryKiB(), memory, def.vcpus(), cpu);
    }

    @Override
    public String xml(LxcDomainObject d, Set<XmlFlag> flags) {
        XmlFlag[] pass = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        synchronized (d) {
            Run run = d.run;
            if (run != null && !flags.contains(XmlFlag.INACTIVE)) {
                return DomainXmlCodec.formatLive(run.liveDef, run.id, pass);
            }
            return DomainXmlCodec.format(d.definition(), pass);
        }
    }

    /** The running container's init pid as the host sees it, or -1. */
    long initPid(LxcDomainObject d) {
        synchronized (d) {
            return d.run == null ? -1 : d.run.init.pid();
        }
    }

    ContainerCgroup cgroup(LxcDomainObject d) {
        synchronized (d) {
            if (d.run == null) {
                throw DomainErrors.notRunning();
            }
            return d.run.cgroup;
        }
    }

    // ---- files -------------------------------------------------------------------------------

    Path statusFile(String name) {
        return settings.runtime().resolve(name + ".xml");
    }

    Path logFile(String name) {
        return settings.log().resolve(name + ".log");
    }

    Path consoleInput(String name) {
        return RuntimeFiles.of(settings.runtime(), name).consoleIn();
    }

    private void writeStatus(LxcDomainObject d, Run run) {
        try {
            new StatusFile(run.controller == null ? -1 : run.controller.pid(), run.init.pid(), run.initStart, run.id,
                    d.reason(), run.cgroup.directories(), DomainXmlCodec.formatLive(run.liveDef, run.id, XmlFlag.SECURE))
                    .write(statusFile(d.name()));
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

    /** This driver runs {@code type='lxc'} domains with {@code <os><type>exe</type>} only. */
    static DomainDefinition prepare(DomainDefinition def) {
        if (!"lxc".equals(def.type())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES,
                    "could not find capabilities for arch=" + io.virtkit.support.HostNode.arch() + " domaintype=" + def.type() + " ");
        }
        if (!"exe".equals(def.os().type())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                    "Unsupported guest OS type '" + def.os().type() + "': containers use 'exe'");
        }
        return def;
    }

    private synchronized void forget(LxcDomainObject d) {
        domains.remove(d);
    }

    private void emit(LxcDomainObject d, DomainEventDetail detail) {
        for (LxcConnection c : connections) {
            c.deliver(d, detail);
        }
    }

    private static <T> T safely(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (CgroupException e) {
            return fallback;
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.LXC, "interrupted", e);
        }
    }
}
