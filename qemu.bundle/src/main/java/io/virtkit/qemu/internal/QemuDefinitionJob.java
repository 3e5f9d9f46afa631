package io.virtkit.qemu.internal;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.qemu.internal.QemuDomainObject.Run;
import io.virtkit.support.DomainJobs;

/**
 * A change of a domain's definitions (device hotplug, memory and vCPU counts) in a MODIFY job from the read of the
 * persistent definition to its save: a concurrent define (MODIFY too) runs before or after, never in between
 * (which would lose its update).
 */
final class QemuDefinitionJob {

    /** The change: its live half made on {@code run} (null when inactive), the new persistent definition returned. */
    interface Change {
        /** @return the new persistent definition, or null when it is unchanged */
        DomainDefinition apply(Run run, DomainDefinition persistentDef);
    }

    private QemuDefinitionJob() {
    }

    static void run(QemuState state, QemuDomainObject d, String function, Change change) {
        try (DomainJobs.Job job = d.jobs.begin(DomainJobs.Kind.MODIFY, function)) {
            Run run;
            DomainDefinition persistentDef;
            synchronized (d) {
                run = d.run != null && !d.run.finished ? d.run : null;
                persistentDef = d.definition();
            }
            DomainDefinition config = change.apply(run, persistentDef);
            if (config != null) {
                state.configDir().save(config); // the job keeps it ours; the file I/O holds no monitor
                synchronized (d) {
                    d.setDefinition(config);
                }
            }
        }
    }
}
