package io.virtkit.qemu.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainObjectList;
import io.virtkit.support.DriverActivation;
import io.virtkit.support.DriverDirs;
import io.virtkit.support.RecordDriverState;
import io.virtkit.support.net.TapProvider;
import io.virtkit.support.process.HostProcesses;
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
 * The domain table, activation (one reconnect task per domain), the connections and the standard operations
 * in their jobs are {@link RecordDriverState}'s; what is QEMU's is here and in the classes of its seams:
 * launching and exit ({@link QemuProcess}), reconnect ({@link QemuReconnect}), monitor events, hot-plug and
 * the monitor's jobs ({@link QemuJobs}).
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
 * status files ({@link QemuReconnect}).
 */
final class QemuState extends RecordDriverState<QemuDomainObject, QemuConnection> {

    private static final System.Logger LOG = System.getLogger(QemuState.class.getName());

    private final QemuDriverSettings settings;
    /** The netdev bundle's TAP provider as it is now (a dynamic reference of the driver), or null. */
    private final Supplier<TapProvider> tapProvider;
    private final UnaryOperator<DomainDefinition> volumes;
    private final Object kvmProbeLock = new Object();
    /** Each emulator binary's machine types, for the define-time fix of the machine type. */
    private final QemuMachines machines = new QemuMachines();
    /** Each emulator binary's probed capabilities: the capabilities and domain capabilities XML. */
    private final QemuCapabilities capabilities = new QemuCapabilities();
    private KvmProbe.Result kvmVerdict; // guarded by kvmProbeLock
    /** Reads every guest's monitor on one thread and delivers their events on a few (not 2 threads a guest). */
    private final QmpMonitors monitors = new QmpMonitors("virtkit-qemu-qmp", "virtkit-qemu-events", 4);
    private volatile long hypervisorVersion = -1;
    private final QemuProcess process;
    private final QemuReconnect reconnect;
    private final QemuMonitorEvents events;
    private final QemuHotplug hotplug;
    private final QemuJobs jobs;
    private final QemuResources resources;
    private final QemuMigrationSource migrationSource;
    private final QemuMigrationDestination migrationDestination;
    private final QemuMigrationPeer2Peer peer2peer;
    private final QemuDiskLeases diskLeases;
    private final QemuHostFiles hostFiles;

    QemuState(QemuDriverSettings settings, DriverDirs dirs, Supplier<TapProvider> tapProvider,
            UnaryOperator<DomainDefinition> volumes) {
        this(settings, dirs, tapProvider, volumes, () -> null, () -> null);
    }

    /**
     * @param connections Virtkit's connection factory as it is now (peer-to-peer migration), or null
     * @param lockManager the disk lock manager as it is now (a dynamic reference of the driver), or null
     */
    QemuState(QemuDriverSettings settings, DriverDirs dirs, Supplier<TapProvider> tapProvider,
            UnaryOperator<DomainDefinition> volumes, Supplier<ConnectionFactory> connections,
            Supplier<DomainLockManager> lockManager) {
        super("virtkit-qemu", ErrorDomain.QEMU, dirs, settings.jobTimeout(), "qemuProcessReconnect");
        this.settings = settings;
        this.hostFiles = new QemuHostFiles(dirs.runtime(), settings.securityOf(dirs));
        this.tapProvider = tapProvider;
        this.volumes = volumes;
        // after the fields above: each seam's class reads them through this state
        this.process = new QemuProcess(this);
        this.reconnect = new QemuReconnect(this);
        this.events = new QemuMonitorEvents(this);
        this.hotplug = new QemuHotplug(this);
        this.jobs = new QemuJobs(this);
        this.resources = new QemuResources(this);
        this.migrationSource = new QemuMigrationSource(this);
        this.migrationDestination = new QemuMigrationDestination(this);
        this.peer2peer = new QemuMigrationPeer2Peer(migrationSource, connections);
        this.diskLeases = new QemuDiskLeases(lockManager, settings.monitorTimeout());
    }

    /** The guests' files on the host and QEMU's confinement. */
    QemuHostFiles hostFiles() {
        return hostFiles;
    }

    QemuDiskLeases diskLeases() {
        return diskLeases;
    }

    /** Before a {@code cont} of {@code run}: its disks' leases taken (again) and handed to its QEMU. */
    void renewLeases(QemuDomainObject d, Run run) {
        DomainDefinition live;
        synchronized (d) {
            live = run.liveDef;
        }
        diskLeases.renew(resolveVolumes(live), run.monitor);
    }

    QemuMigrationSource migrationSource() {
        return migrationSource;
    }

    QemuMigrationDestination migrationDestination() {
        return migrationDestination;
    }

    QemuMigrationPeer2Peer peer2peer() {
        return peer2peer;
    }

    /**
     * A run ended (holding {@code d}'s monitor): a migration it took part in ends with it (its async job, an
     * incoming migration's port); the step under way, if any, sees the run gone and fails.
     */
    void migrationRunEnded(QemuDomainObject d, Run run) {
        QemuMigrationJob job = d.migration;
        if (job == null || job.run != run) {
            return;
        }
        if (job.direction == QemuMigrationJob.Direction.IN) {
            migrationDestination.endJob(d);
        } else {
            d.migration = null;
            job.release();
        }
    }

