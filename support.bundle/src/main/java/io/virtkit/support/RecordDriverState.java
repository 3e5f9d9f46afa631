package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.process.PidFd;

/**
 * The state of a driver that runs guests (libvirt's {@code virQEMUDriver}, {@code virLXCDriver}): its
 * {@link DriverDirs}, the domain table, the connections, its background threads, and the standard
 * operations each run in the domain's job; the driver implements only what really differs (the hooks below:
 * launching and stopping a guest, what a status file says, post-parse, info).
 *
 * <p>Activation ({@link #load}) is {@link DriverActivation}'s: one task per domain, a domain answering only
 * once its task is done.
 *
 * <p>Lock order (drivers take them in this order, never the other way round): (1) a domain's job, (2) its
 * monitor ({@code synchronized (d)}: short field changes only), (3) this state's monitor (changes of the
 * domain list made of several calls, the id counter), (4) the {@link DomainObjectList}'s own lock. Nothing
 * that may block for long runs holding (2), (3) or (4).
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class RecordDriverState<D extends JobDomainRecord, C extends RecordHypervisorConnection<D, C>>
        implements DomainOperations<D, C> {

    private static final Logger LOG = Logger.getLogger(RecordDriverState.class.getName());
    /** How often an exit watch looks whether the driver has gone away. */

    private final ErrorDomain errorDomain;
    private final DriverDirs dirs;
    private final DomainConfigDir configDir;
    private final Duration jobTimeout;
    private final String reconnectJob;
    private final DomainObjectList<D> domains;
    private final List<C> connections = new CopyOnWriteArrayList<>();
    private final ExecutorService background;
    private final String hostname = HostNode.hostname();
    private int nextId = 1; // guarded by this
    private volatile boolean closed;
    private volatile CompletableFuture<Void> activation = CompletableFuture.completedFuture(null);

    /**
     * @param threadName   the name of the driver's background threads ("virtkit-qemu")
     * @param errorDomain  the driver's error domain (QEMU, LXC)
     * @param dirs         where definitions, status files and logs go
     * @param jobTimeout   how long an operation waits for a conflicting job, or for the domain's reconnect
     * @param reconnectJob the name of the job a reconnect runs in, as a waiting call is told ("qemuProcessReconnect")
     */
    protected RecordDriverState(String threadName, ErrorDomain errorDomain, DriverDirs dirs, Duration jobTimeout,
            String reconnectJob) {
        this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.jobTimeout = Objects.requireNonNull(jobTimeout, "jobTimeout");
        this.reconnectJob = Objects.requireNonNull(reconnectJob, "reconnectJob");
        this.configDir = new DomainConfigDir(dirs.config(), errorDomain);
        this.domains = new DomainObjectList<>(errorDomain);
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    // ---- the driver's hooks ---------------------------------------------------------------------

    /** A record of this driver for {@code def}, inactive. */
    public abstract D newRecord(DomainDefinition def, boolean persistent);

    /**
     * Refuses a definition this driver cannot run (its domain type…), or returns it (with a UUID when it had
     * none): for every definition given or read back.
     */
    protected abstract DomainDefinition acceptDefinition(DomainDefinition def);

    /**
     * A persistent definition read back at load, after {@link #acceptDefinition}: as is here; a driver fills
     * in what definitions saved by an older version lack (never refusing: it was accepted once).
     */
    protected DomainDefinition loaded(DomainDefinition def) {
        return def;
    }

    /** libvirt's post-parse of a definition given to define or create (not of one read at load): as is here. */
    protected DomainDefinition postParse(DomainDefinition def) {
        return def;
    }

    /**
     * Runs {@code def} for {@code d}, which is inactive; called in the domain's MODIFY job. Any failure leaves
     * nothing behind (the driver's clean-up) and is thrown.
     *
     * @param caller the connection asking (the owner of the run with AUTODESTROY), or null
     */
    protected abstract void launch(D d, DomainDefinition def, C caller, Set<StartFlag> flags);

    /** Stops the guest at once (libvirt's destroy: kill first, then the DESTROY job). */
    protected abstract void destroyGuest(D d);

    protected abstract void shutdownGuest(D d);

    protected abstract void rebootGuest(D d);

    protected abstract void suspendGuest(D d);

    protected abstract void resumeGuest(D d);

    /** The domain's info; called in its QUERY job. */
    protected abstract DomainInfo readInfo(D d);

    /** The run {@code d} runs now, or null when it does not run; holding {@code d}'s monitor. */
    protected abstract GuestRun<C> currentRun(D d);

    /**
     * Reads one status file of a previous driver instance at activation ({@link DriverActivation#readStatusFile}), quickly (no process scan, no monitor):
     * puts its domain in the list (a transient one is added) and returns the rest, to run as the domain's
     * reconnect task; null when there is nothing to reconnect (an unreadable or stale file, dealt with now).
     */
    protected abstract DriverActivation.Reconnect<D> readStatus(Path statusFile);

    /** The driver goes away: let go of every run (monitors, descriptors) without stopping any guest. */
    protected abstract void letGo();

    /** Called as activation's task for {@code d} begins (a test holds a reconnect here); nothing by default. */
    protected void activationTaskBegins(D d) {
    }

    // ---- what the driver's classes share ------------------------------------------------------------

    /**
     * The record the run of a status file belongs to, found by the UUID of its live definition, or added now
     * as a transient one; null when another domain has its name (the file is then removed, logged).
     */
    public synchronized D recordOfRun(Path statusFile, DomainDefinition live) {
        D d = domains.get(live.uuid());
        if (d != null) {
            return d;
        }
        if (domains.clash(live.uuid(), live.name()) != null) {
            LOG.log(Level.WARNING, "status file " + statusFile + " clashes with another domain; removed");
            AtomicFiles.deleteQuietly(statusFile);
            return null;
        }
        d = newRecord(live, false);
        domains.add(d);
        return d;
    }

    /** The host's name, read once. */
    public String hostname() {
        return hostname;
    }

    public DriverDirs dirs() {
        return dirs;
    }

    public DomainConfigDir configDir() {
        return configDir;
    }

    public ErrorDomain errorDomain() {
        return errorDomain;
    }

    /** The name of the job a reconnect runs in. */
    String reconnectJob() {
        return reconnectJob;
    }

    /** The driver's threads: activation's tasks, exit watches, restarts, autostart. */
    public ExecutorService background() {
        return background;
    }

    /** A new domain id. */
    public synchronized int nextId() {
        return nextId++;
    }

    /** A run taken over keeps its id: later starts get higher ones. */
    public synchronized void reserveId(int id) {
        nextId = Math.max(nextId, id + 1);
    }

    public boolean isClosed() {
        return closed;
    }

    public Path statusFile(String name) {
        return dirs.statusFile(name);
    }

    public Path logFile(String name) {
        return dirs.logFile(name);
    }

    /** The domains, their lookups and listing; changes made of several calls hold {@code this}. */
    @Override
    public DomainObjectList<D> domains() {
        return domains;
    }

    public List<D> snapshot() {
        return domains.snapshot();
    }

    public D lookupByName(String name) {
        return domains.lookupByName(name);
    }

    /** Removes {@code d} from the list (a transient domain that stopped). */
    public synchronized void forget(D d) {
        domains.remove(d);
    }

    /** Tells every connection of this state about {@code d}; may be called holding {@code d}'s monitor. */
    public void emit(D d, DomainEventDetail detail) {
        for (C c : connections) {
            c.deliver(d, detail);
        }
    }

    // ---- activation and deactivation ------------------------------------------------------------

    /**
     * Reads the persistent definitions and the status files, then returns: every domain with a run to
     * reconnect or to autostart gets a task of its own ({@link #readStatus}, then the autostart), and
     * answers calls once it is done; {@link #activation()} completes when all are. See {@link DriverActivation}.
     */
    public void load() throws IOException {
        activation = new DriverActivation<>(this).load();
    }

    /**
     * {@link #load}, failing softly: a driver whose directories it cannot use (not root, say) still activates,
     * and opening its URI fails with the message returned here; null when it loaded.
     */
    public String loadOrFailure() {
        try {
            load();
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, errorDomain + " driver cannot use " + dirs + ": " + e);
            return String.valueOf(e.getMessage());
        }
    }

    /** Completes when activation's tasks (reconnects, autostarts) are done. */
    public CompletableFuture<Void> activation() {
        return activation;
    }

    /** Waits until {@code d} answers calls (its activation task is done), at most the job timeout. */
    public void awaitReady(D d) {
        d.awaitReady(jobTimeout, reconnectJob);
    }

    /** {@link #awaitReady} for every domain: before a listing, whose filters read the state. */
    public void awaitAllReady() {
        for (D d : snapshot()) {
            awaitReady(d);
        }
    }

    /** Autostarts on the driver's own thread: the caller may be SCR binding a reference. */
    public void autostartInBackground() {
        try {
            background.execute(this::autostart);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: the next driver instance autostarts
        }
    }

    /**
     * Starts the autostart domains that do not run. Runs at activation, and again when a service some of
     * them need arrives later (a network provider), so the order of activation does not matter. A domain
     * whose activation task still runs is left to that task.
     */
    public void autostart() {
        for (D d : snapshot()) {
            if (d.ready().isDone()) {
                autostart(d);
            }
        }
    }

    /** Starts {@code d} if it is to start with the driver and does not run; a failure is logged. */
    void autostart(D d) {
        if (d.isAutostart() && !d.isActive()) {
            try {
                startNow(d, null, Set.of(), null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot autostart domain '" + d.name() + "': " + e.getMessage());
            }
        }
    }

    /** Lets go of everything without stopping any guest: connections, threads, then the driver's runs. */
    public void close() {
        closed = true;
        for (C c : connections) {
            c.closeWithoutAutodestroy();
        }
        connections.clear();
        background.shutdownNow();
        letGo();
    }

    // ---- connections ------------------------------------------------------------------------------

    public void attach(C connection) {
        connections.add(connection);
    }

    /** Forgets {@code connection}; destroys the domains it started with AUTODESTROY unless told not to. */
    public void detach(C connection, boolean autodestroy) {
        connections.remove(connection);
        if (autodestroy && !closed) {
            domains.destroyOwnedBy(connection, d -> {
                GuestRun<C> run = currentRun(d);
                return run == null ? null : run.autodestroyOwner();
            }, this::destroy);
        }
    }

    // ---- define, create, undefine, autostart ------------------------------------------------------

    /**
     * virDomainDefineXML. A new domain is added at once; an existing one is redefined in a MODIFY job, so a
     * concurrent change (a start, a device change) runs wholly before or after and neither update is lost.
     */
    public D define(String xml) {
        DomainDefinition def = postParse(acceptDefinition(DomainXmlCodec.parse(xml)));
        while (true) {
            D existing = domains.get(def.uuid());
            if (existing == null) {
                // atomic in the list; should the UUID appear meanwhile (a create), this is its redefinition
                return domains.define(def, configDir, x -> newRecord(x, true), this::emit);
            }
            awaitReady(existing);
            try (DomainJobs.Job job = existing.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainDefineXML")) {
                if (domains.get(def.uuid()) == existing) {
                    return domains.define(def, configDir, x -> newRecord(x, true), this::emit);
                }
                // undefined (and forgotten) while we waited: define it anew
            }
        }
    }

    /** virDomainCreateXML: starts {@code xml} as a transient domain, or a defined inactive one of the same name and UUID. */
    public D create(String xml, C caller, Set<StartFlag> flags) {
        DomainDefinition def = postParse(acceptDefinition(DomainXmlCodec.parse(xml)));
        D existing = domains.get(def.uuid());
        if (existing != null) {
            awaitReady(existing);
        }
        return domains.create(def, x -> newRecord(x, false), d -> startNow(d, caller, flags, def));
    }

    @Override
    public void undefine(D d) {
        inJob(d, DomainJobs.Kind.MODIFY, "virDomainUndefineFlags", () -> {
            domains.undefine(d, configDir, this::emit);
            return null;
        });
    }

    @Override
    public void setAutostart(D d, boolean autostart) {
        inJob(d, DomainJobs.Kind.MODIFY, "virDomainSetAutostart", () -> {
            configDir.setAutostart(d, autostart); // the marker's file I/O under the job, not the monitor
            return null;
        });
    }

    /** {@code call} in a job of {@code kind} on {@code d}, once {@code d} answers calls. */
    private <T> T inJob(D d, DomainJobs.Kind kind, String function, Supplier<T> call) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs().begin(kind, function)) {
            return call.get();
        }
    }

    // ---- the lifecycle ---------------------------------------------------------------------------

    @Override
    public void start(D d, C caller, Set<StartFlag> flags) {
        awaitReady(d);
        startNow(d, caller, flags, null);
    }

    /**
     * Starts {@code d} in a MODIFY job without waiting for its activation gate (activation's own task, a
     * create, a restart after a crash): {@code runDef} for a create, else its definition. OPERATION_INVALID
     * "domain is already running" when it runs.
     */
    public void startNow(D d, C caller, Set<StartFlag> flags, DomainDefinition runDef) {
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainCreateWithFlags")) {
            DomainDefinition def;
            synchronized (d) {
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, errorDomain, "domain is already running");
                }
                def = runDef != null ? runDef : d.definition();
            }
            launch(d, def, caller, flags);
        }
    }

    @Override
    public void destroy(D d) {
        awaitReady(d);
        destroyGuest(d);
    }

    @Override
    public void shutdown(D d) {
        awaitReady(d);
        shutdownGuest(d);
    }

    @Override
    public void reboot(D d) {
        awaitReady(d);
        rebootGuest(d);
    }

    @Override
    public void suspend(D d) {
        awaitReady(d);
        suspendGuest(d);
    }

    @Override
    public void resume(D d) {
        awaitReady(d);
        resumeGuest(d);
    }

    /**
     * Watches the end of a process that is not the JVM's child through {@code pidfd} (never its pid, which
     * the next fork may reuse) on a background thread: {@code exited} runs once it has gone; the watch ends
     * without it once {@code runEnded} says so, or when the driver goes away (the pidfd is then closed: the
     * next driver instance opens its own).
     */
    public void watchExit(PidFd pidfd, BooleanSupplier runEnded, Runnable exited) {
        ProcessExitWatch.start(background, pidfd, () -> closed, runEnded, exited);
    }

    // ---- queries (QUERY jobs: they run beside a modification or a destroy, never waiting for one) --------

    @Override
    public DomainStateInfo state(D d) {
        return inJob(d, DomainJobs.Kind.QUERY, "virDomainGetState", () -> DomainStateInfo.of(d.reason()));
    }

    @Override
    public DomainInfo info(D d) {
        return inJob(d, DomainJobs.Kind.QUERY, "virDomainGetInfo", () -> readInfo(d));
    }

    /** The running definition with its runtime values, or (INACTIVE, or not running) the persistent one. */
    @Override
    public String xml(D d, Set<XmlFlag> flags) {
        XmlFlag[] pass = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        return inJob(d, DomainJobs.Kind.QUERY, "virDomainGetXMLDesc", () -> {
            synchronized (d) {
                GuestRun<C> run = currentRun(d);
                if (run != null && !flags.contains(XmlFlag.INACTIVE)) {
                    return DomainXmlCodec.formatLive(run.liveDefinition(), d.id(), pass);
                }
                return DomainXmlCodec.format(d.definition(), pass);
            }
        });
    }
}
