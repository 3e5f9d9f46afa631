package io.virtkit.test.internal;

import java.nio.file.Path;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.support.DomainErrors;

/**
 * Managed save and save to a file as libvirt's test driver does them: a managed save only marks the stopped domain
 * as having an image (there is no memory to keep), which the next start drops as it boots; a save writes the
 * domain's definition into a {@link TestSaveImage} and stops the domain (a transient one vanishes). Restoring a file
 * is {@link TestDomains#restore}'s, as it adds domains.
 *
 * <p>Not thread-safe: {@link TestDomains} calls it under its lock.
 */
final class TestSaves {

    private final TestDomainLifecycle lifecycle;

    TestSaves(TestDomainLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Stops the running, persistent domain with reason SAVED and marks its image. */
    void managedSave(DomainObject d) {
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        if (!d.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot do managed save for transient domain");
        }
        lifecycle.stop(d, DomainStateReason.SHUTOFF_SAVED, DomainEventDetail.STOPPED_SAVED);
        d.hasManagedSave = true;
    }

    /** Writes the running domain's definition to {@code path}, then stops it with reason SAVED. */
    void save(DomainObject d, Path path, String xml) {
        if (xml != null) {
            throw xmlModification();
        }
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        TestSaveImage.write(path, d.def);
        lifecycle.stop(d, DomainStateReason.SHUTOFF_SAVED, DomainEventDetail.STOPPED_SAVED);
    }

    /** libvirt's test driver keeps the image's definition: no replacement XML. */
    static VirtException xmlModification() {
        return new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.TEST, "xml modification unsupported");
    }
}
