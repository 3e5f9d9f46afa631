package io.virtkit.qemu.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.DomainObjectList;
import io.virtkit.qemu.internal.QemuDomainObject.Migrating;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.QemuDomainObject.StopRequest;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * The destination side of a migration (libvirt's {@code qemuMigrationDst*}): prepare starts QEMU paused with
 * {@code -incoming defer} and lets it listen ({@code migrate-incoming}) on an address the source reaches; finish
 * waits for the incoming state to be complete and lets the guest run (or, cancelled or failed, kills that QEMU and
 * removes everything prepare made). An offline migration (OFFLINE + PERSIST_DEST) only defines the domain.
 *
 * <p>Until finish the domain is transient and PAUSED/MIGRATION, owned by the connection that prepared it (closing
 * it kills the incoming QEMU) and watched: should the source not connect within the prepare timeout, it goes too.
 */
final class QemuMigrationDestination {

    private static final System.Logger LOG = System.getLogger(QemuMigrationDestination.class.getName());
    private static final Duration POLL = Duration.ofMillis(50);

    private final QemuState state;
    private final QemuDriverSettings settings;
    private final QemuMigrationPorts ports;
    /** Offline migrations prepared and not yet finished: their definitions by name. */
    private final java.util.Map<String, DomainDefinition> pendingOffline = new java.util.concurrent.ConcurrentHashMap<>();

    QemuMigrationDestination(QemuState state) {
        this.state = state;
        this.settings = state.settings();
        this.ports = new QemuMigrationPorts(settings.migration().portMin(), settings.migration().portMax());
    }

    // ---- prepare ----------------------------------------------------------------------------------

    /** virDomainMigratePrepare3Params; {@code caller} owns the incoming domain until finish. */
    MigrationPrepared prepare(MigrationParams params, byte[] cookieBytes, long flags, QemuConnection caller) {
        Set<MigrateFlag> set = QemuMigrationSource.checkFlags(flags, "qemuDomainMigratePrepare3Params");
        QemuMigrationCookie cookie = QemuMigrationCookie.parse(cookieBytes, settings.migration().hostUuid());
        DomainDefinition def = incomingDefinition(params, cookie);
        byte[] reply = reply(def).toBytes();
        if (set.contains(MigrateFlag.OFFLINE)) {
            return prepareOffline(params, cookie, def, reply);
        }
        QemuMigrationUris.Address address = address(params);
        String bind = params.listenAddress() != null ? params.listenAddress() : address.host();
        int port = address.port();
        if (port == 0) {
            port = ports.acquire();
        } else if (!ports.hold(port)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "port " + port + " is already used by another incoming migration");
        }
        DomainObjectList.Reserved<QemuDomainObject> reserved;
        try {
            reserved = state.domains().reserveForCreate(def, x -> state.newRecord(x, false));
        } catch (RuntimeException e) {
            ports.release(port);
            throw e;
        }
        QemuDomainObject d = reserved.domain();
        try {
            QemuMigrationJob job = startIncoming(d, def, set, caller, port);
            QmpClient qmp = QemuMigrationSource.monitor(d, job.run);
            // late-block-activate (as libvirt): the disks' images are activated, and their write locks taken, only
            // at finish's cont, so while the source may still take the guest back (finish never comes, confirm
            // cancels) this QEMU keeps its hands off the images and the source's cont can lock them again
            qmp.execute("migrate-set-capabilities", Map.of("capabilities",
                    List.of(QemuMigrationSource.capability("events", true),
                            QemuMigrationSource.capability("late-block-activate", true))), settings.monitorTimeout());
            qmp.execute("migrate-incoming", Map.of("uri", new QemuMigrationUris.Address(bind, port).qemu()),
                    settings.monitorTimeout());
            watchForArrival(d, job);
        } catch (RuntimeException e) {
            state.process().stopForMigration(d, StopRequest.FAILED);
            endJob(d); // when QEMU never ran
            ports.release(port);
            if (reserved.added()) {
                state.domains().dropIfUnused(d);
            }
            throw e;
        }
        return new MigrationPrepared(new QemuMigrationUris.Address(address.host(), port).qemu(), reply);
    }

    /**
     * An offline migration's prepare: no QEMU; the definition (the source's persistent one from the cookie, else the
     * XML) waits under its name for finish, which libvirt's callers send without a cookie. The URI handed back is
     * never used (nothing is sent) but libvirt's callers want one.
     */
    private MigrationPrepared prepareOffline(MigrationParams params, QemuMigrationCookie cookie, DomainDefinition def,
            byte[] reply) {
        state.domains().rejectClash(def.uuid(), def.name());
        DomainDefinition persistent = def;
        if (cookie.persistentXml() != null) {
            persistent = QemuState.prepare(DomainXmlCodec.parse(cookie.persistentXml())).withName(def.name());
        }
        pendingOffline.put(def.name(), persistent);
        String host = params.uri() != null ? QemuMigrationUris.parse(params.uri()).host()
                : settings.migration().host() != null ? settings.migration().host() : state.hostname();
        return new MigrationPrepared("tcp:" + (host.contains(":") ? "[" + host + "]" : host), reply);
    }

    /** The XML to run (the caller's destination XML, else the source's from the cookie), renamed if asked. */
    private DomainDefinition incomingDefinition(MigrationParams params, QemuMigrationCookie cookie) {
        String xml = params.destinationXml() != null ? params.destinationXml() : cookie.domainXml();
        if (xml == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "no domain XML passed");
        }
        DomainDefinition def = QemuState.prepare(DomainXmlCodec.parse(xml));
        if (!def.uuid().equals(cookie.uuid())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "Incoming cookie data had unexpected UUID " + cookie.uuid() + " vs " + def.uuid());
        }
        if (params.destinationName() != null && !params.destinationName().isBlank()) {
            def = def.withName(params.destinationName());
        }
        return def;
    }

    /** Where QEMU listens: the caller's {@code migrate_uri}, else the configured {@code migrationHost}. */
    private QemuMigrationUris.Address address(MigrationParams params) {
        if (params.uri() != null) {
            return QemuMigrationUris.parse(params.uri());
        }
        String host = settings.migration().host();
        if (host == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "no address to listen on for the incoming migration: give migrate_uri, or set migrationHost "
                            + "in the QEMU driver's configuration");
        }
        return new QemuMigrationUris.Address(host, 0);
    }

    private QemuMigrationJob startIncoming(QemuDomainObject d, DomainDefinition def, Set<MigrateFlag> flags,
            QemuConnection caller, int port) {
        try (DomainJobs.Job start = d.jobs.begin(DomainJobs.Kind.MODIFY, "qemuDomainMigratePrepare3Params")) {
            synchronized (d) {
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "domain '" + d.name() + "' is already active");
                }
            }
            state.process().launch(d, def, caller, Set.of(), true);
        }
        DomainJobs.Async async = d.jobs.beginAsync("migration in", DomainJobs.DEFAULT_NESTED);
        synchronized (d) {
            QemuMigrationJob job = new QemuMigrationJob(QemuMigrationJob.Direction.IN, d.run, flags, async);
            job.port = port;
            d.migration = job;
            return job;
        }
    }

    private QemuDomainObject byName(String name) {
        if (name == null) {
            return null;
        }
        try {
            return state.domains().lookupByName(name);
        } catch (VirtException e) {
            return null;
        }
    }

    /** Kills the incoming QEMU when the source has not connected within the prepare timeout. */
    private void watchForArrival(QemuDomainObject d, QemuMigrationJob job) {
        Duration timeout = settings.migration().prepareTimeout();
        state.background().execute(() -> {
            try {
                while (!job.awaitEnd(timeout)) {
                    String status = status(d, job);
                    if (status == null) {
                        return;
                    }
                    if (status.equals("none") || status.equals("setup") || status.equals("failed")) {
                        LOG.log(Level.WARNING, "incoming migration of domain '" + d.name() + "' did not arrive within "
                                + timeout.toSeconds() + " s: its QEMU is stopped");
                        fail(d, job);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private String status(QemuDomainObject d, QemuMigrationJob job) {
        try {
            return QemuMigrationSource.monitor(d, job.run).execute("query-migrate", null, settings.monitorTimeout())
                    .path("status").asText("none");
        } catch (RuntimeException e) {
            return null; // gone meanwhile
        }
    }

    // ---- finish -----------------------------------------------------------------------------------

    /**
     * virDomainMigrateFinish3Params: with {@code cancelled} false waits until QEMU has the whole guest, then lets it
     * run (RUNNING/MIGRATED, RESUMED/MIGRATED) unless PAUSED, and defines it with PERSIST_DEST. Cancelled: the
     * incoming QEMU is killed and everything prepare made removed; the result then names no domain. A failure does
     * the same and is thrown.
     */
    MigrationFinish finish(MigrationParams params, byte[] cookieBytes, long flags, boolean cancelled) {
        Set<MigrateFlag> set = QemuMigrationSource.checkFlags(flags, "qemuDomainMigrateFinish3Params");
        if (set.contains(MigrateFlag.OFFLINE)) {
            return finishOffline(params, cookieBytes, cancelled);
        }
        // libvirt's callers send no cookie after a failed perform: the domain is then found by its name
        // the same-host check was prepare's: a caller may hand finish prepare's own cookie back
        QemuMigrationCookie cookie = cookieBytes == null || cookieBytes.length == 0 ? null
                : QemuMigrationCookie.parse(cookieBytes, null);
        String name = params.destinationName() != null ? params.destinationName()
                : cookie != null ? cookie.name() : null;
        QemuDomainObject d = cookie != null ? state.domains().get(cookie.uuid()) : byName(name);
        QemuMigrationJob job = null;
        if (d != null) {
            synchronized (d) {
                job = d.migration;
            }
        }
        byte[] reply = d != null ? reply(d.definition()).toBytes() : cookie != null ? reply(cookie).toBytes()
                : new byte[0];
        if (job == null || job.direction != QemuMigrationJob.Direction.IN) {
            if (cancelled) {
                return new MigrationFinish(null, reply); // nothing (left) to undo
            }
            if (d != null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                        "domain '" + d.name() + "' is not processing incoming migration");
            }
            throw cookie != null ? DomainErrors.noDomainWithUuid(ErrorDomain.QEMU, cookie.uuid(), cookie.name())
                    : DomainErrors.noDomainWithName(ErrorDomain.QEMU, String.valueOf(name));
        }
        if (cancelled) {
            fail(d, job);
            return new MigrationFinish(null, reply);
        }
        try {
            Run run = job.run;
            QmpClient qmp = QemuMigrationSource.monitor(d, run);
            JsonNode done = awaitComplete(d, job, qmp);
            // the source let go of the disks at its switchover; busy (it did not): the finish fails, it runs on
            state.renewLeases(d, run);
            if (set.contains(MigrateFlag.PERSIST_DEST)) {
                String xml = params.persistentXml() != null ? params.persistentXml()
                        : cookie != null ? cookie.persistentXml() : null;
                DomainDefinition persistent;
                synchronized (d) {
                    persistent = xml != null ? QemuState.prepare(DomainXmlCodec.parse(xml)) : run.liveDef;
                }
                if (!persistent.name().equals(d.name())) {
                    persistent = persistent.withName(d.name());
                }
                state.domains().define(persistent, state.configDir(), x -> state.newRecord(x, true), state::emit);
            }
            boolean paused = set.contains(MigrateFlag.PAUSED);
            if (!paused) {
                qmp.execute("cont", null, settings.monitorTimeout());
            }
            synchronized (d) {
                run.migrating = Migrating.NONE;
                run.autodestroyOwner = null;
                d.completedJob = job.stats(done, DomainJobType.COMPLETED);
                if (run.finished || d.run != run) {
                    throw DomainErrors.notRunning();
                }
                state.setState(d, run, paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_MIGRATED,
                        paused ? DomainEventDetail.SUSPENDED_PAUSED : DomainEventDetail.RESUMED_MIGRATED);
            }
            endJob(d);
            return new MigrationFinish(new DomainRef(d.name(), d.uuid(), d.id()), reply);
        } catch (RuntimeException e) {
            fail(d, job);
            throw e;
        }
    }

    /** Defines what an offline prepare kept (the caller's persistent XML instead, when given). */
    private MigrationFinish finishOffline(MigrationParams params, byte[] cookieBytes, boolean cancelled) {
        QemuMigrationCookie cookie = cookieBytes == null || cookieBytes.length == 0 ? null
                : QemuMigrationCookie.parse(cookieBytes, null);
        String name = params.destinationName() != null ? params.destinationName()
                : cookie != null ? cookie.name() : null;
        if (name == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "missing domain name for finish");
        }
        DomainDefinition kept = pendingOffline.remove(name);
        byte[] reply = QemuMigrationCookie.reply(name, kept != null ? kept.uuid() : cookie != null ? cookie.uuid()
                : new java.util.UUID(0, 0), state.hostname(), settings.migration().hostUuid()).toBytes();
        if (cancelled) {
            return new MigrationFinish(null, reply);
        }
        String xml;
        if (params.persistentXml() != null) {
            xml = DomainXmlCodec.format(DomainXmlCodec.parse(params.persistentXml()).withName(name), XmlFlag.SECURE);
        } else if (kept != null) {
            xml = DomainXmlCodec.format(kept, XmlFlag.SECURE);
        } else {
            throw DomainErrors.noDomainWithName(ErrorDomain.QEMU, name);
        }
        QemuDomainObject d = state.define(xml);
        return new MigrationFinish(new DomainRef(d.name(), d.uuid(), d.id()), reply);
    }

    /** Waits until QEMU reports the incoming migration complete (the source has already sent everything). */
    private JsonNode awaitComplete(QemuDomainObject d, QemuMigrationJob job, QmpClient qmp) {
        long deadline = System.nanoTime() + Math.max(settings.jobTimeout().toNanos(), Duration.ofSeconds(60).toNanos());
        while (true) {
            JsonNode status = qmp.execute("query-migrate", null, settings.monitorTimeout());
            String s = status.path("status").asText("none");
            if (s.equals("completed")) {
                return status;
            }
            if (s.equals("failed") || s.equals("cancelled")) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, job.direction.jobName + ": "
                        + status.path("error-desc").asText("unexpectedly failed"));
            }
            if (System.nanoTime() > deadline) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                        job.direction.jobName + ": the incoming migration did not complete");
            }
            QemuMigrationSource.sleep(POLL);
        }
    }

    /** The incoming migration is over without a guest: its QEMU killed (SHUTOFF/FAILED), its port and job freed. */
    private void fail(QemuDomainObject d, QemuMigrationJob job) {
        synchronized (d) {
            if (d.migration != job) {
                return; // ended already (finish, a timeout, the owner's connection closing)
            }
        }
        state.process().stopForMigration(d, StopRequest.FAILED);
        endJob(d);
    }

    /**
     * Called when a run ends or its incoming migration does (holding nothing, or {@code d}'s monitor): the port
     * and the job go.
     */
    void endJob(QemuDomainObject d) {
        QemuMigrationJob job;
        synchronized (d) {
            job = d.migration;
            if (job == null || job.direction != QemuMigrationJob.Direction.IN) {
                return;
            }
            d.migration = null;
        }
        if (job.port > 0) {
            ports.release(job.port);
        }
        job.release();
    }

    private QemuMigrationCookie reply(DomainDefinition def) {
        return QemuMigrationCookie.reply(def.name(), def.uuid(), state.hostname(), settings.migration().hostUuid());
    }

    private QemuMigrationCookie reply(QemuMigrationCookie incoming) {
        return QemuMigrationCookie.reply(incoming.name(), incoming.uuid(), state.hostname(),
                settings.migration().hostUuid());
    }
}
