package io.virtkit.qemu.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.MigrateFlag;
import io.virtkit.support.DomainJobs;

/**
 * One migration of a domain, libvirt's migration async job: on the source from begin to confirm, on the
 * destination from prepare to finish. It holds the domain's async job (only queries and destroy run beside it) and
 * turns QEMU's {@code query-migrate} into libvirt's job info and statistics ({@code qemuDomainJobDataToInfo},
 * {@code qemuDomainMigrationJobDataToParams}).
 */
final class QemuMigrationJob {

    /** Which end of the migration this host is, with libvirt's job operation and job name. */
    enum Direction {
        OUT(DomainJobStats.OPERATION_MIGRATION_OUT, "migration out job"),
        IN(DomainJobStats.OPERATION_MIGRATION_IN, "migration in job");

        final int operation;
        final String jobName;

        Direction(int operation, String jobName) {
            this.operation = operation;
            this.jobName = jobName;
        }
    }

    final Direction direction;
    final QemuDomainObject.Run run;
    final Set<MigrateFlag> flags;
    private final DomainJobs.Async async;
    private final long startNanos = System.nanoTime();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    /** The source's data transfer runs (perform): abort has something to cancel. */
    volatile boolean transferring;
    /** The source's perform completed: confirm may stop the source. */
    volatile boolean performed;
    /** The source's guest ran when the transfer began: a cancelled migration lets it run again. */
    volatile boolean wasRunning;
    /** The connection that began an outgoing migration (its close cancels one not yet transferring), or null. */
    volatile QemuConnection owner;
    /** The destination's listening port, or -1. */
    volatile int port = -1;

    QemuMigrationJob(Direction direction, QemuDomainObject.Run run, Set<MigrateFlag> flags, DomainJobs.Async async) {
        this.direction = direction;
        this.run = run;
        this.flags = flags;
        this.async = async;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Ends the domain's async job (idempotent). */
    void release() {
        async.close();
        ended.countDown();
    }

    /** Whether the job ended within {@code timeout}. */
    boolean awaitEnd(java.time.Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** virDomainGetJobInfo from a {@code query-migrate} answer (null: nothing known yet). */
    DomainJobInfo info(JsonNode migrate) {
        JsonNode ram = migrate == null ? null : migrate.path("ram");
        long total = ram == null ? 0 : ram.path("total").asLong();
        long processed = ram == null ? 0 : ram.path("transferred").asLong();
        long remaining = ram == null ? 0 : ram.path("remaining").asLong();
        return new DomainJobInfo(DomainJobType.UNBOUNDED, elapsedMillis(), 0, total, processed, remaining, total,
                processed, remaining, 0, 0, 0);
    }

    /** virDomainGetJobStats during the job (UNBOUNDED) or, {@code completedType}, of its end. */
    DomainJobStats stats(JsonNode migrate, DomainJobType type) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("operation", direction.operation);
        long elapsed = type == DomainJobType.COMPLETED && migrate != null && migrate.has("total-time")
                ? migrate.path("total-time").asLong() : elapsedMillis();
        f.put("time_elapsed", elapsed);
        if (migrate != null) {
            if (migrate.has("downtime")) {
                f.put("downtime", migrate.path("downtime").asLong());
            } else if (migrate.has("expected-downtime") && type != DomainJobType.COMPLETED) {
                f.put("downtime", migrate.path("expected-downtime").asLong());
            }
            if (migrate.has("setup-time")) {
                f.put("setup_time", migrate.path("setup-time").asLong());
            }
            JsonNode ram = migrate.path("ram");
            if (ram.isObject()) {
                f.put("data_total", ram.path("total").asLong());
                f.put("data_processed", ram.path("transferred").asLong());
                f.put("data_remaining", ram.path("remaining").asLong());
                f.put("memory_total", ram.path("total").asLong());
                f.put("memory_processed", ram.path("transferred").asLong());
                f.put("memory_remaining", ram.path("remaining").asLong());
                f.put("memory_constant", ram.path("duplicate").asLong());
                f.put("memory_normal", ram.path("normal").asLong());
                f.put("memory_normal_bytes", ram.path("normal-bytes").asLong());
                // QEMU gives megabits per second; libvirt's figure is bytes per second
                f.put("memory_bps", (long) (ram.path("mbps").asDouble() * 1_000_000 / 8));
                f.put("memory_dirty_rate", ram.path("dirty-pages-rate").asLong());
                f.put("memory_page_size", ram.path("page-size").asLong());
                f.put("memory_iteration", ram.path("dirty-sync-count").asLong());
            }
            if (migrate.has("cpu-throttle-percentage")) {
                f.put("auto_converge_throttle", migrate.path("cpu-throttle-percentage").asInt());
            }
        }
        if (type == DomainJobType.COMPLETED) {
            f.put("success", true);
        }
        return new DomainJobStats(type, f);
    }
}
