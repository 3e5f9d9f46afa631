package io.virtkit.shell.internal;

import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** Whether a domain has a managed save image, as virsh asks it: a driver that keeps no images has none. */
final class ManagedSaveImages {

    private ManagedSaveImages() {
    }

    static boolean has(Domain domain) {
        try {
            return domain.hasManagedSaveImage();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return false;
            }
            throw e;
        }
    }
}
