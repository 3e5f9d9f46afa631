package io.virtkit.lxc.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainConfigDir;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.DomainObjectList;
import io.virtkit.support.DomainOperations;
import io.virtkit.support.net.VethProvider;

/**
 * The containers of lxc:///, libvirt's {@code virLXCDriver}: persistent XML in the config dir, a status
 * file (plus init wrapper and FIFOs) per running container in the runtime dir, console logs in the log
 * dir, a cgroup per container below the driver's own. This class is the domain table and the operations
 * on it; starting a container is {@link LxcProcess}'s, taking running ones over at activation
 * {@link LxcReconnect}'s (in the background: see {@link #awaitReady}), the end of a run (init's exit,
 * destroy, shutdown, reboot) {@link LxcRunEnd}'s, pausing {@link LxcPause}'s.
 *
 * <p>A container runs detached from the JVM: {@code setsid} → util-linux {@code script} (the controller:
 * it holds the pty master of the container's console, fed from a FIFO, written to the log) →
 * {@code unshare} (new namespaces) → the init wrapper as PID 1 (see {@link InitWrapper}) → exec of
 * {@code <init>}. The JVM never forks itself, and restarting it leaves containers running:
 * {@link #load()} finds them through their status files.
 *
 * <p>Jobs and locks, libvirt's model: every operation on a domain runs in a job of the domain's
 * {@link DomainJobs} — QUERY (state, info, XML) beside anything, MODIFY (define of an existing domain,
 * start, shutdown, reboot, suspend, resume, undefine, autostart) and DESTROY (destroy, init's exit) one at
 * a time. Lock order: (1) a domain's job, (2) its monitor ({@code synchronized (d)}, guarding
 * {@code d.run} and the run's flags, held only for field changes), (3) {@code this} (multi-call changes to
 * the domain list, the id counter, lazy host facts), (4) the {@link DomainObjectList}'s own lock. Nothing
 * is taken against that order, and no blocking work (process kill and wait, cgroup removal, FIFO
 * handshakes, status file writes) happens while holding (2), (3) or (4): the job is what serializes it.
 */
final class LxcState implements DomainOperations<LxcDomainObject, LxcConnection> {

