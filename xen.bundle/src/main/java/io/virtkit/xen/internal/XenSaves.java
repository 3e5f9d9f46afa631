package io.virtkit.xen.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlListing;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * Saving a running domain's memory with {@code xl save} and running it again with {@code xl restore}: managed save
 * (the image in {@link XenHostFiles#SAVES} on the host, restored by the next start and then removed, as libvirt's
 * libxl driver) and save to / restore from a file the caller names. Images are xl's own format, so {@code xl
 * restore} typed on the host runs them too. A failed save leaves the domain running; a failed restore keeps the
 * image.
 */
final class XenSaves {

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}: the image goes with the definition. */
    static final long UNDEFINE_MANAGED_SAVE = 1;

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final XenLifecycle lifecycle;
    private final Duration timeout;

    XenSaves(XlToolstack xl, XenInventory inventory, XenLifecycle lifecycle, Duration timeout) {
        this.xl = xl;
        this.inventory = inventory;
        this.lifecycle = lifecycle;
        this.timeout = timeout;
    }

    void managedSave(DomainRef ref, long flags) {
        DriverFlags.check(flags, 0, "virDomainManagedSave");
        XenDomain domain = lifecycle.running(ref);
        if (domain.definition() == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "cannot do managed save for transient domain");
        }
        String image = XenHostFiles.managedSave(domain.name());
        save(domain, image);
    }

    boolean hasManagedSaveImage(DomainRef ref, long flags) {
        DriverFlags.check(flags, 0, "virDomainHasManagedSaveImage");
        return inventory.of(ref).managedSave();
    }

    void managedSaveRemove(DomainRef ref, long flags) {
        DriverFlags.check(flags, 0, "virDomainManagedSaveRemove");
        XenDomain domain = inventory.of(ref);
        xl.checked("removing the managed save image", "rm -f " + ShellQuoting.quote(XenHostFiles.managedSave(domain.name())),
                new byte[0], xl.timeout());
    }

    /** Refuses to undefine a domain with an image unless the flag says the image goes too; then removes it. */
    void beforeUndefine(DomainRef ref, long flags) {
        XenDomain domain = inventory.of(ref);
        if (!domain.managedSave()) {
            return;
        }
        if ((flags & UNDEFINE_MANAGED_SAVE) == 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Refusing to undefine while domain managed save image exists");
        }
        managedSaveRemove(ref, 0);
    }

    void saveDomain(DomainRef ref, String path, String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainSaveFlags");
        if (xml != null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "xml modification unsupported");
        }
        save(lifecycle.running(ref), path);
    }

    /** {@code xl save} (which stops the domain once its memory is written), then the live XML goes. */
    private void save(XenDomain domain, String image) {
        String dir = image.substring(0, Math.max(1, image.lastIndexOf('/')));
        xl.checked("xl save", "mkdir -p " + ShellQuoting.quote(dir) + " && " + ShellQuoting.line("xl", "save",
                Integer.toString(domain.id()), image), new byte[0], timeout);
        lifecycle.forgetLive(domain);
    }

    /**
     * Starts a defined domain from its managed save image, if it has one: {@code xl restore}, then the image goes.
     *
     * @return whether it had an image (and now runs)
     */
    boolean startFromManagedSave(DomainRef ref, boolean paused) {
        XenDomain domain = inventory.of(ref);
        if (!domain.managedSave() || domain.active()) {
            return false;
        }
        DomainDefinition def = XenDefinitions.parseForXen(domain.definition());
        String image = XenHostFiles.managedSave(domain.name());
        restore(def, image, paused);
        xl.checked("removing the managed save image", "rm -f " + ShellQuoting.quote(image), new byte[0], xl.timeout());
        return true;
    }

    void restoreDomain(String path, String xml, long flags) {
        DriverFlags.check(flags, DomainSaveFlag.PAUSED.bit(), "virDomainRestoreFlags");
        if (xml != null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "xml modification unsupported");
        }
        restore(null, path, (flags & DomainSaveFlag.PAUSED.bit()) != 0);
    }

    /**
     * {@code xl restore} of an image; the live XML is {@code def}'s, or (an image from a file) the definition of the
     * domain that comes back, when there is one.
     */
    private void restore(DomainDefinition def, String image, boolean paused) {
        Set<Integer> before = xl.list().stream().map(XlListing::id).collect(Collectors.toSet());
        if (def != null) {
            xl.checked("writing the live definition", XenHostFiles.writeAtomically(XenHostFiles.live(def.name())),
                    DomainXmlCodec.format(def).getBytes(StandardCharsets.UTF_8), xl.timeout());
        }
        try {
            xl.checked("xl restore", ShellQuoting.line(paused ? List.of("xl", "restore", "-p", image)
                    : List.of("xl", "restore", image)), new byte[0], timeout);
        } catch (VirtException e) {
            if (def != null) {
                xl.run("rm -f " + ShellQuoting.quote(XenHostFiles.live(def.name())), new byte[0], xl.timeout());
            }
            throw e;
        }
        if (def == null) {
            for (XenDomain d : inventory.all()) {
                if (d.active() && !before.contains(d.id()) && d.definition() != null) {
                    xl.checked("writing the live definition", XenHostFiles.writeAtomically(XenHostFiles.live(d.name())),
                            d.definition().getBytes(StandardCharsets.UTF_8), xl.timeout());
                }
            }
        }
    }
}