    /** virDomainGetJobInfo: the migration under way, or no job. */
    DomainJobInfo jobInfo(QemuDomainObject d) {
        awaitReady(d);
        QemuMigrationJob job;
        synchronized (d) {
            job = d.migration;
        }
        return job == null ? DomainJobInfo.NONE : job.info(queryMigrate(d, job));
    }

    /** virDomainGetJobStats: the migration under way, or ({@code completed}) the last one that completed here. */
    DomainJobStats jobStats(QemuDomainObject d, boolean completed) {
        awaitReady(d);
        QemuMigrationJob job;
        synchronized (d) {
            if (completed) {
                return d.completedJob != null ? d.completedJob : DomainJobStats.none();
            }
            job = d.migration;
        }
        return job == null ? DomainJobStats.none() : job.stats(queryMigrate(d, job), DomainJobType.UNBOUNDED);
    }

    private JsonNode queryMigrate(QemuDomainObject d, QemuMigrationJob job) {
        if (job.run == null) {
            return null; // offline: nothing moves but the definition
        }
        try {
            return QemuMigrationSource.monitor(d, job.run).execute("query-migrate", null, settings.monitorTimeout());
        } catch (VirtException e) {
            return null; // the run ended meanwhile: what is known
        }
    }

    QemuDriverSettings settings() {
        return settings;
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

    /** Memory and vCPU counts; callers {@link #awaitReady} the domain first. */
    QemuResources resources() {
        return resources;
    }

    Supplier<TapProvider> tapProvider() {
        return tapProvider;
    }

    /** A starting domain's volume disks as the storage driver of this state's URI resolves them. */
    DomainDefinition resolveVolumes(DomainDefinition def) {
        return volumes.apply(def);
    }

    QmpMonitors monitors() {
        return monitors;
    }

    // ---- the hooks of the shared state ----------------------------------------------------------

    /** A record of this driver, its jobs waiting at most the configured job timeout. */
    @Override
    public QemuDomainObject newRecord(DomainDefinition def, boolean persistent) {
        return new QemuDomainObject(def, persistent, settings.jobTimeout());
    }

    @Override
    protected DomainDefinition acceptDefinition(DomainDefinition def) {
        return prepare(def);
    }

    @Override
    protected void launch(QemuDomainObject d, DomainDefinition def, QemuConnection caller, Set<StartFlag> flags) {
        process.launch(d, def, caller, flags);
    }

    @Override
    protected DomainDefinition loaded(DomainDefinition def) {
        return QemuDeviceAddresses.assignKnown(def); // saved before addresses existed: given them in memory
    }

    @Override
    protected void destroyGuest(QemuDomainObject d) {
        process.destroy(d);
    }

    @Override
    protected void shutdownGuest(QemuDomainObject d) {
        jobs.shutdown(d);
    }

    @Override
    protected void rebootGuest(QemuDomainObject d) {
        jobs.reboot(d);
    }

    @Override
    protected void suspendGuest(QemuDomainObject d) {
        jobs.suspend(d);
    }

    @Override
    protected void resumeGuest(QemuDomainObject d) {
        jobs.resume(d);
    }

    @Override
    protected DomainInfo readInfo(QemuDomainObject d) {
        return jobs.info(d);
    }

    @Override
    protected Run currentRun(QemuDomainObject d) {
        return d.run;
    }

    @Override
    protected DriverActivation.Reconnect<QemuDomainObject> readStatus(Path statusFile) {
        return reconnect.prepare(statusFile);
    }

    /** Monitors are closed: QEMU keeps running and waits for the next driver instance. */
    @Override
    protected void letGo() {
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
        monitors.close();
    }

    void setState(QemuDomainObject d, Run run, DomainStateReason reason, DomainEventDetail detail) {
        d.setReason(reason);
        writeStatus(d, run);
        if (detail != null) {
            emit(d, detail);
        }
    }

    // ---- QEMU's own operations, each in the class of its seam --------------------------------------

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

    void updateDevice(QemuDomainObject d, String deviceXml, Set<DeviceModifyFlag> flags) {
        awaitReady(d);
        hotplug.updateDevice(d, deviceXml, flags);
    }

    /** See {@link HostProcesses#await}. */
    static boolean waitForExit(ProcessHandle process, Duration timeout) {
        return HostProcesses.await(process, timeout);
    }

    /** The running definition (with pty paths), or NOT RUNNING. */
    DomainDefinition runningDefinition(QemuDomainObject d) {
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

    Path monitorSocket(String name) {
        return hostFiles.domainDir(name).resolve("monitor.sock"); // QEMU creates it: in a directory of its user
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
                kvmVerdict = KvmProbe.run(settings.emulator(), settings.kvmDevice(), dirs().runtime(),
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
     * Then the devices on the root bus get their PCI slots ({@link QemuDeviceAddresses#assign}), kept from then on.
     * Runs the emulator once per binary version, holding no lock.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for a machine type the emulator does not have, XML_ERROR for a
     *         PCI address used twice
     */
    @Override
    protected DomainDefinition postParse(DomainDefinition def) {
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : settings.emulator();
        String machine = machines.canonical(emulator, def.os().machine());
        if (machine != null && !machine.equals(def.os().machine())) {
            def = def.toBuilder().os(def.os().toBuilder().machine(machine).build()).build();
        }
        return QemuDeviceAddresses.assign(def);
    }
}
