package io.virtkit.xen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * Autostart: a link {@code /etc/virtkit/xen/autostart/NAME.xml} to the definition on the host, and starting those
 * domains once per boot of the host.
 *
 * <p>When they start. libvirt's libxl driver starts autostart domains when its daemon starts, once per boot of the
 * host (a marker in its run directory). Nothing of Virtkit runs on a Xen host managed over SSH when it boots, so
 * here the <em>first connection to the host after its boot</em> starts them — from any Virtkit, over SSH or locally
 * ({@code xen:///system}) —, and the Xen driver opens that connection itself when it activates in dom0 (see
 * {@link XenDriver}), so there they start with Virtkit as with libvirtd. The host's {@code /run} (gone with each
 * boot) holds the marker {@link #MARKER}; whoever creates it (an atomic {@code mkdir}) starts the domains, so two
 * Virtkits connecting at once start each domain once. A domain that fails to start is logged and the others still
 * start (libvirt logs and goes on too); the connection opens all the same. Domains stopped later stay stopped
 * until the host boots again.
 */
final class XenAutostart {

    private static final System.Logger LOG = System.getLogger(XenAutostart.class.getName());

    /** Created by the first connection after the host's boot; {@code /run} is emptied by each boot. */
    static final String MARKER = XenHostFiles.LIVE + "/autostarted";
    private static final String CLAIMED = "claimed";

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final Consumer<DomainRef> start;

    /** {@code start}: the connection's start of a defined domain (from its managed save image when it has one). */
    XenAutostart(XlToolstack xl, XenInventory inventory, Consumer<DomainRef> start) {
        this.xl = xl;
        this.inventory = inventory;
        this.start = start;
    }

    /** {@code virDomainSetAutostart}: links or unlinks a persistent domain's definition. */
    void set(DomainRef ref, boolean autostart) {
        XenDomain domain = inventory.of(ref);
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Domain-0 cannot be managed this way");
        }
        if (domain.definition() == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "cannot set autostart for transient domain");
        }
        if (domain.autostart() == autostart) {
            return;
        }
        String link = ShellQuoting.quote(XenHostFiles.autostartLink(domain.name()));
        String command = autostart
                ? "mkdir -p " + ShellQuoting.quote(XenHostFiles.AUTOSTART) + " && ln -sf "
                        + ShellQuoting.quote(XenHostFiles.definition(domain.name())) + " " + link
                : "rm -f " + link;
        xl.checked(autostart ? "creating the autostart link" : "removing the autostart link", command, new byte[0],
                xl.timeout());
    }

    /**
     * Starts the autostart domains that do not run, when this is the first connection since the host booted; the
     * domains it started (none on later connections).
     */
    List<String> startOncePerHostBoot() {
        String claim = "mkdir -p " + ShellQuoting.quote(XenHostFiles.LIVE) + " && mkdir " + ShellQuoting.quote(MARKER)
                + " 2>/dev/null && echo " + CLAIMED + "; true";
        List<String> started = new ArrayList<>();
        try {
            if (!xl.checked("claiming the host's autostart", claim, new byte[0], xl.timeout()).contains(CLAIMED)) {
                return started;
            }
            for (XenDomain domain : inventory.all()) {
                if (domain.autostart() && !domain.active() && domain.definition() != null) {
                    start(domain, started);
                }
            }
        } catch (VirtException e) {
            LOG.log(System.Logger.Level.ERROR, "Failed to autostart domains: {0}", e.getMessage());
        }
        return started;
    }

    private void start(XenDomain domain, List<String> started) {
        try {
            start.accept(domain.ref());
            started.add(domain.name());
        } catch (VirtException e) {
            LOG.log(System.Logger.Level.ERROR, "Failed to autostart VM ''{0}'': {1}", domain.name(), e.getMessage());
        }
    }
}
