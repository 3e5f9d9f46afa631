package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.Optional;
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
 * Every answer is what the host said at most {@link HypervSettings#readReuse()} (100 ms) ago, so changes made in
 * Hyper-V Manager show at once; a read is reused only within that window and only while this connection invoked no method (its own changes are
 * never hidden; queries change nothing): a client listing domains and then asking each one's state
 * ({@code virsh list --all}) costs one query, not one per domain, and {@code virsh dominfo} reads the VM once.
 */
final class HypervInventory {

    private record Snapshot(List<HypervVm> vms, long readAt, long changes) {
    }

    private final HypervContext context;
    private volatile Snapshot last;

    HypervInventory(HypervContext context) {
        this.context = context;
    }

    /** Every virtual machine, one query (an Enumerate and its Pulls). */
    List<HypervVm> all() {
        return read(virtualMachines());
    }

    /** The VMs a query selects; remembered for a moment as what the host says now. */
    private List<HypervVm> read(Wql wql) {
        // the window runs from the answer's arrival; it holds only while this connection changes nothing
        long changesBefore = context.changes();
        List<HypervVm> vms = context.virtualization(wql).stream().map(HypervVm::of).toList();
        last = new Snapshot(vms, System.nanoTime(), changesBefore);
        return vms;
    }

    /** A VM of the last read if that read still answers for now. */
    private Optional<HypervVm> recent(UUID uuid) {
        Snapshot known = last;
        if (known == null || known.changes() != context.changes()
                || System.nanoTime() - known.readAt() >= context.settings.readReuse().toNanos()) {
            return Optional.empty();
        }
        String guid = HypervVm.guidOf(uuid);
        return known.vms().stream().filter(vm -> guid.equalsIgnoreCase(vm.guid())).findFirst();
    }

    HypervVm byName(String name) {
        List<HypervVm> found = read(virtualMachines().and("ElementName", name));
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
        Optional<HypervVm> recent = recent(uuid);
        if (recent.isPresent()) {
            return recent.get();
        }
        return read(virtualMachines().and("Name", HypervVm.guidOf(uuid))).stream().findFirst()
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
