package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.virtkit.api.ErrorDomain;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimFault;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.support.DomainErrors;

/**
 * Finds the connection's virtual machines: every VM of its host in one property-collector round trip (the
 * host's {@code vm} list), one VM by UUID through the search index, by id through its reference. A domain
 * handle's reference is remembered by UUID so later calls on it cost one round trip; a remembered reference
 * whose VM went away (or got another UUID) is forgotten and looked up again.
 */
final class EsxInventory {

    private final EsxContext context;
    private final Map<UUID, MoRef> known = new ConcurrentHashMap<>();
    private volatile boolean prefixedRefs;

    EsxInventory(EsxContext context) {
        this.context = context;
        this.prefixedRefs = context.session.isVcenter();
    }

    /** Every VM registered on the connection's host. */
    List<EsxVm> all() {
        VimNode hostToVms = PropertyCollector.traversal("hostToVms", "HostSystem", "vm", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), true, hostToVms)),
                List.of(PropertyCollector.propertySpec("VirtualMachine", EsxVm.PROPERTIES.toArray(String[]::new)))));
        List<EsxVm> vms = new ArrayList<>(found.size());
        for (ObjectContent content : found) {
            EsxVm vm = EsxVm.of(content);
            if (vm != null) {
                prefixedRefs = vm.ref().value().startsWith("vm-");
                known.put(vm.uuid(), vm.ref());
                vms.add(vm);
            }
        }
        return vms;
    }

    EsxVm byName(String name) {
        for (EsxVm vm : all()) {
            if (vm.name().equals(name)) {
                return vm;
            }
        }
        throw DomainErrors.noDomainWithName(ErrorDomain.ESX, name);
    }

    EsxVm byUuid(UUID uuid) {
        MoRef remembered = known.get(uuid);
        if (remembered != null) {
            EsxVm vm = read(remembered);
            if (vm != null && vm.uuid().equals(uuid)) {
                return vm;
            }
            known.remove(uuid, remembered);
        }
        VimNode answer = EsxErrors.call(() -> context.session.call("FindByUuid",
                context.session.serviceObject("searchIndex"), context.refs.datacenter().toNode("datacenter"),
                VimNode.leaf("uuid", uuid.toString()), VimNode.leaf("vmSearch", "true")));
        MoRef ref = answer.child("returnval").map(VimNode::asMoRef).orElse(null);
        EsxVm vm = ref == null ? null : read(ref);
        if (vm == null || !vm.uuid().equals(uuid)) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.ESX, uuid);
        }
        known.put(uuid, vm.ref());
        return vm;
    }

    EsxVm byId(int id) {
        if (id < 0) {
            throw DomainErrors.noDomainWithId(ErrorDomain.ESX, id);
        }
        // ESX numbers its VMs ("9"), vCenter (and the simulator in both modes) names them "vm-9": the form last
        // seen in a listing is tried first
        String plain = Integer.toString(id);
        String prefixed = "vm-" + id;
        boolean prefixedFirst = prefixedRefs;
        EsxVm vm = read(new MoRef("VirtualMachine", prefixedFirst ? prefixed : plain));
        if (vm == null) {
            vm = read(new MoRef("VirtualMachine", prefixedFirst ? plain : prefixed));
        }
        if (vm == null || !vm.isActive()) {
            throw DomainErrors.noDomainWithId(ErrorDomain.ESX, id);
        }
        return vm;
    }

    /** The VM behind a handle, read now. */
    EsxVm of(DomainRef domain) {
        return byUuid(domain.uuid());
    }

    /** The VM at {@code ref} now, or null when there is none. */
    EsxVm read(MoRef ref) {
        try {
            ObjectContent content = context.properties.retrieveOne(ref, EsxVm.PROPERTIES.toArray(String[]::new));
            return EsxVm.of(content);
        } catch (VimFault fault) {
            if (fault.is("ManagedObjectNotFound")) {
                return null;
            }
            throw EsxErrors.translate(fault, null);
        } catch (RuntimeException e) {
            throw EsxErrors.translate(e, null);
        }
    }

    /** Forgets a VM's reference (it was unregistered). */
    void forget(UUID uuid) {
        known.remove(uuid);
    }
}
