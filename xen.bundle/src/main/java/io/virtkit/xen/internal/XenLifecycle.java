package io.virtkit.xen.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.channel.ChannelLostException;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlFormat;

/**
 * Starting and stopping domains with {@code xl}: create from the definition's xl configuration (the XML it ran
 * with kept in {@link XenHostFiles#LIVE}), destroy, pause and unpause. A create that fails leaves no domain and no
 * live file behind (xl removes a domain it could not build; a leftover of the name is destroyed too).
 */
final class XenLifecycle {

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final Duration createTimeout;

    XenLifecycle(XlToolstack xl, XenInventory inventory, Duration createTimeout) {
        this.xl = xl;
        this.inventory = inventory;
        this.createTimeout = createTimeout;
    }

    /** Starts a defined domain that does not run. */
    DomainRef start(DomainRef ref, boolean paused) {
        XenDomain domain = inventory.of(ref);
        if (domain.active()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is already running");
        }
        return launch(XenDefinitions.parseForXen(domain.definition()), paused);
    }

    /** Starts a transient domain (or a defined one that does not run, with this XML for this run). */
    DomainRef create(String xml, boolean paused) {
        DomainDefinition def = XenDefinitions.parseForXen(xml);
        XenDomain existing = XenDefinitions.clash(inventory.all(), def);
        if (existing != null && existing.active()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "domain '" + def.name() + "' is already active");
        }
        return launch(def, paused);
    }

    private DomainRef launch(DomainDefinition def, boolean paused) {
        String live = XenHostFiles.live(def.name());
        xl.checked("writing the live definition", XenHostFiles.writeAtomically(live),
                DomainXmlCodec.format(def).getBytes(StandardCharsets.UTF_8), xl.timeout());
        try {
            xl.create(XlCodec.toConfig(def, XlFormat.XL).format(), paused, createTimeout,
                    onFailedCreate(def.name(), live));
        } catch (VirtException e) {
            if (e.getCause() instanceof ChannelLostException) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LIBXL, "the SSH session to Xen host "
                        + xl.channel().describe() + " ended while xl created domain '" + def.name() + "': the host"
                        + " finishes it or removes what it built; list the domains to see which", e.getCause());
            }
            cleanUpFailedCreate(def.name(), live); // the host ran the same already; this covers a timeout
            throw e;
        }
        XenDomain started = inventory.byName(def.name());
        return started.ref();
    }

    /** What the host runs itself when xl create fails (also with the SSH session gone): as cleanUpFailedCreate. */
    private static String onFailedCreate(String name, String live) {
        return ShellQuoting.line("xl", "destroy", name) + "; rm -f " + ShellQuoting.quote(live);
    }

    /** After a failed create: no domain of that name (xl may leave a paused one), no live file. */
    private void cleanUpFailedCreate(String name, String live) {
        try {
            for (XlListing row : xl.list()) {
                if (row.name().equals(name) && row.id() != 0) {
                    xl.run(ShellQuoting.line("xl", "destroy", Integer.toString(row.id())), new byte[0], xl.timeout());
                }
            }
        } finally {
            xl.run("rm -f " + ShellQuoting.quote(live), new byte[0], xl.timeout());
        }
    }

    void destroy(DomainRef ref) {
        XenDomain domain = running(ref);
        xl.xl("destroy", Integer.toString(domain.id()));
        forgetLive(domain);
    }

    void suspend(DomainRef ref) {
        XenDomain domain = running(ref);
        if (domain.live().paused()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is already paused");
        }
        xl.xl("pause", Integer.toString(domain.id()));
    }

    void resume(DomainRef ref) {
        XenDomain domain = running(ref);
        if (!domain.live().paused()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is not paused");
        }
        xl.xl("unpause", Integer.toString(domain.id()));
    }

    /** The running domain a handle names; libvirt's refusals for one that does not run and for Domain-0. */
    XenDomain running(DomainRef ref) {
        XenDomain domain = inventory.of(ref);
        if (!domain.active()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL, "domain is not running");
        }
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Domain-0 cannot be managed this way");
        }
        return domain;
    }

    /** Removes the live XML of a domain that no longer runs. */
    void forgetLive(XenDomain domain) {
        xl.run("rm -f " + ShellQuoting.quote(XenHostFiles.live(domain.name())), new byte[0], xl.timeout());
    }
}
