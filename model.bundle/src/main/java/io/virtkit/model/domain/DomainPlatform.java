package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/**
 * The guest platform settings outside {@code <os>} and {@code <devices>}: the VM generation ID, the host
 * bootloader (Xen), what happens on a lock failure, power management and performance events.
 *
 * @param genid          {@code <genid>}: a GUID, empty for one libvirt generates, {@code null} without the element
 * @param bootloader     {@code <bootloader>} (empty: the element without a path), or {@code null}
 * @param bootloaderArgs {@code <bootloader_args>}, or {@code null}
 * @param onLockfailure  {@code <on_lockfailure>}: {@code poweroff}, {@code restart}, {@code pause} or
 *                       {@code ignore}, or {@code null}
 * @param suspendToMem   {@code <pm><suspend-to-mem enabled>}, or {@code null}
 * @param suspendToDisk  {@code <pm><suspend-to-disk enabled>}, or {@code null}
 * @param perfEvents     {@code <perf><event>}s in document order
 */
public record DomainPlatform(String genid, String bootloader, String bootloaderArgs, String onLockfailure,
        Boolean suspendToMem, Boolean suspendToDisk, List<PerfEvent> perfEvents) {

    /** The values of {@code <on_lockfailure>}. */
    public static final List<String> LOCK_FAILURE_ACTIONS = List.of("poweroff", "restart", "pause", "ignore");

    /** The perf events libvirt 9.0 knows. */
    public static final List<String> PERF_EVENTS = List.of("cmt", "mbmt", "mbml", "cpu_cycles", "instructions",
            "cache_references", "cache_misses", "branch_instructions", "branch_misses", "bus_cycles",
            "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock", "task_clock",
            "page_faults", "context_switches", "cpu_migrations", "page_faults_min", "page_faults_maj",
            "alignment_faults", "emulation_faults");

    public DomainPlatform {
        if (onLockfailure != null && !LOCK_FAILURE_ACTIONS.contains(onLockfailure)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "unknown lock failure action: " + onLockfailure);
        }
        perfEvents = perfEvents == null ? List.of() : List.copyOf(perfEvents);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(new DomainPlatform(null, null, null, null, null, null, null));
    }

    /** One {@code <perf><event name enabled/>}. */
    public record PerfEvent(String name, boolean enabled) {
        public PerfEvent {
            if (!PERF_EVENTS.contains(name)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "unknown perf event '" + name + "'");
            }
        }
    }
}
