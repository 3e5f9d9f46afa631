package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.DomainJobs;
import io.virtkit.support.JobDomainRecord;
import io.virtkit.support.GuestRun;
import io.virtkit.support.process.PidFd;
import io.virtkit.support.process.HostProcesses;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * One domain of a {@link QemuState}, libvirt's {@code virDomainObj}: the record every driver keeps, plus
 * the QEMU process. Its monitor ({@code synchronized}) guards the fields (and the record's definition) and
 * is held only for short, non-blocking changes (QMP events come in under it); {@link #jobs} serialises
 * modifications (queries run beside them) and is the only thing held while waiting for QEMU; the
 * activation gate is {@link JobDomainRecord}'s. The definition is the persistent one (or a
 * transient domain's own); runtime values live in {@link Run#liveDef}.
 */
final class QemuDomainObject extends JobDomainRecord {

    /** The domain's jobs ({@link #jobs()}, libvirt's job object); begun before, never while holding, the monitor. */
    final DomainJobs jobs;

    /** The QEMU process while active, else null. */
    Run run; // guarded by this

    /** The migration under way (out from begin to confirm, in from prepare to finish), else null. */
    QemuMigrationJob migration; // guarded by this

    /** The statistics of the last migration that completed here (virDomainGetJobStats COMPLETED), or null. */
    io.virtkit.api.DomainJobStats completedJob; // guarded by this

    /** @param jobWait how long a job waits for a conflicting one (libvirt's state change lock timeout) */
    QemuDomainObject(DomainDefinition def, boolean persistent, Duration jobWait) {
        super(def, persistent, jobWait);
        this.jobs = jobs();
    }

    /** Why the process is going away, as asked by an operation. */
    enum StopRequest {
        NONE, DESTROY, CRASH,
        /** The guest runs on the destination now: the source's QEMU ends (SHUTOFF/MIGRATED). */
        MIGRATED,
        /** An incoming migration failed or was cancelled: the destination's QEMU ends (SHUTOFF/FAILED). */
        FAILED
    }

    /** Which way a run takes part in a migration: its STOP and RESUME events are the migration's. */
    enum Migrating {
        NONE, OUT, IN
    }

    /** One QEMU process of this domain: everything that lives from a start to the matching stop. */
    static final class Run implements GuestRun<QemuConnection> {
        final int id;
        final ProcessHandle process;
        /**
         * The process through a pidfd when it is not our child (a guest reconnected after a restart): its pid
         * could be reused once it has ended, and only a pidfd keeps signals and the exit watch on it. Null for
         * a QEMU this instance launched: the JDK reaps its own children, so their pid stays theirs until the
         * exit is seen.
         */
        final PidFd pidfd;
        final Instant startTime;
        final Path monitor;
        /** The definition the process runs, with runtime values (pty paths, VNC port). Guarded by the domain. */
        DomainDefinition liveDef;
        volatile QmpClient qmp;
        /**
         * The connection that started it with AUTODESTROY, or null; an incoming migration belongs to the connection
         * that prepared it until it finishes (libvirt's close callback on the destination).
         */
        volatile QemuConnection autodestroyOwner;
        // the rest guarded by the domain object's monitor
        boolean starting;
        boolean finished;
        /** QMP closed by us (driver going away): not a sign that QEMU exited. */
        volatile boolean detached;
        StopRequest stopRequest = StopRequest.NONE;
        boolean shutdownSeen;
        boolean userPause;
        boolean ioError;
        Migrating migrating = Migrating.NONE;
        /** Device ids QEMU reported DEVICE_DELETED for, while a detach waits for them. */
        final java.util.Set<String> deletedDevices = new java.util.HashSet<>();

        Run(int id, ProcessHandle process, Instant startTime, Path monitor, DomainDefinition liveDef,
                QemuConnection autodestroyOwner, boolean starting) {
            this(id, process, null, startTime, monitor, liveDef, autodestroyOwner, starting);
        }

        Run(int id, ProcessHandle process, PidFd pidfd, Instant startTime, Path monitor, DomainDefinition liveDef,
                QemuConnection autodestroyOwner, boolean starting) {
            this.id = id;
            this.process = process;
            this.pidfd = pidfd;
            this.startTime = startTime;
            this.monitor = monitor;
            this.liveDef = liveDef;
            this.autodestroyOwner = autodestroyOwner;
            this.starting = starting;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public DomainDefinition liveDefinition() {
            return liveDef;
        }

        @Override
        public QemuConnection autodestroyOwner() {
            return autodestroyOwner;
        }

        /** SIGTERM, or SIGKILL when {@code kill}: through the pidfd when there is one. */
        void signal(boolean kill) {
            if (pidfd != null) {
                pidfd.signal(kill ? PidFd.SIGKILL : PidFd.SIGTERM);
            } else if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        }

        /** Whether the process ended within {@code timeout} (a zombie counts as ended). */
        boolean awaitExit(Duration timeout) {
            return pidfd != null ? pidfd.awaitExit(timeout) : HostProcesses.await(process, timeout);
        }
    }
}
