package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "undefine", description = "Remove a domain's persistent definition",
        detailedDescription = "Removes the persistent definition of a domain. An inactive domain vanishes; a "
                + "running one keeps running as a transient domain and vanishes when it stops. A domain with a managed save "
                + "image is refused unless --managed-save removes the image too.")
public class UndefineCommand extends DomainCommand {

    @Option(name = "--managed-save", description = "Remove the domain's managed save image too")
    boolean managedSave;

    @Override
    void execute(Domain domain) throws Exception {
        String name = domain.name();
        if (ManagedSaveImages.has(domain)) {
            if (!managedSave) {
                // virsh checks this itself, before asking the hypervisor, with these words
                throw Errors.of("Refusing to undefine while domain managed save image exists");
            }
            Errors.run("Failed to remove domain managed save image", domain::managedSaveRemove);
        }
        Errors.run("Failed to undefine domain '" + this.domain + "'", domain::undefine);
        System.out.println("Domain '" + name + "' has been undefined");
    }
}
