package io.virtkit.qemu.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainJobs;
import io.virtkit.qemu.internal.QemuDomainObject.Migrating;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.QemuDomainObject.StopRequest;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * The source side of a migration (libvirt's {@code qemuMigrationSrc*}): begin (checks, the XML and cookie for the
 * destination, the migration job), perform (QEMU's {@code migrate} to the prepared address, followed until it
 * completes; on failure the guest runs on here), confirm (the source's QEMU stopped once the guest runs on the
 * destination, or the guest resumed when the migration was cancelled), and the job's info, statistics and abort.
 *
 * <p>Locks: see {@link QemuState}; QMP round trips hold no monitor, the migration's async job keeps other
 * modifications out from begin to confirm.
 */
final class QemuMigrationSource {

    private static final System.Logger LOG = System.getLogger(QemuMigrationSource.class.getName());

    /** The flags this driver migrates with; TUNNELLED and NON_SHARED_* (storage copy) are not offered. */
    static final long SUPPORTED = bits(MigrateFlag.LIVE, MigrateFlag.PEER2PEER, MigrateFlag.PERSIST_DEST,
            MigrateFlag.UNDEFINE_SOURCE, MigrateFlag.PAUSED, MigrateFlag.CHANGE_PROTECTION, MigrateFlag.UNSAFE,
            MigrateFlag.OFFLINE, MigrateFlag.COMPRESSED, MigrateFlag.ABORT_ON_ERROR, MigrateFlag.AUTO_CONVERGE);

    /** How often perform reads QEMU's progress (QEMU's MIGRATION events would only wake the same read). */
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long a completed migration's times may lag behind its status, and how often they are asked for. */
    private static final Duration COMPLETED_TIMES = Duration.ofSeconds(1);
    private static final Duration TIMES_POLL = Duration.ofMillis(10);

    private final QemuState state;
    private final QemuDriverSettings settings;

    QemuMigrationSource(QemuState state) {
        this.state = state;
        this.settings = state.settings();
    }

    // ---- begin ------------------------------------------------------------------------------------

    /** virDomainMigrateBegin3Params: the migration job begins here and lasts until confirm. */
    MigrationBegin begin(QemuDomainObject d, MigrationParams params, long flags) {
        return begin(d, params, flags, null);
    }

