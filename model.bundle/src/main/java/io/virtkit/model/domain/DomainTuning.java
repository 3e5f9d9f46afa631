package io.virtkit.model.domain;

import java.util.List;

/**
 * How the host backs and limits a domain's memory and block I/O: {@code <memtune>}, {@code <blkiotune>},
 * {@code <numatune>}, {@code <memoryBacking>} and {@code <resource>}. Each part is {@code null} when absent.
 *
 * @param memtune       memory limits, or {@code null}
 * @param blkiotune     block I/O weights and throttles, or {@code null}
 * @param numatune      host NUMA memory placement, or {@code null}
 * @param memoryBacking how guest RAM is allocated, or {@code null}
 * @param resource      the resource partition and fibre channel application id, or {@code null}
 */
public record DomainTuning(MemTune memtune, BlkioTune blkiotune, NumaTune numatune, MemoryBacking memoryBacking,
        Resource resource) {

    /** The values of a {@code <numatune>} memory or memnode {@code mode}. */
    public static final List<String> NUMA_MODES = List.of("strict", "preferred", "interleave", "restrictive");

    /** Whether no part is set. */
    public boolean isEmpty() {
        return memtune == null && blkiotune == null && numatune == null && memoryBacking == null && resource == null;
    }

    /**
     * {@code <memtune>}: limits in KiB, each {@code null} when not given.
     *
     * @param hardLimitKiB     {@code hard_limit}
     * @param softLimitKiB     {@code soft_limit}
     * @param minGuaranteeKiB  {@code min_guarantee}
     * @param swapHardLimitKiB {@code swap_hard_limit}
     */
    public record MemTune(Long hardLimitKiB, Long softLimitKiB, Long minGuaranteeKiB, Long swapHardLimitKiB) {
    }

    /** {@code <blkiotune>}: the domain's weight (100–1000) and per-device settings. */
    public record BlkioTune(Integer weight, List<BlkioDevice> devices) {
        public BlkioTune {
            ValueChecks.within(weight, 0, 1000, "could not parse weight " + weight);
            devices = devices == null ? List.of() : List.copyOf(devices);
        }
    }

    /** {@code <blkiotune><device>}: a host block device's weight and throttles, each {@code null} when not given. */
    public record BlkioDevice(String path, Integer weight, Long readIopsSec, Long writeIopsSec, Long readBytesSec,
            Long writeBytesSec) {
        public BlkioDevice {
            if (path == null || path.isBlank()) {
                throw ValueChecks.xmlError("missing device path for blkiotune");
            }
            ValueChecks.within(weight, 0, 1000, "could not parse weight " + weight);
        }
    }

    /**
     * {@code <numatune>}.
     *
     * @param memory   {@code <memory>}, or {@code null}
     * @param memnodes {@code <memnode>} per guest NUMA cell, in document order
     */
    public record NumaTune(NumaMemory memory, List<MemNode> memnodes) {
        public NumaTune {
            memnodes = memnodes == null ? List.of() : List.copyOf(memnodes);
        }
    }

    /** {@code <numatune><memory mode nodeset placement>}, each {@code null} when not given. */
    public record NumaMemory(String mode, String nodeset, String placement) {
        public NumaMemory {
            checkMode(mode, "memory");
            ValueChecks.oneOf(placement, List.of("static", "auto"), "placement", "memory");
            if ("auto".equals(placement) && nodeset != null) {
                throw ValueChecks.xmlError("nodeset can't be specified with placement 'auto'");
            }
        }
    }

    private static void checkMode(String mode, String element) {
        if (mode != null && !NUMA_MODES.contains(mode)) {
            throw ValueChecks.xmlError("Unsupported " + element + " mode '" + mode + "'");
        }
    }

    /** {@code <numatune><memnode cellid mode nodeset>}. */
    public record MemNode(int cellId, String mode, String nodeset) {
        public MemNode {
            if (mode == null) {
                throw ValueChecks.xmlError("Missing required mode attribute in memnode element");
            }
            checkMode(mode, "memnode");
            if (nodeset == null) {
                throw ValueChecks.xmlError("Missing required nodeset attribute in memnode element");
            }
        }
    }

    /**
     * {@code <memoryBacking>}.
     *
     * @param hugepages         the huge pages' sizes, {@code null} without {@code <hugepages>} (empty: the
     *                          host's default size)
     * @param noSharePages      {@code <nosharepages/>}: no kernel same-page merging
     * @param locked            {@code <locked/>}: the memory is locked
     * @param sourceType        {@code <source type>}: {@code file}, {@code anonymous}, {@code memfd}, or {@code null}
     * @param accessMode        {@code <access mode>}: {@code shared} or {@code private}, or {@code null}
     * @param allocationMode    {@code <allocation mode>}: {@code immediate} or {@code ondemand}, or {@code null}
     * @param allocationThreads {@code <allocation threads>}, or {@code null}
     * @param discard           {@code <discard/>}: memory is discarded when the guest is done with it
     */
    public record MemoryBacking(List<HugePage> hugepages, boolean noSharePages, boolean locked, String sourceType,
            String accessMode, String allocationMode, Integer allocationThreads, boolean discard) {
        public MemoryBacking {
            hugepages = hugepages == null ? null : List.copyOf(hugepages);
            ValueChecks.oneOf(sourceType, List.of("file", "anonymous", "memfd"), "type", "source");
            ValueChecks.oneOf(accessMode, List.of("shared", "private"), "mode", "access");
            ValueChecks.oneOf(allocationMode, List.of("immediate", "ondemand"), "mode", "allocation");
        }
    }

    /** {@code <hugepages><page size unit nodeset>}: a page size in KiB for the guest NUMA nodes given (or all). */
    public record HugePage(long sizeKiB, String nodeset) {
        public HugePage {
            if (sizeKiB <= 0) {
                throw ValueChecks.xmlError("hugepage size can't be zero");
            }
        }
    }

    /** {@code <resource>}: {@code <partition>} and {@code <fibrechannel appid>}, each {@code null} when absent. */
    public record Resource(String partition, String fibreChannelAppId) {
        public Resource {
            if (partition == null && fibreChannelAppId == null) {
                throw ValueChecks.xmlError("missing element or attribute './partition|./fibrechannel/@appid'");
            }
        }
    }
}
