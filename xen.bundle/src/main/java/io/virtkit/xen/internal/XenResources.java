package io.virtkit.xen.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainResources;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * Memory and vCPU counts, with libvirt's libxl flag rules and wording: live with {@code xl mem-set},
 * {@code xl mem-max} and {@code xl vcpu-set}, the persistent definition rewritten on the host (atomically, as
 * {@link XenDefinitions} writes it). A live change is also written into the live XML the driver keeps for a domain
 * it started, so dumpxml shows it (also the maximum after {@code xl mem-max}, which libvirt's libxl driver leaves as
 * it was). Every refusal comes before anything changes.
 */
final class XenResources {

    private static final long LIVE = VcpuFlag.LIVE.bit();
    private static final long CONFIG = VcpuFlag.CONFIG.bit();
    private static final long MAXIMUM = VcpuFlag.MAXIMUM.bit();

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final XenDomainXml domainXml;

    XenResources(XlToolstack xl, XenInventory inventory, XenDomainXml domainXml) {
        this.xl = xl;
        this.inventory = inventory;
        this.domainXml = domainXml;
    }

    /** {@code virDomainSetMemoryFlags} (and SetMemory as LIVE, SetMaxMemory as MAXIMUM), sizes in KiB. */
    void setMemory(DomainRef ref, long kib, long flags) {
        DriverFlags.check(flags, MemoryModFlag.LIVE.bit() | MemoryModFlag.CONFIG.bit() | MemoryModFlag.MAXIMUM.bit(),
                "virDomainSetMemoryFlags");
        XenDomain domain = managed(ref);
        DomainResources.Impact impact = DomainResources.impact(domain.active(), domain.persistent(), flags);
        DomainDefinition persistent = impact.config() ? DomainXmlCodec.parse(domain.definition()) : null;
        String id = Integer.toString(domain.id());
        if ((flags & MemoryModFlag.MAXIMUM.bit()) != 0) {
            if (impact.live()) {
                XenPower.onDomain(xl, domain, "set maximum memory for", "xl", "mem-max", id, kib + "k");
                updateLive(domain, def -> DomainResources.withMaxMemory(def, kib));
            }
            if (impact.config()) {
                save(DomainResources.withMaxMemory(persistent, kib));
            }
            return;
        }
        DomainDefinition current = domain.active() ? domainXml.liveDefinition(domain) : persistent;
        if (kib > current.memoryKiB() || (impact.config() && kib > persistent.memoryKiB())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "cannot set memory higher than max memory");
        }
        if (impact.live()) {
            XenPower.onDomain(xl, domain, "set memory for", "xl", "mem-set", id, kib + "k");
            updateLive(domain, def -> DomainResources.withCurrentMemory(def, Math.min(kib, def.memoryKiB())));
        }
        if (impact.config()) {
            save(DomainResources.withCurrentMemory(persistent, kib));
        }
    }

    /** {@code virDomainSetVcpusFlags}: LIVE, CONFIG, or both; MAXIMUM with CONFIG only (libvirt's libxl rules). */
    void setVcpus(DomainRef ref, int count, long flags) {
        DriverFlags.check(flags, LIVE | CONFIG | MAXIMUM, "virDomainSetVcpusFlags");
        if ((flags & (LIVE | CONFIG)) == 0 || (flags & (MAXIMUM | LIVE)) == (MAXIMUM | LIVE)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                    "invalid flag combination: (0x" + Long.toHexString(flags) + ")");
        }
        if (count <= 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "nvcpus is zero");
        }
        XenDomain domain = managed(ref);
        if (!domain.active() && (flags & LIVE) != 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "cannot set vcpus on an inactive domain");
        }
        if (domain.definition() == null && (flags & CONFIG) != 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "cannot change persistent config of a transient domain");
        }
        DomainDefinition persistent = domain.definition() == null ? null : DomainXmlCodec.parse(domain.definition());
        DomainDefinition current = domain.active() ? domainXml.liveDefinition(domain) : persistent;
        long max = hostMaxVcpus();
        if ((flags & MAXIMUM) == 0 && current.vcpus() < max) {
            max = current.vcpus();
        }
        if (count > max) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                    "requested vcpus is greater than max allowable vcpus for the domain: " + count + " > " + max);
        }
        if ((flags & CONFIG) != 0 && (flags & MAXIMUM) == 0 && count > persistent.vcpus()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                    "requested vcpus is greater than max allowable vcpus for the persistent domain: " + count + " > "
                            + persistent.vcpus());
        }
        if ((flags & LIVE) != 0) {
            // -i: libxl sets any count up to the domain's maximum; only xl's own check counts the host's CPUs
            XenPower.onDomain(xl, domain, "set vcpus for", "xl", "vcpu-set", "-i", Integer.toString(domain.id()),
                    Integer.toString(count));
            updateLive(domain, def -> DomainResources.withCurrentVcpus(def, count));
        }
        if ((flags & CONFIG) != 0) {
            save((flags & MAXIMUM) != 0 ? DomainResources.withMaxVcpus(persistent, count)
                    : DomainResources.withCurrentVcpus(persistent, count));
        }
    }

    /** {@code virDomainGetVcpusFlags}: none means LIVE for a running domain, else CONFIG. */
    int vcpus(DomainRef ref, long flags) {
        DriverFlags.check(flags, LIVE | CONFIG | MAXIMUM, "virDomainGetVcpusFlags");
        XenDomain domain = inventory.of(ref);
        if ((flags & (LIVE | CONFIG)) == 0) {
            flags |= domain.active() ? LIVE : CONFIG;
        }
        if ((flags & (LIVE | CONFIG)) == (LIVE | CONFIG)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                    "invalid flag combination: (0x" + Long.toHexString(flags) + ")");
        }
        DomainDefinition def;
        if ((flags & LIVE) != 0) {
            if (!domain.active()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "Domain is not running");
            }
            def = domainXml.liveDefinition(domain);
        } else {
            if (!domain.persistent() || domain.definition() == null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is transient");
            }
            def = DomainXmlCodec.parse(domain.definition());
        }
        return (flags & MAXIMUM) != 0 ? def.vcpus() : DomainResources.currentVcpus(def);
    }

    /** {@code virDomainGetMaxVcpus}: the live maximum (libvirt's libxl asks LIVE | MAXIMUM). */
    int maxVcpus(DomainRef ref) {
        return vcpus(ref, LIVE | MAXIMUM);
    }

    /** The domain a change is for; Domain-0 is not managed by this driver. */
    private XenDomain managed(DomainRef ref) {
        XenDomain domain = inventory.of(ref);
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Domain-0 cannot be managed this way");
        }
        return domain;
    }

    /** The most vCPUs a domain may have on this host (libxl's maximum CPU count). */
    private long hostMaxVcpus() {
        var info = xl.info();
        long maxId = info.number("max_cpu_id", -1);
        return maxId >= 0 ? maxId + 1 : info.number("nr_cpus", 1);
    }

    /** Rewrites the live XML of a domain this driver started (one someone else started has none). */
    private void updateLive(XenDomain domain, UnaryOperator<DomainDefinition> change) {
        String path = XenHostFiles.live(domain.name());
        CommandResult live = xl.run("cat " + ShellQuoting.quote(path) + " 2>/dev/null", new byte[0], xl.timeout());
        if (!live.succeeded() || live.stdout().isBlank()) {
            return;
        }
        DomainDefinition def = DomainXmlCodec.parseLive(live.stdout());
        if (def.uuid().equals(domain.uuid())) {
            xl.checked("writing the live definition", XenHostFiles.writeAtomically(path),
                    DomainXmlCodec.format(change.apply(def)).getBytes(StandardCharsets.UTF_8), xl.timeout());
        }
    }

    private void save(DomainDefinition def) {
        xl.checked("writing the definition", XenHostFiles.writeAtomically(XenHostFiles.definition(def.name())),
                DomainXmlCodec.format(def).getBytes(StandardCharsets.UTF_8), xl.timeout());
    }
}
