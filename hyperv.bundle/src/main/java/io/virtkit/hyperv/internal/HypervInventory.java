package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.support.DomainErrors;

/**
 * Finds virtual machines: every Msvm_ComputerSystem whose Description says it is a virtual machine (the host
 * is one too), in one query however many there are; by name or UUID with the value in an escaped WQL literal.
 * Nothing is cached: every answer is what the host says now, so changes made in Hyper-V Manager show at once.
 */
final class HypervInventory {

    private final HypervContext context;

    HypervInventory(HypervContext context) {
        this.context = context;
    }

    /** Every virtual machine, one query (an Enumerate and its Pulls). */
    List<HypervVm> all() {
        return context.virtualization(virtualMachines()).stream().map(HypervVm::of).toList();
    }

    HypervVm byName(String name) {
        List<HypervVm> found = context.virtualization(virtualMachines().and("ElementName", name)).stream()
                .map(HypervVm::of).toList();
        if (found.isEmpty()) {
            throw DomainErrors.noDomainWithName(ErrorDomain.HYPERV, name);
        }
        if (found.size() > 1) {
            // Hyper-V lets names repeat; libvirt refuses to guess
            throw new VirtException(ErrorCode.MULTIPLE_DOMAINS, ErrorDomain.HYPERV, "Multiple domains exist with "
                    + "the name '" + name + "': repeat the request using a UUID");
        }
        return found.get(0);
    }

    HypervVm byUuid(UUID uuid) {
        return context.virtualization(virtualMachines().and("Name", HypervVm.guidOf(uuid))).stream()
                .map(HypervVm::of).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithUuid(ErrorDomain.HYPERV, uuid));
    }

    /** By ProcessID among the running ones (one query for all: a ProcessID literal would be typed WQL). */
    HypervVm byId(int id) {
        return all().stream().filter(vm -> vm.isActive() && vm.id() == id).findFirst()
                .orElseThrow(() -> DomainErrors.noDomainWithId(ErrorDomain.HYPERV, id));
    }

    /** The domain a handle names, as it is now; NO_DOMAIN once it is gone. */
    HypervVm of(DomainRef domain) {
        try {
            return byUuid(domain.uuid());
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                throw DomainErrors.noDomainWithUuid(ErrorDomain.HYPERV, domain.uuid(), domain.name());
            }
            throw e;
        }
    }

    private static Wql virtualMachines() {
        return Wql.select(HypervVm.CLASS).where("Description", HypervVm.VIRTUAL_MACHINE);
    }
}