    private static final System.Logger LOG = System.getLogger(LxcState.class.getName());
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final LxcDriverSettings settings;
    /** The netdev bundle's veth pairs for containers' interfaces; yields null while it is not installed. */
    private final Supplier<VethProvider> vethProvider;
    private final DomainConfigDir configDir;
    private final DomainObjectList<LxcDomainObject> domains = new DomainObjectList<>(ErrorDomain.LXC);
    private final List<LxcConnection> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "virtkit-lxc");
        t.setDaemon(true);
        return t;
    });
    private final LxcProcess process;
    private final LxcRunEnd runEnd;
    private final LxcPause pause;
    private CgroupLayout cgroups; // lazily: detection reads /proc only once we need it
    private HostUmount umount;
    private int nextId = 1; // guarded by this
    private volatile boolean closed;
    private final Consumer<String> reconnectHook;

    LxcState(LxcDriverSettings settings) {
        this(settings, () -> null);
    }

    LxcState(LxcDriverSettings settings, Supplier<VethProvider> vethProvider) {
        this(settings, vethProvider, null);
    }

    /** @param reconnectHook a test's hook, called with a domain's name as its activation task begins; or null */
    LxcState(LxcDriverSettings settings, Supplier<VethProvider> vethProvider, Consumer<String> reconnectHook) {
        this.settings = settings;
        this.reconnectHook = reconnectHook;
        this.configDir = new DomainConfigDir(settings.config(), ErrorDomain.LXC);
        this.vethProvider = vethProvider;
        this.process = new LxcProcess(this); // they read the settings above
        this.runEnd = new LxcRunEnd(this);
        this.pause = new LxcPause(this);
    }

    LxcDriverSettings settings() {
        return settings;
    }

    synchronized CgroupLayout cgroups() {
        if (cgroups == null) {
            try {
                cgroups = CgroupLayout.detect();
            } catch (CgroupException e) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.CGROUP, e.getMessage(), e);
            }
        }
        return cgroups;
    }

    synchronized HostUmount umount() {
        if (umount == null) {
            try {
                umount = HostUmount.detect();
            } catch (IllegalStateException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, e.getMessage(), e);
            }
        }
        return umount;
    }

    VethProvider vethProvider() {
        return vethProvider.get();
    }

    ExecutorService background() {
        return background;
    }

    boolean isClosed() {
        return closed;
    }

    LxcRunEnd runEnd() {
        return runEnd;
    }

    Consumer<String> reconnectHook() {
        return reconnectHook;
    }

    LxcProcess process() {
        return process;
    }

    /** A record of this driver, its jobs waiting as long as the settings say. */
    LxcDomainObject newRecord(DomainDefinition def, boolean persistent) {
        return new LxcDomainObject(def, persistent, settings.jobTimeout());
    }

    synchronized int nextId() {
        return nextId++;
    }

    /** A run taken over keeps its id: later starts get higher ones. */
    synchronized void reserveId(int id) {
        nextId = Math.max(nextId, id + 1);
    }

    // ---- activation and deactivation ------------------------------------------------------------

    /**
     * Loads definitions and returns; containers are taken over or cleaned up after, and autostart domains
     * started, in the background, one task per domain (see {@link LxcReconnect}).
     */
    void load() throws IOException {
        new LxcReconnect(this).load(configDir);
    }

    /** See {@link LxcReconnect#awaitReady}. */
    void awaitReady(LxcDomainObject d) {
        LxcReconnect.awaitReady(d, settings.jobTimeout());
    }

    /** {@link #awaitReady} for every domain: before a listing, whose filters read the state. */
    void awaitAllReady() {
        for (LxcDomainObject d : domains.snapshot()) {
            awaitReady(d);
        }
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
            CompletableFuture<Void> ready = d.ready;
            if (ready == null || ready.isDone()) { // else its activation task autostarts it
                autostart(d);
            }
        }
    }

    /** Starts {@code d} if it is to start with the driver and does not run. */
    void autostart(LxcDomainObject d) {
        if (d.isAutostart() && !d.isActive()) {
            try {
                start(d, null, Set.of(), null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot autostart domain '" + d.name() + "': " + e.getMessage());
            }
        }
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

    /**
     * A new domain is added by the list; redefining an existing one runs in its MODIFY job, so it cannot
     * interleave with a start, reboot or undefine of the same domain.
     */
    LxcDomainObject define(String xml) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        while (true) {
            LxcDomainObject existing = domains.get(def.uuid());
            if (existing != null) {
                awaitReady(existing);
            }
            if (existing == null) {
                return domains.define(def, configDir, x -> newRecord(x, true), this::emit);
            }
            try (DomainJobs.Job job = existing.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainDefineXML")) {
                if (domains.get(def.uuid()) == existing) {
                    return domains.define(def, configDir, x -> newRecord(x, true), this::emit);
                }
                // the record went (undefined, or a transient one stopped) while we waited: look again
            }
        }
    }

    LxcDomainObject create(String xml, LxcConnection caller, Set<StartFlag> flags) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        return domains.create(def, x -> newRecord(x, false), d -> start(d, caller, flags, def));
    }

    @Override
    public void undefine(LxcDomainObject d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainUndefine")) {
            domains.undefine(d, configDir, this::emit);
        }
    }

    @Override
    public void setAutostart(LxcDomainObject d, boolean autostart) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainSetAutostart")) {
            configDir.setAutostart(d, autostart);
        }
    }

    // ---- start ----------------------------------------------------------------------------------

    @Override
    public void start(LxcDomainObject d, LxcConnection caller, Set<StartFlag> flags) {
        awaitReady(d);
        start(d, caller, flags, null);
    }

    private void start(LxcDomainObject d, LxcConnection caller, Set<StartFlag> flags, DomainDefinition runDef) {
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainCreate")) {
            DomainDefinition def;
            synchronized (d) {
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LXC, "domain is already running");
                }
                def = runDef != null ? runDef : d.definition();
            }
            process.launch(d, def, flags.contains(StartFlag.AUTODESTROY) ? caller : null,
                    flags.contains(StartFlag.PAUSED));
        }
    }

    // ---- stop ------------------------------------------------------------------------------------

    /** See {@link LxcRunEnd#destroy}. */
    @Override
    public void destroy(LxcDomainObject d) {
        awaitReady(d);
        runEnd.destroy(d);
    }

    /** See {@link LxcRunEnd#shutdown}. */
    @Override
    public void shutdown(LxcDomainObject d) {
        awaitReady(d);
        runEnd.shutdown(d);
    }

    /** See {@link LxcRunEnd#reboot}. */
    @Override
    public void reboot(LxcDomainObject d) {
        awaitReady(d);
        runEnd.reboot(d);
    }

    /** See {@link LxcPause#suspend}. */
    @Override
    public void suspend(LxcDomainObject d) {
        awaitReady(d);
        pause.suspend(d);
    }

    /** See {@link LxcPause#resume}. */
    @Override
    public void resume(LxcDomainObject d) {
        awaitReady(d);
        pause.resume(d);
    }

    static Run running(LxcDomainObject d) {
        synchronized (d) {
            Run run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            return run;
        }
    }

    // ---- queries (QUERY jobs: they run beside a modification or a destroy, never waiting for one) --------

    @Override
    public DomainStateInfo state(LxcDomainObject d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.QUERY, "virDomainGetState")) {
            return DomainStateInfo.of(d.reason());
        }
    }

    /** Memory in use and CPU time come from the container's cgroup, as libvirt's LXC driver reports them. */
    @Override
    public DomainInfo info(LxcDomainObject d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.QUERY, "virDomainGetInfo")) {
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
    }

    @Override
    public String xml(LxcDomainObject d, Set<XmlFlag> flags) {
        awaitReady(d);
        XmlFlag[] pass = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.QUERY, "virDomainGetXMLDesc")) {
            synchronized (d) {
                Run run = d.run;
                if (run != null && !flags.contains(XmlFlag.INACTIVE)) {
                    return DomainXmlCodec.formatLive(run.liveDef, run.id, pass);
                }
                return DomainXmlCodec.format(d.definition(), pass);
            }
        }
    }

    /** The running container's init pid as the host sees it, or -1. */
    long initPid(LxcDomainObject d) {
        awaitReady(d);
        synchronized (d) {
            return d.run == null ? -1 : d.run.init.pid();
        }
    }

    ContainerCgroup cgroup(LxcDomainObject d) {
        awaitReady(d);
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

    void writeStatus(LxcDomainObject d, Run run) {
        try {
            new StatusFile(run.controller == null ? -1 : run.controller.pid(), run.init.pid(), run.initStart, run.id,
                    d.reason(), run.cgroup.directories(), DomainXmlCodec.formatLive(run.liveDef, run.id, XmlFlag.SECURE))
                    .write(statusFile(d.name()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write status of domain '" + d.name() + "': " + e.getMessage());
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
        LxcDeviceSupport.check(def);
        return def;
    }

    synchronized void forget(LxcDomainObject d) {
        domains.remove(d);
    }

    void emit(LxcDomainObject d, DomainEventDetail detail) {
        for (LxcConnection c : connections) {
            c.deliver(d, detail);
        }
    }

    static <T> T safely(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (CgroupException e) {
            return fallback;
        }
    }

}
