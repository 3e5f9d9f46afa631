package io.virtkit.model.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A container's user namespace mapping, libvirt's {@code <idmap>}: ranges of user and group ids inside the
 * container ({@code start}) and the host ids they are ({@code target}). As libvirt requires, both users and
 * groups are mapped and both lists map the container's root (their first range starts at 0); ranges are kept
 * sorted by {@code start} and, unlike libvirt, must not overlap (the kernel refuses such a uid_map anyway).
 *
 * @param uids the {@code <uid>} ranges
 * @param gids the {@code <gid>} ranges
 */
public record IdMap(List<Range> uids, List<Range> gids) {

    /**
     * One {@code <uid>} or {@code <gid>} element: {@code count} ids from {@code start} inside map to ids from
     * {@code target} on the host.
     */
    public record Range(long start, long target, long count) {
        public Range {
            if (start < 0 || target < 0 || count < 1 || start > MAX_ID - count + 1 || target > MAX_ID - count + 1) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "invalid idmap range start='"
                        + start + "' target='" + target + "' count='" + count + "'");
            }
        }
    }

    /** The largest id the kernel maps (uid_t minus the invalid id). */
    static final long MAX_ID = 0xFFFF_FFFEL;

    public IdMap {
        uids = sorted(uids);
        gids = sorted(gids);
        if (uids.isEmpty() || gids.isEmpty()) {
            // libvirt's virDomainDefIdMapValidate: a namespace with only one of them mapped is refused
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "uid and gid should be mapped both");
        }
        if (uids.get(0).start() != 0 || gids.get(0).start() != 0) {
            // libvirt says "user" for groups too
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "You must map the root user of container");
        }
    }

    /** The common case: the container's ids 0…count-1 are the host's target…target+count-1, for users and groups. */
    public static IdMap shifted(long target, long count) {
        return new IdMap(List.of(new Range(0, target, count)), List.of(new Range(0, target, count)));
    }

    private static List<Range> sorted(List<Range> ranges) {
        List<Range> copy = new ArrayList<>(Objects.requireNonNull(ranges, "ranges"));
        copy.forEach(r -> Objects.requireNonNull(r, "range"));
        copy.sort(Comparator.comparingLong(Range::start));
        for (int i = 1; i < copy.size(); i++) {
            Range prev = copy.get(i - 1);
            if (copy.get(i).start() < prev.start() + prev.count()) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "idmap ranges overlap at start='" + copy.get(i).start() + "'");
            }
        }
        return List.copyOf(copy);
    }
}
