package io.virtkit.qemu.internal;

import io.virtkit.api.DeviceModifyFlag;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainConfigDir;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.DomainObjectList;
import io.virtkit.support.DomainOperations;
import io.virtkit.support.net.TapProvider;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.caps.QemuCapabilities;
import io.virtkit.qemu.internal.command.QemuDeviceAddresses;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpMonitors;

/**
 * The domains of one set of directories (qemu:///system or qemu:///session), libvirt's
 * {@code virQEMUDriver}: persistent XML in the config dir, a status file and a QMP socket per running
 * domain in the runtime dir, QEMU's output in the log dir.
 *
 * <p>Lock order (take them in this order, never the other way round):
 * <ol>
 * <li>a domain's jobs ({@link QemuDomainObject#jobs}, libvirt's job object): MODIFY (define of an existing
 * domain, start, device changes, suspend …) and DESTROY one at a time, QUERY (info, XML, statistics)
 * beside them. Begun with a timeout, before any monitor; the only thing held while waiting for QEMU (QMP
 * round trips, DEVICE_DELETED, the process's exit; a QMP round trip also waits, bounded by its timeout,
 * until the events QEMU sent before its reply have been handled, which need the domain's monitor);</li>
 * <li>the domain's monitor ({@code synchronized (d)}): guards its fields; held only for short changes
 * (fields, the status file); QMP events and exit handling take only this, never a job;</li>
 * <li>this state's monitor ({@code synchronized (this)}): makes list changes of several calls atomic and
 * guards the id counter; taken holding a domain's monitor to forget a transient domain;</li>
 * <li>the {@link DomainObjectList}'s own lock, inside every list call.</li>
 * </ol>
 * Nothing that may block for long (signals and waits for exit, QMP calls, TAP setup) runs holding a
 * monitor: destroy signals first and only then begins its DESTROY job, so a job stuck on the guest ends.
 *
 * <p>QEMU runs detached (its own session, stdin from /dev/null, output to the log file), so the JVM
 * going away never takes a guest with it; {@link #load()} finds running guests again through their
 * status files.
 */
final class QemuState implements DomainOperations<QemuDomainObject, QemuConnection> {

    private static final System.Logger LOG = System.getLogger(QemuState.class.getName());

    private final QemuDriverSettings settings;
    private final QemuDriverSettings.Dirs dirs;
    /** The netdev bundle's TAP provider as it is now (a dynamic reference of the driver), or null. */
    private final Supplier<TapProvider> tapProvider;
    private final DomainConfigDir configDir;
    private final DomainObjectList<QemuDomainObject> domains = new DomainObjectList<>(ErrorDomain.QEMU);
    private final List<QemuConnection> connections = new CopyOnWriteArrayList<>();
    private final Object kvmProbeLock = new Object();
    /** Each emulator binary's machine types, for the define-time fix of the machine type. */
    private final QemuMachines machines = new QemuMachines();
    /** Each emulator binary's probed capabilities: the capabilities and domain capabilities XML. */
    private final QemuCapabilities capabilities = new QemuCapabilities();
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
    /** Activation's background work: the reconnects, then the autostart. */
    private volatile CompletableFuture<Void> activation = CompletableFuture.completedFuture(null);
    private final QemuProcess process;
    private final QemuReconnect reconnect;
    private final QemuMonitorEvents events;
    private final QemuHotplug hotplug;
    private final QemuJobs jobs;

    QemuState(QemuDriverSettings settings, QemuDriverSettings.Dirs dirs) {
        this(settings, dirs, () -> null);
    }

    QemuState(QemuDriverSettings settings, QemuDriverSettings.Dirs dirs, Supplier<TapProvider> tapProvider) {
        this.settings = settings;
        this.dirs = dirs;
        this.configDir = new DomainConfigDir(dirs.config(), ErrorDomain.QEMU);
        this.tapProvider = tapProvider;
        // after the fields above: each seam's class reads them through this state
        this.process = new QemuProcess(this);
        this.reconnect = new QemuReconnect(this);
        this.events = new QemuMonitorEvents(this);
        this.hotplug = new QemuHotplug(this);
        this.jobs = new QemuJobs(this);
    }

    QemuDriverSettings settings() {
        return settings;
    }

    QemuDriverSettings.Dirs dirs() {
        return dirs;
    }

    QemuProcess process() {
        return process;
    }

    QemuMonitorEvents events() {
        return events;
    }

