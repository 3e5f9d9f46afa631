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
 * handle's reference is remembered by UUID (and by name) so later calls on it cost one round trip; a remembered
 * reference whose VM went away (or got another UUID or name) is forgotten and looked up again.
 *
 * <p>What was read of a VM answers again for {@link #FRESH_NANOS} ({@link EsxVmSnapshots}): a remote client's one
 * command (virsh dominfo: a lookup, then info, OS type, persistence, autostart, each handed the domain again, all
 * within a few milliseconds) costs one read, not one per call. Any call of a session in this JVM that may change
 * something ends that at once, so every connection here sees the changes made through any other at once; a change
 * by another process (a virsh of libvirt's, the vSphere client) shows within those 30 ms, less than such a client
 * takes to connect and ask.
 */
final class EsxInventory {

    /** How long a VM's properties answer again without a new read. */
    static final long FRESH_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(30);

    private final EsxContext context;
    private final Map<UUID, MoRef> known = new ConcurrentHashMap<>();
    private final Map<String, MoRef> named = new ConcurrentHashMap<>();
    private final EsxVmSnapshots snapshots;
    private volatile boolean prefixedRefs;

    EsxInventory(EsxContext context) {
        this.context = context;
        this.prefixedRefs = context.session.isVcenter();
        this.snapshots = new EsxVmSnapshots(context.session::changes, FRESH_NANOS);
    }

    /** Every VM registered on the connection's host. */
    List<EsxVm> all() {
        long generation = snapshots.begin();
        VimNode hostToVms = PropertyCollector.traversal("hostToVms", "HostSystem", "vm", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), true, hostToVms)),
                List.of(PropertyCollector.propertySpec("VirtualMachine", EsxVm.PROPERTIES.toArray(String[]::new)))));
        List<EsxVm> vms = new ArrayList<>(found.size());
        for (ObjectContent content : found) {
            EsxVm vm = EsxVm.of(content);
            if (vm != null) {
                prefixedRefs = vm.ref().value().startsWith("vm-");
                remember(vm, generation);
                vms.add(vm);
            }
        }
        return vms;
    }

    EsxVm byName(String name) {
        EsxVm fresh = snapshots.named(name);
        if (fresh != null) {
            return fresh;
        }
        MoRef remembered = named.get(name);
        if (remembered != null) {
            EsxVm vm = read(remembered);
            if (vm != null && vm.name().equals(name)) {
                return vm;
            }
            named.remove(name, remembered);
        }
        for (EsxVm vm : all()) {
            if (vm.name().equals(name)) {
                return vm;
            }
        }
        throw DomainErrors.noDomainWithName(ErrorDomain.ESX, name);
    }

    EsxVm byUuid(UUID uuid) {
        EsxVm fresh = snapshots.get(uuid);
        if (fresh != null) {
            return fresh;
        }
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

    /** The VM behind a handle, as read now (or a moment ago: see the class comment). */
    EsxVm of(DomainRef domain) {
        return byUuid(domain.uuid());
    }

    /** The VM at {@code ref} now, or null when there is none. */
    EsxVm read(MoRef ref) {
        long generation = snapshots.begin();
        try {
            ObjectContent content = context.properties.retrieveOne(ref, EsxVm.PROPERTIES.toArray(String[]::new));
            EsxVm vm = EsxVm.of(content);
            if (vm != null) {
                remember(vm, generation);
            }
            return vm;
        } catch (VimFault fault) {
            if (fault.is("ManagedObjectNotFound")) {
                return null;
            }
            throw EsxErrors.translate(fault, null);
        } catch (RuntimeException e) {
            throw EsxErrors.translate(e, null);
        }
    }

    private void remember(EsxVm vm, long generation) {
        known.put(vm.uuid(), vm.ref());
        named.put(vm.name(), vm.ref());
        snapshots.put(vm, generation);
    }

    /** Forgets a VM's reference (it was unregistered). */
    void forget(UUID uuid) {
        known.remove(uuid);
        snapshots.clear();
    }
}
