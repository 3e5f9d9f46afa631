package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.DomainSaveFlag;

/**
 * The flags of virsh's --bypass-cache, --running and --paused, which managedsave, save and restore share. RUNNING
 * with PAUSED goes to the API as asked, which refuses it with libvirt's words, as virsh lets libvirt do.
 */
final class SaveFlags {

    private SaveFlags() {
    }

    static DomainSaveFlag[] of(boolean bypassCache, boolean running, boolean paused) {
        List<DomainSaveFlag> flags = new ArrayList<>();
        if (bypassCache) {
            flags.add(DomainSaveFlag.BYPASS_CACHE);
        }
        if (running) {
            flags.add(DomainSaveFlag.RUNNING);
        }
        if (paused) {
            flags.add(DomainSaveFlag.PAUSED);
        }
        return flags.toArray(DomainSaveFlag[]::new);
    }
}
