package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * A domain's {@code <cpu>} besides its mode (which is {@link DomainDefinition#cpuMode()}): the model the guest
 * sees, its topology, features, caches, address bits and guest NUMA. Absent parts are {@code null} (lists
 * empty).
 *
 * @param match       {@code exact}, {@code minimum} or {@code strict}, or {@code null}
 * @param check       {@code none}, {@code partial} or {@code full}, or {@code null}
 * @param migratable  {@code <cpu migratable>} (host-passthrough, maximum), or {@code null}
 * @param model       the CPU model, or {@code null}
 * @param vendor      the CPU vendor ({@code <vendor>}), or {@code null}
 * @param topology    sockets, dies, cores and threads, or {@code null}
 * @param cache       the CPU cache mode, or {@code null}
 * @param maxPhysAddr the physical address bits, or {@code null}
 * @param features    the CPU features in document order
 * @param numa        the guest NUMA cells and interconnects, or {@code null}
 */
public record DomainCpu(String match, String check, Boolean migratable, Model model, String vendor, Topology topology,
        Cache cache, MaxPhysAddr maxPhysAddr, List<Feature> features, Numa numa) {

    public static final List<String> MATCHES = List.of("minimum", "exact", "strict");
    public static final List<String> CHECKS = List.of("none", "partial", "full");

    public DomainCpu {
        DomainValues.choice(match, "match", "cpu", MATCHES);
        DomainValues.choice(check, "check", "cpu", CHECKS);
        features = DomainValues.list(features);
    }

    /** Whether nothing besides the mode is given (such a {@code <cpu>} is just its mode). */
    public boolean isEmpty() {
        return match == null && check == null && migratable == null && model == null && vendor == null
                && topology == null && cache == null && maxPhysAddr == null && features.isEmpty() && numa == null;
    }

    /** The NUMA cells, empty without {@code <numa>}. */
    public List<Cell> cells() {
        return numa == null ? List.of() : numa.cells();
    }

    /** {@code <model>}: a CPU model name ({@code ""}: none) with its {@code fallback} and {@code vendor_id}. */
    public record Model(String name, String fallback, String vendorId) {
        public Model {
            DomainValues.choice(fallback, "fallback", "model", List.of("allow", "forbid"));
            if (vendorId != null && vendorId.length() != 12) {
                throw DomainValues.invalid("vendor_id", "model", vendorId);
            }
        }
    }

    /** {@code <topology>}; {@code dies} is {@code null} when not given (one die). */
    public record Topology(int sockets, Integer dies, int cores, int threads) {
        public Topology {
            if (sockets < 1 || cores < 1 || threads < 1 || dies != null && dies < 1) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_ERROR,
                        io.virtkit.api.ErrorDomain.DOMAIN, "Invalid CPU topology");
            }
        }

        /** The dies, 1 when not given. */
        public int diesOrOne() {
            return dies == null ? 1 : dies;
        }
    }

    /** {@code <cache>}: {@code emulate} (with a level), {@code passthrough} or {@code disable}. */
    public record Cache(Integer level, String mode) {
        public Cache {
            Objects.requireNonNull(mode, "mode");
            DomainValues.choice(mode, "mode", "cache", List.of("emulate", "passthrough", "disable"));
            DomainValues.nonNegative(level, "level", "cache");
        }
    }

    /** {@code <maxphysaddr>}: {@code passthrough} (with an optional limit) or {@code emulate} with the bits. */
    public record MaxPhysAddr(String mode, Integer bits) {
        public MaxPhysAddr {
            Objects.requireNonNull(mode, "mode");
            DomainValues.choice(mode, "mode", "maxphysaddr", List.of("emulate", "passthrough"));
            DomainValues.nonNegative(bits, "bits", "maxphysaddr");
        }
    }

    /** {@code <feature>}: a CPU feature and its policy ({@code null}: libvirt's default, require). */
    public record Feature(String policy, String name) {
        public static final List<String> POLICIES = List.of("force", "require", "optional", "disable", "forbid");

        public Feature {
            Objects.requireNonNull(name, "name");
            DomainValues.choice(policy, "policy", "feature", POLICIES);
        }

        /** Whether the guest gets the feature (force, require, optional). */
        public boolean enabled() {
            return policy == null || !policy.equals("disable") && !policy.equals("forbid");
        }
    }

    /** {@code <numa>}: the cells and the HMAT interconnects between them. */
    public record Numa(List<Cell> cells, List<Interconnect> interconnects) {
        public Numa {
            cells = DomainValues.list(cells);
            interconnects = DomainValues.list(interconnects);
        }
    }

    /**
     * A NUMA {@code <cell>}: its memory in KiB (libvirt writes it so), CPUs, memory access and discard,
     * distances to the other cells and HMAT caches.
     */
    public record Cell(Integer id, String cpus, long memoryKiB, String memAccess, Boolean discard,
            List<Sibling> distances, List<CellCache> caches) {
        public Cell {
            DomainValues.nonNegative(id, "id", "cell");
            DomainValues.nonNegative(memoryKiB, "memory", "cell");
            DomainValues.choice(memAccess, "memAccess", "cell", List.of("shared", "private"));
            distances = DomainValues.list(distances);
            caches = DomainValues.list(caches);
        }
    }

    /** A {@code <sibling>} of a cell's {@code <distances>}. */
    public record Sibling(int id, int value) {
    }

    /** An HMAT {@code <cache>} of a cell: level, associativity, policy, size and line size. */
    public record CellCache(int level, String associativity, String policy, long size, String sizeUnit, long line,
            String lineUnit) {
        public CellCache {
            DomainValues.choice(associativity, "associativity", "cache", List.of("none", "direct", "full"));
            DomainValues.choice(policy, "policy", "cache", List.of("none", "writeback", "writethrough"));
        }
    }

    /**
     * An HMAT {@code <latency>} or {@code <bandwidth>} ({@code kind}) between an initiator and a target cell
     * ({@code unit} only for bandwidth).
     */
    public record Interconnect(String kind, int initiator, int target, Integer cache, String type, long value,
            String unit) {
        public Interconnect {
            DomainValues.choice(kind, "kind", "interconnects", List.of("latency", "bandwidth"));
            DomainValues.choice(type, "type", kind, List.of("access", "read", "write"));
        }
    }
}
