package io.virtkit.lxc.internal;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.lxc.internal.LxcDomainObject.Run;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;
import io.virtkit.lxc.internal.cgroup.CgroupException;
import io.virtkit.lxc.internal.cgroup.CgroupV2;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;
import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.support.LogFiles;
import io.virtkit.support.AtomicFiles;
import io.virtkit.support.net.VethProvider;

/**
 * Starting a container, libvirt's {@code virLXCProcessStart}: checks that leave nothing behind, the intent
 * record, the cgroup and its limits, the detached controller chain, the handshake with the init wrapper
 * (its pid, the sync FIFO, its "ok"), the NICs, and on any failure the undoing of every step.
 *
 * <p>Runs in the caller's MODIFY job (start, create, reboot, autostart) and takes the domain's monitor only
 * to publish the new run: everything that waits (FIFOs, processes, cgroup writes, the status file) happens
 * outside it.
 */
final class LxcProcess {

    private static final System.Logger LOG = System.getLogger(LxcProcess.class.getName());
    /** The kernel's CFS period when none is set: what a quota derived from {@code <vcpu>} is measured in. */
    private static final long DEFAULT_CFS_PERIOD_MICROS = 100_000;

    private final LxcState state;
    private final LxcDriverSettings settings;
    private final AtomicBoolean devicesWarned = new AtomicBoolean(); // the "not restricted" notice, once

    LxcProcess(LxcState state) {
        this.state = state;
        this.settings = state.settings();
    }

    /** The {@code <filesystem>} mounted at {@code /}: libvirt's root filesystem of a container. */
    static Optional<FilesystemDevice> rootFilesystem(DomainDefinition def) {
        return def.devices().filesystems().stream().filter(f -> InitWrapper.normalTarget(f.targetDir()).equals("/"))
                .findFirst();
    }

    /** Everything that can be checked before anything is created, so a bad definition leaves nothing behind. */
    void checkStartable(DomainDefinition def) {
        LxcTopLevelSupport.check(def);
        if (def.idmap() != null) {
            UserNamespace.checkHostSupport();
        }
        if (def.cputune() != null && def.cputune().shares() != null && state.cgroups().version() == 2) {
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
        LxcDeviceSupport.checkStart(def);
        FilesystemDevice root = rootFilesystem(def).orElseThrow(() -> new VirtException(
                ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                "the container has no root filesystem: a <filesystem type='mount'> with target dir '/' is required"));
        if (!root.type().equals("mount")) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                    "a root filesystem of type '" + root.type() + "' is not supported by the LXC driver");
        }
        Path rootDir = Path.of(root.sourceDir());
        if (!Files.isDirectory(rootDir)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                    "Failed to access '" + root.sourceDir() + "': No such file or directory");
        }
        for (FilesystemDevice fs : def.devices().filesystems()) {
            String source = LxcDeviceSupport.hostSource(fs);
            if (source == null) {
                continue;
            }
            if (!Files.exists(Path.of(source))) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                        "Failed to access '" + source + "': No such file or directory");
            }
            if (def.idmap() != null) {
                // the container's root mounts them (as libvirt's does): it must get there
                UserNamespace.checkReachable(def.idmap(), Path.of(source));
            }
        }
        String init = def.os().init();
        Optional<Path> initFile = RootfsPaths.resolve(rootDir, init);
        if (initFile.isEmpty() || !Files.isRegularFile(initFile.get()) || !Files.isExecutable(initFile.get())) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC,
                    "cannot find init path '" + init + "' relative to container root: No such file or directory");
        }
    }

    void launch(LxcDomainObject d, DomainDefinition def, LxcConnection autodestroyOwner, boolean paused) {
        checkStartable(def);
        VethProvider veths = def.devices().interfaces().isEmpty() ? null : state.vethProvider();
        ContainerNics.check(def, veths);
        FilesystemDevice rootFs = rootFilesystem(def).orElseThrow();
        RuntimeFiles files = RuntimeFiles.of(settings.runtime(), def.name());
        ContainerCgroup cgroup = state.cgroups().forContainer(settings.cgroupPath() + "/" + def.name());
        Path logFile = state.logFile(def.name());
        Process controller = null;
        ProcessHandle init = null;
        WrapperReports reports = null;
        DomainDefinition live = def;
        try {
            if (cgroup.exists()) {
                // left by a container that died with the previous driver instance
                cgroup.killAll(LxcState.KILL_TIMEOUT);
                cgroup.remove(LxcState.KILL_TIMEOUT);
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
            Files.writeString(files.wrapper(), InitWrapper.script(def, rootFs, files, state.umount()));
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
            reports = WrapperReports.read(files.ready(), state.background());
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
            int id = state.nextId();
            Run run = new Run(id, controller.toHandle(), init, initStart, cgroup, live, autodestroyOwner);
            if (paused) {
                cgroup.freeze(LxcState.KILL_TIMEOUT);
            }
            synchronized (d) {
                d.run = run;
                d.setId(id);
                d.setReason(paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED);
            }
            // outside the monitor: the caller's job keeps the exit handler (a DESTROY job) from ending the
            // run before its status file is written
            state.writeStatus(d, run);
            state.emit(d, DomainEventDetail.STARTED_BOOTED);
            if (paused) {
                state.emit(d, DomainEventDetail.SUSPENDED_PAUSED);
            }
            reports.close();
            AtomicFiles.deleteQuietly(files.sync());
            AtomicFiles.deleteQuietly(files.ready());
            DevTemplate.delete(files.devTemplate());
            state.runEnd().watch(d, run);
        } catch (IOException | RuntimeException e) {
            abortStart(def.name(), controller, init, cgroup);
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
        long memoryLimit = LxcTopLevelSupport.memoryLimitBytes(def);
        cgroup.setMemoryLimit(memoryLimit);
        Long softLimit = LxcTopLevelSupport.memtuneBytes(def, "soft_limit");
        if (softLimit != null) {
            cgroup.setMemorySoftLimit(softLimit);
        }
        Long swapLimit = LxcTopLevelSupport.memtuneBytes(def, "swap_hard_limit");
        if (swapLimit != null) {
            cgroup.setSwapLimit(memoryLimit, swapLimit);
        }
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
        }, state.background());
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (true) {
            try {
                go.get(2, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (!init.isAlive()) {
                    // It may have read "go", exec'd init and that init already ended: not a failed start.
                    // Only the wrapper's own reports tell (awaitReady reads its "ok" or their end).
                    unblock(sync);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    unblock(sync);
                    throw failed(logFile, logOffset, "timed out waiting for the container's init");
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
        String text = LogFiles.readFrom(logFile, logOffset).replace("\r", "").strip();
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "guest failed to start: " + (text.isEmpty() ? what : text));
    }

    /** Undoes a start that failed half-way: no process, cgroup or runtime file is left. */
    private void abortStart(String name, Process controller, ProcessHandle init, ContainerCgroup cgroup) {
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
        LxcReconnect.cleanupLeftovers(name, cgroup, settings.runtime());
    }

    private static void mkfifo(Path path) throws IOException {
        if (LibC.INSTANCE.mkfifo(path.toString(), 0600) != 0) {
            throw new IOException("cannot create FIFO " + path + ": errno " + com.sun.jna.Native.getLastError());
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
