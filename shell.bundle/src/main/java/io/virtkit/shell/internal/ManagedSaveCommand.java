package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "managedsave", description = "Save a running domain's state and stop it",
        detailedDescription = "Saves the running domain's memory state to an image the driver keeps and stops the "
                + "domain (state shut off, reason saved); the next start resumes from the image and removes it. "
                + "managedsave-remove drops the image so that the next start boots afresh; a domain with an image "
                + "cannot be undefined unless the image goes too (undefine --managed-save). --running or --paused "
                + "choose the state the domain resumes in.")
public class ManagedSaveCommand extends DomainSaveCommand {

    @Override
    void execute(Domain domain) throws Exception {
        Errors.run("Failed to save domain '" + this.domain + "' state", () -> domain.managedSave(saveFlags()));
        // virsh ends its progress line first, hence the empty line
        System.out.println();
        System.out.println("Domain '" + this.domain + "' state saved by libvirt");
    }
}