    /** As {@link #begin(QemuDomainObject, MigrationParams, long)}; {@code owner}'s close cancels it until perform. */
    MigrationBegin begin(QemuDomainObject d, MigrationParams params, long flags, QemuConnection owner) {
        Set<MigrateFlag> set = checkFlags(flags, "qemuDomainMigrateBegin3Params");
        state.awaitReady(d);
        DomainJobs.Async async = d.jobs.beginAsync("migration out", DomainJobs.DEFAULT_NESTED);
        try {
            String xml;
            String persistent;
            Run run;
            synchronized (d) {
                run = d.run;
                if (set.contains(MigrateFlag.OFFLINE)) {
                    if (!d.isPersistent()) {
                        throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                                "cannot migrate transient domain offline");
                    }
                    run = null; // only the definition moves, running or not
                } else if (run == null || run.finished) {
                    throw DomainErrors.notRunning();
                } else if (run.autodestroyOwner != null) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "domain is marked for auto destroy");
                }
                DomainDefinition source = run != null ? run.liveDef : d.definition();
                xml = params.destinationXml() != null ? checkedDestinationXml(params.destinationXml(), source)
                        : DomainXmlCodec.format(source, XmlFlag.SECURE);
                persistent = d.isPersistent() ? DomainXmlCodec.format(d.definition(), XmlFlag.SECURE) : null;
                d.migration = new QemuMigrationJob(QemuMigrationJob.Direction.OUT, run, set, async);
                d.migration.owner = owner;
            }
            QemuMigrationCookie cookie = new QemuMigrationCookie(d.name(), d.uuid(), state.hostname(),
                    settings.migration().hostUuid(), xml, set.contains(MigrateFlag.PERSIST_DEST) ? persistent : null);
            return new MigrationBegin(xml, cookie.toBytes());
        } catch (RuntimeException e) {
            synchronized (d) {
                if (d.migration != null && d.migration.run == d.run) {
                    d.migration = null;
                }
            }
            async.close();
            throw e;
        }
    }

    /** libvirt's flag checks of begin, in its words. */
    static Set<MigrateFlag> checkFlags(long flags, String function) {
        DriverFlags.check(flags, SUPPORTED | bits(MigrateFlag.TUNNELLED, MigrateFlag.NON_SHARED_DISK,
                MigrateFlag.NON_SHARED_INC), function);
        Set<MigrateFlag> set = DriverFlags.decode(flags, MigrateFlag.class, function);
        if (set.contains(MigrateFlag.TUNNELLED)) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                    "tunnelled migration is not supported by this QEMU driver");
        }
        if (set.contains(MigrateFlag.NON_SHARED_DISK) || set.contains(MigrateFlag.NON_SHARED_INC)) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.QEMU,
                    "migration of non-shared storage is not supported by this QEMU driver");
        }
        if (set.contains(MigrateFlag.OFFLINE) && !set.contains(MigrateFlag.PERSIST_DEST)) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "offline migration must be specified with the persistent flag set");
        }
        return set.isEmpty() ? EnumSet.noneOf(MigrateFlag.class) : EnumSet.copyOf(set);
    }

    /** A caller's destination XML: it may change host-side details, not which domain it is. */
    private static String checkedDestinationXml(String xml, DomainDefinition source) {
        DomainDefinition given = DomainXmlCodec.parse(xml);
        if (given.uuid() != null && !given.uuid().equals(source.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "Target domain uuid " + given.uuid() + " does not match source " + source.uuid());
        }
        return DomainXmlCodec.format(given.uuid() == null ? given.withUuid(source.uuid()) : given, XmlFlag.SECURE);
    }

    // ---- perform ----------------------------------------------------------------------------------

    /**
     * The data transfer of a direct migration to {@code uri} ({@code tcp:host:port} from prepare): on success the
     * guest stays paused here (PAUSED/MIGRATION) for confirm; on failure it runs on (RUNNING/MIGRATION_CANCELED,
     * RESUMED/MIGRATED) and the error is thrown, in libvirt's words.
     *
     * @return the cookie for the destination's finish step
     */
    byte[] perform(QemuDomainObject d, String uri, MigrationParams params, Set<MigrateFlag> flags) {
        QemuMigrationJob job = job(d);
        if (job.flags.contains(MigrateFlag.OFFLINE)) {
            job.performed = true; // nothing to send: the definition travels in the cookie
            return finishCookie(d, job);
        }
        Run run = job.run;
        QmpClient qmp = monitor(d, run);
        String target = QemuMigrationUris.qemuTarget(uri);
        boolean wasRunning;
        synchronized (d) {
            wasRunning = d.state() == DomainState.RUNNING;
            job.wasRunning = wasRunning;
            run.migrating = Migrating.OUT;
        }
        try {
            setUp(qmp, params, flags);
            if (!flags.contains(MigrateFlag.LIVE) && wasRunning) {
                qmp.execute("stop", null, settings.monitorTimeout()); // its STOP is the migration's pause
            }
            job.transferring = true;
            qmp.execute("migrate", Map.of("uri", target), settings.monitorTimeout());
            JsonNode done = awaitEnd(d, run, qmp, job);
            // the CPUs stopped for the switchover: the destination takes the disks' leases at its finish
            state.diskLeases().drop(state.resolveVolumes(liveDef(d, run)), run.monitor);
            synchronized (d) {
                d.completedJob = job.stats(done, DomainJobType.COMPLETED);
                if (!run.finished && d.state() == DomainState.RUNNING) {
                    state.setState(d, run, DomainStateReason.PAUSED_MIGRATION, DomainEventDetail.SUSPENDED_MIGRATED);
                }
            }
            job.performed = true;
            return finishCookie(d, job);
        } catch (RuntimeException e) {
            resumeAfterFailure(d, run, wasRunning);
            endJob(d, job); // as libvirt's perform phase: the caller sends no confirm after a failed perform
            throw e;
        } finally {
            job.transferring = false;
        }
    }

    private byte[] finishCookie(QemuDomainObject d, QemuMigrationJob job) {
        String persistent = null;
        synchronized (d) {
            if (job.flags.contains(MigrateFlag.PERSIST_DEST) && d.isPersistent()) {
                persistent = DomainXmlCodec.format(d.definition(), XmlFlag.SECURE);
            }
        }
        return new QemuMigrationCookie(d.name(), d.uuid(), state.hostname(), settings.migration().hostUuid(), null,
                persistent).toBytes();
    }

    /** QEMU's migration settings for this transfer: events on, the bandwidth, compression and auto-converge. */
    private void setUp(QmpClient qmp, MigrationParams params, Set<MigrateFlag> flags) {
        List<Map<String, Object>> caps = List.of(capability("events", true),
                capability("xbzrle", flags.contains(MigrateFlag.COMPRESSED)),
                capability("auto-converge", flags.contains(MigrateFlag.AUTO_CONVERGE)));
        qmp.execute("migrate-set-capabilities", Map.of("capabilities", caps), settings.monitorTimeout());
        // libvirt's default is no limit (QEMU's own default is 32 MiB/s)
        long bytesPerSecond = params.bandwidthMiBs() > 0 ? params.bandwidthMiBs() << 20 : Long.MAX_VALUE >> 20;
        qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", bytesPerSecond), settings.monitorTimeout());
    }

    static Map<String, Object> capability(String name, boolean on) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capability", name);
        m.put("state", on);
        return m;
    }

    /** Follows {@code query-migrate} until the transfer ends; its last answer when it completed. */
    private JsonNode awaitEnd(QemuDomainObject d, Run run, QmpClient qmp, QemuMigrationJob job) {
        while (true) {
            synchronized (d) {
                if (run.finished || d.run != run) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                            job.direction.jobName + ": domain is not running");
                }
            }
            JsonNode status = qmp.execute("query-migrate", null, settings.monitorTimeout());
            switch (status.path("status").asText("none")) {
                case "completed" -> {
                    return withTimes(qmp, status, settings.monitorTimeout());
                }
                case "failed" -> throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                        job.direction.jobName + ": " + status.path("error-desc").asText("unexpectedly failed"));
                case "cancelled", "cancelling" -> throw new VirtException(ErrorCode.OPERATION_ABORTED,
                        ErrorDomain.QEMU, job.direction.jobName + ": canceled by client");
                default -> sleep(POLL);
            }
        }
    }

    /**
     * QEMU reports "completed" a moment before it fills in the transfer's total time and downtime: asks again,
     * briefly, until both are there, so the completed job's statistics are QEMU's and not zeros.
     */
    static JsonNode withTimes(QmpClient qmp, JsonNode completed, Duration monitorTimeout) {
        JsonNode status = completed;
        long deadline = System.nanoTime() + COMPLETED_TIMES.toNanos();
        while (!hasTimes(status) && System.nanoTime() - deadline < 0) {
            sleep(TIMES_POLL);
            JsonNode again = qmp.execute("query-migrate", null, monitorTimeout);
            if (!"completed".equals(again.path("status").asText())) {
                break; // nothing to wait for any more (a new migration would have begun under a new job)
            }
            status = again;
        }
        return status;
    }

    static boolean hasTimes(JsonNode status) {
        return status.path("total-time").asLong(0) > 0 && status.path("downtime").asLong(0) > 0;
    }

    /**
     * The transfer failed: the guest is the source's again and runs as it did (libvirt's RestoreDomainState). When
     * QEMU refuses {@code cont} (e.g. the destination's QEMU already holds the disks' write locks) the guest stays
     * paused and says so, PAUSED/API_ERROR as libvirt's, and the refusal is logged: the caller's own error (the
     * failed transfer or finish) stays the one reported, as libvirt keeps it.
     */
    private void resumeAfterFailure(QemuDomainObject d, Run run, boolean wasRunning) {
        QmpClient qmp = run.qmp;
        boolean running = false;
        boolean answered = false;
        if (qmp != null && qmp.isConnected()) {
            try {
                cancelTransfer(qmp);
                if (wasRunning) {
                    state.renewLeases(d, run); // refused: the guest stays paused, PAUSED/API_ERROR below
                    qmp.execute("cont", null, settings.monitorTimeout());
                }
                running = wasRunning;
                answered = true;
            } catch (RuntimeException e) {
                if (qmp.isConnected()) { // QEMU answered: it lives on, paused (gone, its exit handler ends the run)
                    LOG.log(Level.ERROR, "Failed to resume guest " + d.name() + " after failure: " + e.getMessage());
                    running = queryRunning(qmp);
                    answered = true;
                }
            }
        }
        synchronized (d) {
            run.migrating = Migrating.NONE;
            // as libvirt: only a guest the migration paused changes (a live one that never paused keeps its reason)
            if (answered && !run.finished && d.run == run && wasRunning && d.state() == DomainState.PAUSED) {
                if (running) {
                    state.setState(d, run, DomainStateReason.RUNNING_MIGRATION_CANCELED,
                            DomainEventDetail.RESUMED_MIGRATED);
                } else {
                    state.setState(d, run, DomainStateReason.PAUSED_API_ERROR, DomainEventDetail.SUSPENDED_API_ERROR);
                }
            }
        }
    }

    /** A transfer still under way is cancelled, so the guest's CPUs may run here again. */
    private void cancelTransfer(QmpClient qmp) {
        JsonNode status = qmp.execute("query-migrate", null, settings.monitorTimeout());
        String s = status.path("status").asText("none");
        if (s.equals("active") || s.equals("setup") || s.equals("device") || s.equals("pre-switchover")) {
            qmp.execute("migrate_cancel", null, settings.monitorTimeout());
        }
    }

    /** What QEMU says of its CPUs, after a refused {@code cont}: not running when it cannot tell. */
    private boolean queryRunning(QmpClient qmp) {
        try {
            return qmp.execute("query-status", null, settings.monitorTimeout()).path("running").asBoolean(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- confirm ----------------------------------------------------------------------------------

    /**
     * virDomainMigrateConfirm3Params: the guest runs on the destination ({@code cancelled} false): the source's QEMU
     * ends (STOPPED/MIGRATED, SHUTOFF/MIGRATED), a transient domain is forgotten, UNDEFINE_SOURCE undefines it; or
     * the migration was cancelled: the guest runs on here. Either way the migration job ends.
     */
    void confirm(QemuDomainObject d, Set<MigrateFlag> flags, boolean cancelled) {
        QemuMigrationJob job;
        synchronized (d) {
            job = d.migration;
        }
        if (job == null || job.direction != QemuMigrationJob.Direction.OUT) {
            if (cancelled) {
                return; // a failed perform has already given the guest back and ended the job
            }
            throw notMigrating(d);
        }
        try {
            if (cancelled) {
                if (job.run != null && job.performed) {
                    resumeAfterFailure(d, job.run, job.wasRunning);
                } else if (job.run != null) {
                    synchronized (d) {
                        job.run.migrating = Migrating.NONE;
                    }
                }
                return;
            }
            if (!job.performed && !job.flags.contains(MigrateFlag.OFFLINE)) { // offline: the caller skips perform
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "migration of domain '" + d.name() + "' has not completed");
            }
            if (job.run != null) {
                state.process().stopForMigration(d, StopRequest.MIGRATED);
            }
            if (flags.contains(MigrateFlag.UNDEFINE_SOURCE) || job.flags.contains(MigrateFlag.UNDEFINE_SOURCE)) {
                synchronized (d) {
                    if (d.isPersistent()) {
                        state.domains().undefine(d, state.configDir(), state::emit);
                    }
                }
            }
        } finally {
            endJob(d, job);
        }
    }

    private static void endJob(QemuDomainObject d, QemuMigrationJob job) {
        synchronized (d) {
            if (d.migration == job) {
                d.migration = null;
            }
        }
        job.release();
    }

    /**
     * {@code connection} closed: as libvirt's close callback of the source, a migration it began and never
     * performed (the client went away between the steps) is cancelled, so the guest is not held in the job.
     */
    void connectionClosed(QemuConnection connection) {
        for (QemuDomainObject d : state.snapshot()) {
            QemuMigrationJob job;
            synchronized (d) {
                job = d.migration;
            }
            if (job != null && job.owner == connection && job.direction == QemuMigrationJob.Direction.OUT
                    && !job.transferring) {
                confirm(d, job.flags, true);
            }
        }
    }

    // ---- the job ----------------------------------------------------------------------------------

    /** virDomainAbortJob: cancels the transfer; perform then fails with OPERATION_ABORTED and the guest runs on. */
    void abort(QemuDomainObject d) {
        QemuMigrationJob job;
        synchronized (d) {
            job = d.migration;
        }
        if (job == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "no job is active on the domain");
        }
        if (job.direction == QemuMigrationJob.Direction.IN) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "cannot abort incoming migration; use virDomainDestroy instead");
        }
        if (!job.transferring) {
            // begun, not yet performing: QEMU has nothing to cancel (the caller's confirm or close ends the job)
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                    "no migration transfer of domain '" + d.name() + "' is running to abort");
        }
        monitor(d, job.run).execute("migrate_cancel", null, settings.monitorTimeout());
    }

    private QemuMigrationJob job(QemuDomainObject d) {
        synchronized (d) {
            QemuMigrationJob job = d.migration;
            if (job == null || job.direction != QemuMigrationJob.Direction.OUT || job.performed) {
                throw notMigrating(d);
            }
            return job;
        }
    }

    private static VirtException notMigrating(QemuDomainObject d) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                "domain '" + d.name() + "' is not processing outgoing migration");
    }

    private static DomainDefinition liveDef(QemuDomainObject d, Run run) {
        synchronized (d) {
            return run.liveDef;
        }
    }

    static QmpClient monitor(QemuDomainObject d, Run run) {
        synchronized (d) {
            if (run == null || run.finished || d.run != run) {
                throw DomainErrors.notRunning();
            }
        }
        QmpClient qmp = run.qmp;
        if (qmp == null || !qmp.isConnected()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return qmp;
    }

    static long bits(MigrateFlag... flags) {
        long b = 0;
        for (MigrateFlag f : flags) {
            b |= f.bit();
        }
        return b;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "migration interrupted", e);
        }
    }
}
