package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
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
 * <p>Activation ({@link #load}, libvirt's {@code qemuProcessReconnectAll}): the definitions and status files
 * are read at once; then each domain with a run to reconnect, or to autostart, gets a task of its own on the
 * background threads, and answers calls only once that task is done ({@link JobDomainRecord#awaitReady}). A
 * reconnect runs in the domain's MODIFY job, begun before {@code load} returns, so no start can slip in.
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
    private static final Duration EXIT_WATCH_ROUND = Duration.ofMillis(500);

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

    /** The definition the current run runs (with runtime values), or null when none runs; holding {@code d}'s monitor. */
    protected abstract DomainDefinition runDefinition(D d);

    /** The connection that started the current run with AUTODESTROY, or null; holding {@code d}'s monitor. */
    protected abstract C autodestroyOwner(D d);

    /**
     * Reads one status file of a previous driver instance at activation, quickly (no process scan, no monitor):
     * puts its domain in the list (a transient one is added) and returns the rest, to run as the domain's
     * reconnect task; null when there is nothing to reconnect (an unreadable or stale file, dealt with now).
     */
    protected abstract Reconnect<D> readStatus(Path statusFile);

    /** The driver goes away: let go of every run (monitors, descriptors) without stopping any guest. */
    protected abstract void letGo();

    /** Called as activation's task for {@code d} begins (a test holds a reconnect here); nothing by default. */
    protected void activationTaskBegins(D d) {
    }

    /**
     * A reconnect found by {@link #readStatus}: {@code task} runs for {@code domain} in the background.
     *
     * @param domain the domain it reconnects (already in the list)
     * @param task   the checks and the take-over, in the domain's MODIFY job
     */
    public record Reconnect<D>(D domain, Runnable task) {
        public Reconnect {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(task, "task");
        }
    }

    /** Reads a status file of the driver's own format. */
    @FunctionalInterface
    public interface StatusReader<S> {
        S read(Path file) throws IOException;
    }

    /**
     * A status file as read at activation.
     *
     * @param status the driver's record of the run
     * @param live   the live definition it holds
     */
    public record StatusRead<S>(S status, DomainDefinition live) {
    }

    // ---- what the driver's classes share ------------------------------------------------------------

    /**
     * Reads status file {@code file} with {@code read} and the live definition {@code liveXml} finds in it; an
     * unreadable one (a write the killed daemon never finished, a format from elsewhere) is removed, logged, and
     * null returned.
     */
    public static <S> StatusRead<S> readStatusFile(Path file, StatusReader<S> read, Function<S, String> liveXml) {
        try {
            S status = read.read(file);
            return new StatusRead<>(status, DomainXmlCodec.parse(liveXml.apply(status)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "removing unreadable status file " + file + ": " + e.getMessage());
            AtomicFiles.deleteQuietly(file);
            return null;
        }
    }

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
     * answers calls once it is done; {@link #activation()} completes when all are. A definition that
     * cannot be read is logged and left out.
     */
    public void load() throws IOException {
        dirs.create();
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = acceptDefinition(DomainXmlCodec.parse(Files.readString(file)));
                D d = newRecord(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                synchronized (this) {
                    domains.addIfFree(d);
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable domain definition " + file + ": " + e.getMessage());
            }
        }
        Map<D, Runnable> reconnects = new LinkedHashMap<>();
        for (Path file : AtomicFiles.list(dirs.runtime(), "*.xml")) {
            Reconnect<D> r = readStatus(file);
            if (r != null) {
                reconnects.put(r.domain(), r.task());
            }
        }
        for (Path tmp : AtomicFiles.list(dirs.runtime(), ".*.tmp")) {
            AtomicFiles.deleteQuietly(tmp); // a status write the killed daemon never finished
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (D d : snapshot()) {
            Runnable reconnect = reconnects.get(d);
            if (reconnect != null || d.isAutostart()) {
                tasks.add(activate(d, reconnect));
            }
        }
        activation = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new));
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

    /** Holds {@code d}'s calls and runs its activation task: the reconnect (in a MODIFY job), then its autostart. */
    private CompletableFuture<Void> activate(D d, Runnable reconnect) {
        d.holdCalls();
        CompletableFuture<Void> done = d.ready();
        DomainJobs.Job job = reconnect == null ? null : d.jobs().begin(DomainJobs.Kind.MODIFY, reconnectJob);
        try {
            background.execute(() -> {
                try {
                    activationTaskBegins(d);
                    if (job != null) {
                        try (job) {
                            reconnect.run();
                        }
                    }
                    autostart(d);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot reconnect to domain '" + d.name() + "': " + e);
                } finally {
                    d.releaseCalls();
                }
            });
        } catch (RejectedExecutionException e) {
            if (job != null) {
                job.close();
            }
            d.releaseCalls(); // closed meanwhile: the next driver instance reconnects
        }
        return done;
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

    private void autostart(D d) {
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
            domains.destroyOwnedBy(connection, this::autodestroyOwner, this::destroy);
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
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainUndefineFlags")) {
            domains.undefine(d, configDir, this::emit);
        }
    }

    @Override
    public void setAutostart(D d, boolean autostart) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.MODIFY, "virDomainSetAutostart")) {
            configDir.setAutostart(d, autostart); // the marker's file I/O under the job, not the monitor
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
        try {
            background.execute(() -> {
                while (!pidfd.awaitExit(EXIT_WATCH_ROUND)) {
                    if (closed) {
                        pidfd.close();
                        return;
                    }
                    if (runEnded.getAsBoolean()) {
                        return;
                    }
                }
                exited.run();
            });
        } catch (RejectedExecutionException e) {
            pidfd.close(); // closing
        }
    }

    // ---- queries (QUERY jobs: they run beside a modification or a destroy, never waiting for one) --------

    @Override
    public DomainStateInfo state(D d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.QUERY, "virDomainGetState")) {
            return DomainStateInfo.of(d.reason());
        }
    }

    @Override
    public DomainInfo info(D d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.QUERY, "virDomainGetInfo")) {
            return readInfo(d);
        }
    }

    /** The running definition with its runtime values, or (INACTIVE, or not running) the persistent one. */
    @Override
    public String xml(D d, Set<XmlFlag> flags) {
        awaitReady(d);
        XmlFlag[] pass = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        try (DomainJobs.Job job = d.jobs().begin(DomainJobs.Kind.QUERY, "virDomainGetXMLDesc")) {
            synchronized (d) {
                DomainDefinition live = runDefinition(d);
                if (live != null && !flags.contains(XmlFlag.INACTIVE)) {
                    return DomainXmlCodec.formatLive(live, d.id(), pass);
                }
                return DomainXmlCodec.format(d.definition(), pass);
            }
        }
    }
}
