package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;

/**
 * virsh's {@code domjobinfo} layout of a job: the labels, their order, units and column widths of virsh 9's
 * cmdDomjobinfo (a 17-column label, then the value), each statistic printed only when the driver gave it. The
 * amounts (data, memory, file) are libvirt's {@code virDomainJobInfo} ones, from the statistics' fields of the same
 * names where there are statistics.
 */
final class JobInfoReport {

    /** libvirt's {@code virDomainJobOperation} words as virsh prints them, by number. */
    private static final String[] OPERATIONS = {"Unknown", "Start", "Save", "Restore", "Incoming migration",
        "Outgoing migration", "Snapshot", "Snapshot revert", "Dump", "Backup", "Snapshot delete"};

    private final DomainJobInfo info;
    private final Map<String, Object> fields;
    private final boolean completed;

    private JobInfoReport(DomainJobInfo info, Map<String, Object> fields, boolean completed) {
        this.info = info;
        this.fields = fields;
        this.completed = completed;
    }

    /** A report of a driver's plain job info (no statistics: no operation, no bandwidth). */
    static JobInfoReport of(DomainJobInfo info) {
        return new JobInfoReport(info, Map.of(), false);
    }

    /** A report of a job's statistics; {@code completed}: the last completed job was asked for. */
    static JobInfoReport of(DomainJobStats stats, boolean completed) {
        Map<String, Object> f = stats.fields();
        DomainJobInfo info = new DomainJobInfo(stats.type(), number(f, "time_elapsed"), number(f, "time_remaining"),
                number(f, "data_total"), number(f, "data_processed"), number(f, "data_remaining"),
                number(f, "memory_total"), number(f, "memory_processed"), number(f, "memory_remaining"),
                number(f, "disk_total"), number(f, "disk_processed"), number(f, "disk_remaining"));
        return new JobInfoReport(info, f, completed);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-17s %-12s", "Job type:", info.type().label()));
        DomainJobType type = info.type();
        if (type != DomainJobType.BOUNDED && type != DomainJobType.UNBOUNDED
                && !(completed && type == DomainJobType.COMPLETED)) {
            return out; // no job, or one whose statistics virsh shows only with --anystats
        }
        int operation = (int) number(fields, "operation");
        out.add(String.format(Locale.ROOT, "%-17s %-12s", "Operation:",
                operation >= 0 && operation < OPERATIONS.length ? OPERATIONS[operation] : OPERATIONS[0]));
        out.add(millis("Time elapsed:", info.timeElapsedMs()));
        ifGiven(out, "time_elapsed_net", v -> millis("Time elapsed w/o network:", v));
        if (type == DomainJobType.BOUNDED) {
            out.add(millis("Time remaining:", info.timeRemainingMs()));
        }
        if (info.dataTotal() != 0 || info.dataRemaining() != 0 || info.dataProcessed() != 0) {
            out.add(size("Data processed:", info.dataProcessed()));
            out.add(size("Data remaining:", info.dataRemaining()));
            out.add(size("Data total:", info.dataTotal()));
        }
        if (info.memTotal() != 0 || info.memRemaining() != 0 || info.memProcessed() != 0) {
            out.add(size("Memory processed:", info.memProcessed()));
            out.add(size("Memory remaining:", info.memRemaining()));
            out.add(size("Memory total:", info.memTotal()));
        }
        ifNonZero(out, "memory_bps", v -> size("Memory bandwidth:", v) + "/s");
        ifGiven(out, "memory_dirty_rate", v -> count("Dirty rate:", v, 12) + " pages/s");
        ifGiven(out, "memory_page_size", v -> count("Page size:", v, 12) + " bytes");
        ifGiven(out, "memory_iteration", v -> count("Iteration:", v, 12));
        ifGiven(out, "memory_postcopy_requests", v -> count("Postcopy requests:", v, 12));
        if (info.fileTotal() != 0 || info.fileRemaining() != 0 || info.fileProcessed() != 0) {
            out.add(size("File processed:", info.fileProcessed()));
            out.add(size("File remaining:", info.fileRemaining()));
            out.add(size("File total:", info.fileTotal()));
        }
        ifNonZero(out, "disk_bps", v -> size("File bandwidth:", v) + "/s");
        ifGiven(out, "memory_constant", v -> count("Constant pages:", v, 12));
        ifGiven(out, "memory_normal", v -> count("Normal pages:", v, 12));
        ifGiven(out, "memory_normal_bytes", v -> size("Normal data:", v));
        ifGiven(out, "downtime", v -> millis(completed ? "Total downtime:" : "Expected downtime:", v));
        ifGiven(out, "downtime_net", v -> millis("Downtime w/o network:", v));
        ifGiven(out, "setup_time", v -> millis("Setup time:", v));
        ifGiven(out, "compression_cache", v -> size("Compression cache:", v));
        ifGiven(out, "compression_bytes", v -> size("Compressed data:", v));
        ifGiven(out, "compression_pages", v -> count("Compressed pages:", v, 13));
        ifGiven(out, "compression_cache_misses", v -> count("Compression cache misses:", v, 13));
        ifGiven(out, "compression_overflow", v -> count("Compression overflows:", v, 13));
        ifGiven(out, "auto_converge_throttle", v -> count("Auto converge throttle:", v, 13));
        ifGiven(out, "disk_temp_used", v -> size("Temporary disk space use:", v));
        ifGiven(out, "disk_temp_total", v -> size("Temporary disk space total:", v));
        if (fields.get("errmsg") instanceof String message) {
            out.add(String.format(Locale.ROOT, "%-17s %s", "Error message:", message));
        }
        return out;
    }

    private void ifGiven(List<String> out, String name, LongFunction<String> line) {
        if (fields.get(name) instanceof Number n) {
            out.add(line.apply(n.longValue()));
        }
    }

    /** virsh prints these only when they are not 0. */
    private void ifNonZero(List<String> out, String name, LongFunction<String> line) {
        if (fields.get(name) instanceof Number n && n.longValue() != 0) {
            out.add(line.apply(n.longValue()));
        }
    }

    private static long number(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof Number n ? n.longValue() : 0;
    }

    private static String millis(String label, long ms) {
        return String.format(Locale.ROOT, "%-17s %-12s ms", label, Long.toUnsignedString(ms));
    }

    private static String size(String label, long bytes) {
        return String.format(Locale.ROOT, "%-17s %s", label, VirshSize.format(bytes, 3));
    }

    private static String count(String label, long value, int width) {
        return String.format(Locale.ROOT, "%-17s %-" + width + "s", label, Long.toUnsignedString(value));
    }
}
