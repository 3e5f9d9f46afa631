package io.virtkit.remote.internal;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/**
 * Managed save, save and restore ({@code remote_domain_managed_save*}, {@code remote_domain_save*},
 * {@code remote_domain_restore*}). The calls without flags are libvirt's flagless functions; an image path arrives
 * absolute (libvirt's client library makes it so).
 */
final class SaveProcedures {

    private SaveProcedures() {
    }

    static void call(Procedure p, Connection conn, XdrReader in, XdrWriter out) {
        String fn = p.function();
        switch (p) {
            case DOMAIN_MANAGED_SAVE -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                d.managedSave(saveFlags(in.readUnsigned(), p));
            }
            case DOMAIN_HAS_MANAGED_SAVE_IMAGE -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                out.writeInt(hasImage(d) ? 1 : 0);
            }
            case DOMAIN_MANAGED_SAVE_REMOVE -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                d.managedSaveRemove();
            }
            case DOMAIN_SAVE -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                d.save(in.readString(RemoteTypes.STRING_MAX), null);
            }
            case DOMAIN_SAVE_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                String to = in.readString(RemoteTypes.STRING_MAX);
                String xml = in.readOptionalString(RemoteTypes.STRING_MAX);
                d.save(to, xml, saveFlags(in.readUnsigned(), p));
            }
            case DOMAIN_RESTORE -> conn.restoreDomain(in.readString(RemoteTypes.STRING_MAX), null);
            case DOMAIN_RESTORE_FLAGS -> {
                String from = in.readString(RemoteTypes.STRING_MAX);
                String xml = in.readOptionalString(RemoteTypes.STRING_MAX);
                conn.restoreDomain(from, xml, saveFlags(in.readUnsigned(), p));
            }
            default -> throw new IllegalStateException("not a save procedure: " + p);
        }
    }

    /**
     * Whether {@code d} has a managed save image; a driver that keeps none answers no, so virsh's dominfo still says
     * "Managed save: no" for it, as it did before drivers could keep images.
     */
    static boolean hasImage(Domain d) {
        try {
            return d.hasManagedSaveImage();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return false;
            }
            throw e;
        }
    }

    /** Undefining with VIR_DOMAIN_UNDEFINE_MANAGED_SAVE: the image goes first, where there is one. */
    static void dropImage(Domain d) {
        if (hasImage(d)) {
            d.managedSaveRemove();
        }
    }

    private static DomainSaveFlag[] saveFlags(long bits, Procedure p) {
        return RemoteTypes.flags(bits, DomainSaveFlag.values(), DomainSaveFlag::bit, p.function(), p.errorDomain())
                .toArray(DomainSaveFlag[]::new);
    }
}