    QemuJobs jobs() {
        return jobs;
    }

    Supplier<TapProvider> tapProvider() {
        return tapProvider;
    }

    ExecutorService background() {
        return background;
    }

    QmpMonitors monitors() {
        return monitors;
    }

    DomainConfigDir configDir() {
        return configDir;
    }

    /** A new domain id. */
    synchronized int nextId() {
        return nextId++;
    }

    /** After a reconnect: ids go on after {@code id}. */
    synchronized void idInUse(int id) {
        nextId = Math.max(nextId, id + 1);
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
     *
     * <p>Only the files are read here: each reconnect (process checks, the monitor) runs as a task of its
     * own in the background, and the autostart after all of them (libvirt's qemuProcessReconnectAll), so
     * activation does not wait for guests. A domain answers calls once its task is done (and its autostart,
     * if it has one); {@link #activation()} completes when all are.
     */
    void load() throws IOException {
        Files.createDirectories(dirs.config());
        Files.createDirectories(dirs.runtime());
        Files.createDirectories(dirs.log());
        for (Path file : configDir.configFiles()) {
            try {
                DomainDefinition def = QemuDeviceAddresses.assignKnown(prepare(DomainXmlCodec.parse(Files.readString(file))));
                QemuDomainObject d = newDomain(def, true);
                d.setAutostart(configDir.isAutostart(def.name()));
                d.setReason(DomainStateReason.SHUTOFF_UNKNOWN);
                synchronized (this) {
                    domains.addIfFree(d);
                }
            } catch (RuntimeException | IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable domain definition " + file + ": " + e.getMessage());
            }
        }
        activation = reconnect.reconnectAll(dirs.runtime());
    }

    /** Completes when activation's background work (reconnects, then autostart) is done. */
    CompletableFuture<Void> activation() {
        return activation;
    }

    /** Waits until {@code d} answers calls (see {@link QemuDomainObject#awaitReady}). */
    void awaitReady(QemuDomainObject d) {
        d.awaitReady(settings.jobTimeout());
    }

    /** Waits (at most the job timeout) until activation's reconnects and autostart are done: for lists. */
    void awaitActivation() {
        try {
            activation.get(settings.jobTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // list what there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                    process.start(d, null, Set.of(), null);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot autostart domain '" + d.name() + "': " + e.getMessage());
                }
            }
        }
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

    /** A record of this driver, its jobs waiting at most the configured job timeout. */
    QemuDomainObject newDomain(DomainDefinition def, boolean persistent) {
        return new QemuDomainObject(def, persistent, settings.jobTimeout());
    }

    /**
     * virDomainDefineXML. A new domain is added at once; an existing one is redefined in a MODIFY job, so a
     * concurrent device change (MODIFY too) runs wholly before or after and neither update is lost.
     */
    QemuDomainObject define(String xml) {
        DomainDefinition def = postParse(prepare(DomainXmlCodec.parse(xml)));
        while (true) {
            QemuDomainObject existing = domains.get(def.uuid());
            if (existing == null) {
                // atomic in the list; should the UUID appear meanwhile (a create), this is its redefinition
                return domains.define(def, configDir, x -> newDomain(x, true), this::emit);
            }
            awaitReady(existing);
            try (DomainJobs.Job job = existing.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainDefineXML")) {
                if (domains.get(def.uuid()) != existing) {
                    continue; // undefined (and forgotten) while we waited: define it anew
                }
                return domains.define(def, configDir, x -> newDomain(x, true), this::emit);
            }
        }
    }

    /** Starts {@code xml} as a transient domain, or a defined inactive one of the same name and UUID. */
    QemuDomainObject create(String xml, QemuConnection caller, Set<StartFlag> flags) {
        DomainDefinition def = postParse(prepare(DomainXmlCodec.parse(xml)));
        QemuDomainObject existing = domains.get(def.uuid());
        if (existing != null) {
            awaitReady(existing);
        }
        return domains.create(def, x -> newDomain(x, false), d -> process.start(d, caller, flags, def));
    }

    @Override
    public void undefine(QemuDomainObject d) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainUndefineFlags")) {
            domains.undefine(d, configDir, this::emit);
        }
    }

    @Override
    public void setAutostart(QemuDomainObject d, boolean autostart) {
        awaitReady(d);
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, "virDomainSetAutostart")) {
            configDir.setAutostart(d, autostart); // the link's file I/O under the job, not the monitor
        }
    }

    void setState(QemuDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        d.setReason(reason);
        writeStatus(d, run);
        if (detail != null) {
            emit(d, detail);
        }
    }

    // ---- operations, each in the class of its seam -----------------------------------------------

    @Override
    public void start(QemuDomainObject d, QemuConnection caller, Set<StartFlag> flags) {
        awaitReady(d);
        process.start(d, caller, flags, null);
    }

    @Override
    public void destroy(QemuDomainObject d) {
        awaitReady(d);
        process.destroy(d);
    }

    @Override
    public void shutdown(QemuDomainObject d) {
        awaitReady(d);
        jobs.shutdown(d);
    }

    @Override
    public void reboot(QemuDomainObject d) {
        awaitReady(d);
        jobs.reboot(d);
    }

    @Override
    public void suspend(QemuDomainObject d) {
        awaitReady(d);
        jobs.suspend(d);
    }

    @Override
    public void resume(QemuDomainObject d) {
        awaitReady(d);
        jobs.resume(d);
    }

    String monitorCommand(QemuDomainObject d, String json) {
        awaitReady(d);
        return jobs.monitorCommand(d, json);
    }

    List<Long> vcpuTimes(QemuDomainObject d) {
        awaitReady(d);
        return jobs.vcpuTimes(d);
    }

    JsonNode blockStats(QemuDomainObject d) {
        awaitReady(d);
        return jobs.blockStats(d);
    }

    void changeDevice(QemuDomainObject d, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        awaitReady(d);
        hotplug.changeDevice(d, deviceXml, attach, flags);
    }

    /** See {@link QemuProcess#waitForExit}. */
    static boolean waitForExit(ProcessHandle process, Duration timeout) {
        return QemuProcess.waitForExit(process, timeout);
    }

    // ---- queries -----------------------------------------------------------------------------

    @Override
    public DomainStateInfo state(QemuDomainObject d) {
        awaitReady(d);
        return DomainStateInfo.of(d.reason());
    }

    @Override
    public DomainInfo info(QemuDomainObject d) {
        awaitReady(d);
        return jobs.info(d);
    }

    @Override
    public String xml(QemuDomainObject d, Set<XmlFlag> flags) {
        awaitReady(d);
        return jobs.xml(d, flags);
    }

    /** The running definition (with pty paths), or NOT RUNNING. */
    DomainDefinition liveDefinition(QemuDomainObject d) {
        awaitReady(d);
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

    /** Records the run in its status file, with the alias and slot of every NIC (see {@link StatusFile}). */
    void writeStatus(QemuDomainObject d, Run run) {
        StatusFile status;
        synchronized (d) {
            status = new StatusFile(run.pid(), run.startTime, run.id, d.reason(), run.monitor,
                    DomainXmlCodec.formatLive(run.liveDef, run.id, XmlFlag.SECURE)); // aliases in the live XML
        }
        try {
            status.write(statusFile(d.name()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write status of domain '" + d.name() + "': " + e.getMessage());
        }
    }

    // ---- checks ------------------------------------------------------------------------------

    QemuCapabilities capabilities() {
        return capabilities;
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

    /**
     * libvirt's post-parse of a definition given to define or create (not of one read back at load, which
     * keeps what it was given then): the machine type becomes the versioned one its alias stands for in
     * this domain's emulator, or that emulator's default when none is given; an unknown one is refused.
     * Then the devices on the root bus get their PCI slots ({@link QemuPciAddresses#assign}), kept from then on.
     * Runs the emulator once per binary version, holding no lock.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for a machine type the emulator does not have, XML_ERROR for a
     *         PCI address used twice
     */
    DomainDefinition postParse(DomainDefinition def) {
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : settings.emulator();
        String machine = machines.canonical(emulator, def.os().machine());
        if (machine != null && !machine.equals(def.os().machine())) {
            def = def.toBuilder().os(def.os().toBuilder().machine(machine).build()).build();
        }
        return QemuDeviceAddresses.assign(def);
    }

    QemuDomainObject clash(DomainDefinition def) {
        return domains.clash(def.uuid(), def.name());
    }

    synchronized void forget(QemuDomainObject d) {
        domains.remove(d);
    }

    void emit(QemuDomainObject d, DomainEventDetail detail) {
        for (QemuConnection c : connections) {
            c.deliver(d, detail);
        }
    }
}
