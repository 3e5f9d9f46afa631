package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "managedsave-remove", description = "Remove a domain's managed save image",
        detailedDescription = "Removes the image managedsave kept for the domain, so that its next start boots "
                + "afresh instead of resuming the saved state. A domain without an image is left as it is.")
public class ManagedSaveRemoveCommand extends DomainCommand {

    @Override
    void execute(Domain domain) throws Exception {
        boolean hasImage = Errors.call("Failed to check for domain managed save image", domain::hasManagedSaveImage);
        if (!hasImage) {
            // virsh's wording, "manage" included
            System.out.println("Domain '" + this.domain + "' has no manage save image; removal skipped");
            return;
        }
        Errors.run("Failed to remove managed save image for domain '" + this.domain + "'", domain::managedSaveRemove);
        System.out.println("Removed managedsave image for domain '" + this.domain + "'");
    }
}
