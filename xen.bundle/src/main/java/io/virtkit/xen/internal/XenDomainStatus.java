package io.virtkit.xen.internal;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainResources;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * A domain's state with libvirt's libxl reasons, and its info. What runs is read from {@code xl list}: running
 * ({@code r}/{@code b}) is RUNNING_BOOTED, paused PAUSED_USER, shut down or dying SHUTDOWN, crashed
 * CRASHED_PANICKED, as libvirt's libxl driver sets them. Why a domain is shut off is known only when this driver
 * stopped it: its shutdown or destroy leaves a word in {@link #stopReason} on the host (under {@code /run}, so it
 * goes with the host's boot), removed when the driver starts the domain again; a domain stopped otherwise is
 * SHUTOFF_UNKNOWN — and one with a managed save image SHUTOFF_SAVED.
 */
final class XenDomainStatus {

    static final String SHUTDOWN = "shutdown";
    static final String DESTROYED = "destroyed";

    private final XlToolstack xl;
    private final XenDomainXml domainXml;

    XenDomainStatus(XlToolstack xl, XenDomainXml domainXml) {
        this.xl = xl;
        this.domainXml = domainXml;
    }

    /** Where the reason a domain was last stopped by this driver is kept on the host. */
    static String stopReason(String name) {
        return XenHostFiles.LIVE + "/" + name + ".stopped";
    }

    DomainStateInfo state(XenDomain domain) {
        XlListing live = domain.live();
        if (live == null && domain.managedSave()) {
            return DomainStateInfo.of(DomainStateReason.SHUTOFF_SAVED);
        }
        if (live == null) {
            CommandResult why = xl.run("cat " + ShellQuoting.quote(stopReason(domain.name())) + " 2>/dev/null",
                    new byte[0], xl.timeout());
            String word = why.succeeded() ? why.stdout().strip() : "";
            return DomainStateInfo.of(switch (word) {
                case SHUTDOWN -> DomainStateReason.SHUTOFF_SHUTDOWN;
                case DESTROYED -> DomainStateReason.SHUTOFF_DESTROYED;
                default -> DomainStateReason.SHUTOFF_UNKNOWN;
            });
        }
        return DomainStateInfo.of(switch (live.state()) {
            case CRASHED -> DomainStateReason.CRASHED_PANICKED;
            case SHUTDOWN -> DomainStateReason.SHUTDOWN_UNKNOWN;
            case PAUSED -> DomainStateReason.PAUSED_USER;
            default -> DomainStateReason.RUNNING_BOOTED;
        });
    }

    /**
     * {@code virDomainGetInfo}: for a running domain Xen's current memory and CPU time, the maximum from libxl's
     * configuration of it, the vCPUs online; for one that does not run its definition's sizes and enabled vCPUs.
     */
    DomainInfo info(XenDomain domain) {
        if (!domain.active()) {
            DomainDefinition def = DomainXmlCodec.parse(domain.definition());
            return new DomainInfo(DomainState.SHUTOFF, def.memoryKiB(), def.currentMemoryKiB(),
                    DomainResources.currentVcpus(def), 0);
        }
        XlListing live = domain.live();
        long current = live.memoryMiB() * 1024;
        long max = XlJson.number(xl.configOf(domain.id()), current, "config", "b_info", "max_memkb");
        return new DomainInfo(live.state(), Math.max(max, current), current, live.vcpus(),
                (long) (live.cpuSeconds() * 1_000_000_000L));
    }

    /** libvirt's OS type of the definition the domain runs or would run with ({@code xen}, {@code xenpvh}, {@code hvm}). */
    String osType(XenDomain domain) {
        DomainDefinition def = domain.active() ? domainXml.liveDefinition(domain)
                : DomainXmlCodec.parse(domain.definition());
        return def.os().type();
    }

    /** Notes why the driver stopped a domain, when it is defined (the shut-off reason until it starts again). */
    void stopped(String name, String reason) {
        xl.run("[ -f " + ShellQuoting.quote(XenHostFiles.definition(name)) + " ] && mkdir -p "
                + ShellQuoting.quote(XenHostFiles.LIVE) + " && echo " + reason + " > "
                + ShellQuoting.quote(stopReason(name)) + "; true", new byte[0], xl.timeout());
    }

    /** Forgets why a domain was stopped: it runs again, or is no longer defined. */
    void forget(String name) {
        xl.run("rm -f " + ShellQuoting.quote(stopReason(name)), new byte[0], xl.timeout());
    }
}
