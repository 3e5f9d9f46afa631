package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.support.DomainListFilter;

/**
 * {@code virConnectListAllDomains} in as few round trips as the flags allow: one query for every VM (filtered
 * here by state and managed save, where libvirt puts part of the filter in the WQL — the answer is the same);
 * one more, for every VM's settings at once, only when autostart is filtered on. libvirt's driver answers
 * AUTOSTART with nothing (it has no list filter for it); here the VMs set to start with the host are listed.
 */
final class HypervDomainList {

    private static final long AUTOSTART_FLAGS = DomainListFlag.AUTOSTART.bit() | DomainListFlag.NO_AUTOSTART.bit();

    private final HypervContext context;
    private final HypervInventory inventory;

    HypervDomainList(HypervContext context, HypervInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    List<DomainRef> list(long flags) {
        DomainListFilter filter = DomainListFilter.of(DriverFlags.decode(flags, DomainListFlag.class,
                "virConnectListAllDomains").toArray(DomainListFlag[]::new));
        List<HypervVm> vms = inventory.all();
        Set<String> autostarted = (flags & AUTOSTART_FLAGS) != 0 ? autostartedGuids() : Set.of();
        return vms.stream()
                .filter(vm -> filter.matches(vm.isActive(), true, vm.state(), autostarted.contains(vm.guid()),
                        vm.isSaved()))
                .map(HypervVm::toRef).toList();
    }

    /** The GUIDs of the VMs whose realized settings say "always start" (AutomaticStartupAction 4). */
    private Set<String> autostartedGuids() {
        List<CimInstance> settings = context.virtualization(Wql.select(HypervVmSettings.SYSTEM_SETTINGS)
                .where("VirtualSystemType", "Microsoft:Hyper-V:System:Realized"));
        return settings.stream().filter(s -> "4".equals(s.get("AutomaticStartupAction")))
                .map(s -> s.get("VirtualSystemIdentifier")).filter(id -> id != null)
                .map(id -> id.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
    }
}
