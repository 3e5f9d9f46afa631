package io.virtkit.qemu.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.MemballoonDevice;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.support.DomainResources;

/**
 * Memory and vCPU counts of a QEMU domain (libvirt's {@code qemuDomainSetMemoryFlags}, {@code SetVcpusFlags},
 * {@code GetVcpusFlags}): the persistent definition is changed and saved; the running domain's memory through the
 * virtio balloon (QMP {@code balloon}; the live current memory follows QEMU's BALLOON_CHANGE, as libvirt's); live
 * vCPUs are added by hotplug ({@code device_add} of QEMU's free CPU slots), not removed (no unplug). Changes run as a
 * {@link QemuDefinitionJob}, as device changes do.
 */
final class QemuResources {

    private final QemuState state;

    QemuResources(QemuState state) {
        this.state = state;
    }

    /** virDomainSetMemoryFlags: the balloon (live, config) or with MAXIMUM the persistent memory. */
    void setMemory(QemuDomainObject d, long kib, long flags) {
        boolean maximum = (flags & MemoryModFlag.MAXIMUM.bit()) != 0;
        inJob(d, "virDomainSetMemoryFlags", flags, (run, persistentDef, impact) -> {
            DomainDefinition live = impact.live() ? liveDef(d, run) : null;
            DomainDefinition config = impact.config() ? persistentDef : null;
            if (maximum) {
                if (live != null) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "cannot resize the maximum memory on an active domain");
                }
                if (config.cpu() != null && !config.cpu().cells().isEmpty()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "initial memory size of a domain with NUMA nodes cannot be modified with this API");
                }
                if (config.maxMemory() != null && config.maxMemory().kib() > 0 && config.maxMemory().kib() < kib) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                            "cannot set initial memory size greater than the maximum memory size");
                }
                return DomainResources.withMaxMemory(config, kib);
            }
            long max = Math.min(live == null ? Long.MAX_VALUE : live.memoryKiB(),
                    config == null ? Long.MAX_VALUE : config.memoryKiB());
            if (kib > max) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "cannot set memory higher than max memory");
            }
            if (live != null) {
                balloon(run, live, kib);
            }
            return config == null ? null : DomainResources.withCurrentMemory(config, kib);
        });
    }

    /** virDomainSetVcpusFlags: the enabled count, or with MAXIMUM the maximum, of the persistent definition. */
    void setVcpus(QemuDomainObject d, int count, long flags) {
        boolean maximum = (flags & VcpuFlag.MAXIMUM.bit()) != 0;
        inJob(d, "virDomainSetVcpusFlags", flags, (run, persistentDef, impact) -> {
            DomainDefinition live = impact.live() ? liveDef(d, run) : null;
            DomainDefinition config = impact.config() ? persistentDef : null;
            if (maximum) {
                if (live != null) {
                    throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                            "maximum vcpu count of a live domain can't be modified");
                }
                checkTopology(config, count);
                return DomainResources.withMaxVcpus(config, count);
            }
            if (live != null && Integer.compareUnsigned(count, live.vcpus()) > 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "requested vcpus is greater than max allowable vcpus for the live domain: "
                                + Integer.toUnsignedString(count) + " > " + live.vcpus());
            }
            if (config != null && Integer.compareUnsigned(count, config.vcpus()) > 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "requested vcpus is greater than max allowable vcpus for the persistent domain: "
                                + Integer.toUnsignedString(count) + " > " + config.vcpus());
            }
            if (live != null) {
                int present = DomainResources.currentVcpus(live);
                if (count < present) {
                    throw new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.QEMU,
                            "removing vCPUs from a running domain (vCPU unplug) is not supported");
                }
                if (count > present) {
                    plugVcpus(d, run, present, count);
                }
            }
            return config == null ? null : DomainResources.withCurrentVcpus(config, count);
        });
    }

    /** virDomainGetVcpusFlags: the enabled count, or the maximum, of the live or the persistent definition. */
    int vcpus(QemuDomainObject d, long flags) {
        Run run;
        DomainDefinition def;
        synchronized (d) {
            run = d.run != null && !d.run.finished ? d.run : null;
            DomainResources.Impact impact = DomainResources.oneDefinition(run != null, d.isPersistent(), flags);
            def = impact.live() ? run.liveDef : d.definition();
        }
        return (flags & VcpuFlag.MAXIMUM.bit()) != 0 ? def.vcpus() : DomainResources.currentVcpus(def);
    }

    /**
     * QEMU's BALLOON_CHANGE: the guest's balloon driver reached {@code actualBytes}; the live current memory follows,
     * as libvirt's. Called on the monitor's event thread holding the domain's monitor.
     */
    static DomainDefinition ballooned(DomainDefinition live, long actualBytes) {
        long kib = Math.max(1, Math.min(live.memoryKiB(), actualBytes / 1024));
        return DomainResources.withCurrentMemory(live, kib);
    }

    private void balloon(Run run, DomainDefinition live, long kib) {
        MemballoonDevice balloon = live.devices().auxiliary().memballoon();
        if (balloon == null || !balloon.model().startsWith("virtio")) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "Unable to change memory of "
                    + "active domain without the balloon device and guest OS balloon driver");
        }
        QmpClient qmp = connected(run);
        qmp.execute("balloon", Map.of("value", kib * 1024), state.settings().monitorTimeout());
    }

    /**
     * vCPU hotplug: QEMU's free CPU slots ({@code query-hotpluggable-cpus}) in topology order, libvirt's vCPU
     * order, get {@code device_add}ed as {@code vcpuN} from {@code present} up to {@code count}; the live
     * definition counts those that went in, even when a later one fails.
     */
    private void plugVcpus(QemuDomainObject d, Run run, int present, int count) {
        QmpClient qmp = connected(run);
        List<JsonNode> slots = new ArrayList<>();
        qmp.execute("query-hotpluggable-cpus", null, state.settings().monitorTimeout()).forEach(slots::add);
        slots.sort(Comparator.comparing((JsonNode n) -> n.path("props").path("socket-id").asInt())
                .thenComparing(n -> n.path("props").path("die-id").asInt())
                .thenComparing(n -> n.path("props").path("core-id").asInt())
                .thenComparing(n -> n.path("props").path("thread-id").asInt()));
        int plugged = present;
        try {
            for (int i = present; i < count && i < slots.size(); i++) {
                JsonNode slot = slots.get(i);
                if (slot.has("qom-path")) {
                    plugged++; // QEMU has it already (a plug whose answer was lost)
                    continue;
                }
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("driver", slot.path("type").asText());
                args.put("id", "vcpu" + i);
                slot.path("props").fields().forEachRemaining(f -> args.put(f.getKey(), f.getValue().asInt()));
                qmp.execute("device_add", args, state.settings().monitorTimeout());
                plugged++;
            }
        } finally {
            if (plugged > present) {
                synchronized (d) {
                    run.liveDef = DomainResources.withCurrentVcpus(run.liveDef, plugged);
                }
                state.writeStatus(d, run);
            }
        }
    }

    /** The running definition, read under the domain's monitor (QMP events change it). */
    private static DomainDefinition liveDef(QemuDomainObject d, Run run) {
        synchronized (d) {
            return run.liveDef;
        }
    }

    private static QmpClient connected(Run run) {
        QmpClient qmp = run.qmp;
        if (qmp == null || !qmp.isConnected()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU, "monitor must not be NULL");
        }
        return qmp;
    }

    /** libvirt refuses a maximum that a given {@code <topology>} does not multiply to (it cannot be fixed later). */
    private static void checkTopology(DomainDefinition config, int count) {
        DomainCpu.Topology t = config.cpu() == null ? null : config.cpu().topology();
        if (t != null) {
            long cpus = (long) t.sockets() * (t.dies() == null ? 1 : t.dies()) * t.cores() * t.threads();
            if (cpus != count) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "CPU topology doesn't match the desired vcpu count");
            }
        }
    }

    /** A change of memory or vCPUs, given where it applies. */
    private interface Change {
        DomainDefinition apply(Run run, DomainDefinition persistentDef, DomainResources.Impact impact);
    }

    private void inJob(QemuDomainObject d, String function, long flags, Change change) {
        QemuDefinitionJob.run(state, d, function, (run, persistentDef) -> change.apply(run, persistentDef,
                DomainResources.impact(run != null, d.isPersistent(), flags)));
    }
}
