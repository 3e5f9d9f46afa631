package io.virtkit.lxc.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.virtkit.api.DomainInfo;
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
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DriverActivation;
import io.virtkit.support.DriverDirs;
import io.virtkit.support.HostNode;
import io.virtkit.support.RecordDriverState;
import io.virtkit.support.net.VethProvider;

/**
 * The containers of lxc:///, libvirt's {@code virLXCDriver}: persistent XML in the config dir, a status
 * file (plus init wrapper and FIFOs) per running container in the runtime dir, console logs in the log
 * dir, a cgroup per container below the driver's own. The domain table, activation (one task per domain, a
 * domain answering once its task is done), the connections and the standard operations in their jobs are
 * {@link RecordDriverState}'s; starting a container is {@link LxcProcess}'s, taking running ones over at
 * activation {@link LxcReconnect}'s, the end of a run (init's exit, destroy, shutdown, reboot)
 * {@link LxcRunEnd}'s, pausing {@link LxcPause}'s.
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
final class LxcState extends RecordDriverState<LxcDomainObject, LxcConnection> {

    private static final System.Logger LOG = System.getLogger(LxcState.class.getName());
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final LxcDriverSettings settings;
    /** The netdev bundle's veth pairs for containers' interfaces; yields null while it is not installed. */
    private final Supplier<VethProvider> vethProvider;
    private final LxcProcess process;
    private final LxcReconnect reconnect;
    private final LxcRunEnd runEnd;
    private final LxcPause pause;
    private CgroupLayout cgroups; // lazily: detection reads /proc only once we need it
    private HostUmount umount;
    private final Consumer<String> reconnectHook;

    /** @param reconnectHook a test's hook, called with a domain's name as its activation task begins; or null */
    LxcState(LxcDriverSettings settings, Supplier<VethProvider> vethProvider, Consumer<String> reconnectHook) {
        super("virtkit-lxc", ErrorDomain.LXC, new DriverDirs(settings.config(), settings.runtime(), settings.log()),
                settings.jobTimeout(), "reconnect");
        this.settings = settings;
        this.reconnectHook = reconnectHook;
        this.vethProvider = vethProvider;
        this.process = new LxcProcess(this); // they read the settings above
        this.reconnect = new LxcReconnect(this);
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

    LxcRunEnd runEnd() {
        return runEnd;
    }

    LxcProcess process() {
        return process;
    }

    // ---- the hooks of the shared state ----------------------------------------------------------

    /** A record of this driver, its jobs waiting as long as the settings say. */
    @Override
    public LxcDomainObject newRecord(DomainDefinition def, boolean persistent) {
        return new LxcDomainObject(def, persistent, settings.jobTimeout());
    }

    @Override
    protected DomainDefinition acceptDefinition(DomainDefinition def) {
        return prepare(def);
    }

    @Override
    protected void launch(LxcDomainObject d, DomainDefinition def, LxcConnection caller, Set<StartFlag> flags) {
        process.launch(d, def, flags.contains(StartFlag.AUTODESTROY) ? caller : null, flags.contains(StartFlag.PAUSED));
    }

    /** See {@link LxcRunEnd#destroy}. */
    @Override
    protected void destroyGuest(LxcDomainObject d) {
        runEnd.destroy(d);
    }

    /** See {@link LxcRunEnd#shutdown}. */
    @Override
    protected void shutdownGuest(LxcDomainObject d) {
        runEnd.shutdown(d);
    }

    /** See {@link LxcRunEnd#reboot}. */
    @Override
    protected void rebootGuest(LxcDomainObject d) {
        runEnd.reboot(d);
    }

    /** See {@link LxcPause#suspend}. */
    @Override
    protected void suspendGuest(LxcDomainObject d) {
        pause.suspend(d);
    }

    /** See {@link LxcPause#resume}. */
    @Override
    protected void resumeGuest(LxcDomainObject d) {
        pause.resume(d);
    }

    /** Memory in use and CPU time come from the container's cgroup, as libvirt's LXC driver reports them. */
    @Override
    protected DomainInfo readInfo(LxcDomainObject d) {
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
    protected Run currentRun(LxcDomainObject d) {
        return d.run;
    }

    @Override
    protected DriverActivation.Reconnect<LxcDomainObject> readStatus(Path statusFile) {
        return reconnect.read(statusFile);
    }

    @Override
    protected void activationTaskBegins(LxcDomainObject d) {
        if (reconnectHook != null) {
            reconnectHook.accept(d.name());
        }
    }

    /** Every init's pidfd is closed: its watcher sees the driver closed and ends; the containers run on. */
    @Override
    protected void letGo() {
        for (LxcDomainObject d : snapshot()) {
            synchronized (d) {
                if (d.run != null) {
                    d.run.initFd.close();
                }
            }
        }
    }

    // ---- the LXC driver's own ------------------------------------------------------------------

    static Run running(LxcDomainObject d) {
        synchronized (d) {
            Run run = d.run;
            if (run == null || run.finished) {
                throw DomainErrors.notRunning();
            }
            return run;
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
                    "could not find capabilities for arch=" + HostNode.arch() + " domaintype=" + def.type() + " ");
        }
        if (!"exe".equals(def.os().type())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                    "Unsupported guest OS type '" + def.os().type() + "': containers use 'exe'");
        }
        LxcDeviceSupport.checkDefine(def);
        return def;
    }

    static <T> T safely(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (CgroupException e) {
            return fallback;
        }
    }
}
