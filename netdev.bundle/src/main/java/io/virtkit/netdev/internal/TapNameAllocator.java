package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands out {@code vnet<N>} (TAP) or {@code veth<N>} (veth host end) names from a counter rather than
 * letting the kernel pick ("vnet%d"): the
 * kernel takes the lowest free number, so a name freed by one guest would go straight to the next,
 * and anything still holding the old name (a firewall rule, a stale XML) would then point at the
 * wrong guest. The counter only moves forward, skips names in use, and at construction starts past
 * every {@code <prefix>N} already present.
 */
final class TapNameAllocator {
    static final String PREFIX = "vnet";
    /** libvirt's prefix for the host ends of containers' veth pairs. */
    static final String VETH_PREFIX = "veth";
    /** Largest N that keeps "vnetN" within IFNAMSIZ-1 (15) characters; then the counter wraps to 0. */
    static final long MAX_ID = 99_999_999_999L;

    private static final Pattern VNET = generatedPattern(PREFIX);

    private final ReentrantLock lock = new ReentrantLock();
    private final String prefix;
    private final Predicate<String> inUse;
    private final int maxAttempts;
    private long next;

    /**
     * @param existing the names present at start-up, whose numbers are reserved
     * @param inUse tells whether a name is taken right now (checked at every allocation)
     */
    TapNameAllocator(Collection<String> existing, Predicate<String> inUse) {
        this(existing, inUse, 100_000);
    }

    TapNameAllocator(Collection<String> existing, Predicate<String> inUse, int maxAttempts) {
        this(PREFIX, existing, inUse, maxAttempts);
    }

    /** An allocator of {@code <prefix>N} names (the prefix has 4 characters, as "vnet" and "veth"). */
    TapNameAllocator(String prefix, Collection<String> existing, Predicate<String> inUse) {
        this(prefix, existing, inUse, 100_000);
    }

    TapNameAllocator(String prefix, Collection<String> existing, Predicate<String> inUse, int maxAttempts) {
        if (prefix.length() != PREFIX.length()) {
            throw new IllegalArgumentException("a 4-character prefix keeps names within IFNAMSIZ: " + prefix);
        }
        this.prefix = prefix;
        this.inUse = inUse;
        this.maxAttempts = maxAttempts;
        long highest = -1;
        Pattern generated = generatedPattern(prefix);
        for (String name : existing) {
            Matcher m = generated.matcher(name);
            if (m.matches()) {
                highest = Math.max(highest, Long.parseLong(m.group(1)));
            }
        }
        this.next = highest >= MAX_ID ? 0 : highest + 1;
    }

    /** The next free name; the counter moves past it so it is not handed out again soon. */
    String next() {
        lock.lock();
        try {
            for (int attempt = 0; attempt < maxAttempts; attempt++) {
                String candidate = prefix + next;
                next = next >= MAX_ID ? 0 : next + 1;
                if (!inUse.test(candidate)) {
                    return candidate;
                }
            }
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE,
                    "no unused " + prefix + " names available");
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code name} looks like one of ours (libvirt treats such target names as generated). */
    static boolean isGenerated(String name) {
        return name != null && VNET.matcher(name).matches();
    }

    /** Whether {@code name} is {@code prefix} followed by a counter value. */
    static boolean isGenerated(String prefix, String name) {
        return name != null && generatedPattern(prefix).matcher(name).matches();
    }

    private static Pattern generatedPattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "(0|[1-9][0-9]{0,10})");
    }
}
