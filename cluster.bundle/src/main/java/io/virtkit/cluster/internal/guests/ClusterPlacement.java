package io.virtkit.cluster.internal.guests;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.PlacementPolicy;
import io.virtkit.api.cluster.PlacementRequest;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * {@link Placement} with the highest-ranked {@link PlacementPolicy} service (the default one has the lowest
 * ranking): the candidates are the live members offering the guest's connection, minus the excluded; the guest's
 * memory and vCPUs come from its definition.
 */
@Component(service = Placement.class)
public final class ClusterPlacement implements Placement {

    private record Ranked(PlacementPolicy policy, int ranking, long order) {
    }

    private final MembershipView membership;
    private final CopyOnWriteArrayList<Ranked> policies = new CopyOnWriteArrayList<>();
    private long added; // guarded by policies

    @Activate
    public ClusterPlacement(@Reference MembershipView membership) {
        this.membership = membership;
    }

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(PlacementPolicy policy, Map<String, Object> properties) {
        Object r = properties.get(Constants.SERVICE_RANKING);
        synchronized (policies) {
            policies.add(new Ranked(policy, r instanceof Integer i ? i : 0, added++));
        }
    }

    void removePolicy(PlacementPolicy policy) {
        policies.removeIf(r -> r.policy() == policy);
    }

    @Override
    public ClusterHost choose(ClusterGuest guest, Set<UUID> excluded) {
        // read, not cached: the previous placement's host has rewritten its free memory before it answered
        List<ClusterHost> candidates = membership.hostsNow().stream()
                .filter(h -> h.hypervisors().contains(guest.uri()) && !excluded.contains(h.uuid()))
                .toList();
        if (candidates.isEmpty()) {
            throw noHost(guest, (excluded.isEmpty() ? "no member offers " : "no other member offers ") + guest.uri());
        }
        DomainDefinition def = DomainXmlCodec.parse(guest.xml());
        long memory = def.currentMemoryKiB() > 0 ? def.currentMemoryKiB() : def.memoryKiB();
        PlacementPolicy policy = policies.stream()
                .min(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::order))
                .map(Ranked::policy)
                .orElseGet(DefaultPlacementPolicy::new);
        ClusterHost chosen = policy.choose(new PlacementRequest(guest, memory, def.vcpus(), candidates))
                .orElseThrow(() -> noHost(guest, "no member has " + memory + " KiB of memory free"));
        if (candidates.stream().noneMatch(h -> h.uuid().equals(chosen.uuid()))) {
            throw noHost(guest, "the placement policy chose host '" + chosen.hostname() + "', not a candidate");
        }
        return chosen;
    }

    private static VirtException noHost(ClusterGuest guest, String why) {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE,
                "no host can run guest '" + guest.name() + "': " + why);
    }
}
