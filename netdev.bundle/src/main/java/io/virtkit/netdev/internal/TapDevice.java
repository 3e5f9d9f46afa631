package io.virtkit.netdev.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TAP device created through /dev/net/tun, owning its queue descriptors.
 *
 * <p>A transient TAP exists only while one of its descriptors is open, so closing this object makes
 * it vanish; that is what lets libvirt (and Virtkit) hand the descriptor to QEMU and never unplug
 * anything afterwards. A persistent TAP survives close and is removed with {@link #deletePersistent}.
 *
 * <p>A TAP is created in the network namespace of the calling thread (the tun file takes the
 * namespace at open time).
 */
final class TapDevice implements AutoCloseable {
    static final String TUN_PATH = "/dev/net/tun";

    // linux/if_tun.h
    static final int IFF_TAP = 0x0002;
    static final int IFF_MULTI_QUEUE = 0x0100;
    static final int IFF_PERSIST = 0x0800;
    static final int IFF_NO_PI = 0x1000;
    static final int IFF_VNET_HDR = 0x4000;
    /** Fail with EBUSY instead of attaching when a device of that name exists (Linux 2.6.27+). */
    static final int IFF_TUN_EXCL = 0x8000;

    // _IOW('T', 202, int), _IOW('T', 203, int), _IOR('T', 210, unsigned int)
    static final NativeLong TUNSETIFF = new NativeLong(0x400454caL);
    static final NativeLong TUNSETPERSIST = new NativeLong(0x400454cbL);
    static final NativeLong TUNGETIFF = new NativeLong(0x800454d2L);

    /** struct ifreq: 16 bytes of name then a 24-byte union (ifr_flags is its first short). */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;

    /**
     * What to create.
     *
     * @param name the exact name wanted (it must not exist: libvirt's seed rule)
     * @param vnetHeader IFF_VNET_HDR, for virtio NICs (GSO/checksum offload through the TAP)
     * @param queues number of queue descriptors; more than one requests IFF_MULTI_QUEUE
     * @param persistent TUNSETPERSIST: the device survives its descriptors
     */
    record Spec(String name, boolean vnetHeader, int queues, boolean persistent) {
        Spec {
            if (queues < 1) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                        "a TAP device needs at least one queue, got " + queues);
            }
        }

        static Spec transientTap(String name) {
            return new Spec(name, false, 1, false);
        }

        int ifrFlags() {
            return IFF_TAP | IFF_NO_PI | (vnetHeader ? IFF_VNET_HDR : 0) | (queues > 1 ? IFF_MULTI_QUEUE : 0);
        }
    }

    private final String name;
    private final boolean persistent;
    private final List<Integer> fds;
    private boolean closed;

    private TapDevice(String name, boolean persistent, List<Integer> fds) {
        this.name = name;
        this.persistent = persistent;
        this.fds = fds;
    }

    /**
     * Creates the TAP {@code spec.name()}. If a link of that name already exists, fails with libvirt's
     * "Requested operation is not valid: The NAME interface already exists" and touches nothing: a
     * plain TUNSETIFF would silently attach to an existing persistent TAP, which is exactly what
     * libvirt 9.0 forbids. IFF_TUN_EXCL on the first queue closes the window between the check and
     * the creation. On any failure every descriptor opened so far is closed, so nothing is left.
     */
    static TapDevice create(Spec spec) {
        String name = spec.name();
        InterfaceNames.validate(name, "Unable to create tap device");
        if (LibC.if_nametoindex(name) != 0) {
            throw NetdevErrors.interfaceExists(name);
        }
        List<Integer> fds = new ArrayList<>();
        try {
            for (int q = 0; q < spec.queues(); q++) {
                // later queues attach to the device the first one created, so only the first is exclusive
                int flags = spec.ifrFlags() | (q == 0 ? IFF_TUN_EXCL : 0);
                int fd = openTun();
                fds.add(fd);
                try {
                    LibC.ioctl(fd, TUNSETIFF, ifreq(name, flags));
                } catch (LastErrorException e) {
                    if (q == 0 && LibC.errno(e) == LibC.EBUSY) {
                        // created by someone else between the check and now
                        throw NetdevErrors.interfaceExists(name);
                    }
                    throw NetdevErrors.system(LibC.errno(e), "Unable to create tap device " + name, e);
                }
                if (spec.persistent()) {
                    try {
                        LibC.ioctl(fd, TUNSETPERSIST, new NativeLong(1));
                    } catch (LastErrorException e) {
                        throw NetdevErrors.system(LibC.errno(e),
                                "Unable to set tap device " + name + " to persistent", e);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (spec.persistent() && !fds.isEmpty()) {
                unpersistQuietly(fds.get(0));
            }
            fds.forEach(LibC::closeQuietly);
            throw e;
        }
        return new TapDevice(name, spec.persistent(), fds);
    }

    /**
     * Creates a TAP under a generated {@code vnetN} name. A name taken between the allocator's check
     * and the creation is skipped, not reused: another owner's device is never attached to.
     */
    static TapDevice createGenerated(TapNameAllocator names, boolean vnetHeader, int queues, boolean persistent) {
        VirtException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            Spec spec = new Spec(names.next(), vnetHeader, queues, persistent);
            try {
                return create(spec);
            } catch (VirtException e) {
                if (e.code() != ErrorCode.OPERATION_INVALID) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * Opens the user's existing TAP {@code name} (unmanaged ethernet) without changing it: no MAC, MTU,
     * persistence or link state is touched, and closing the returned object only closes our descriptor.
     * A missing device is an error, never created (a plain TUNSETIFF would create one).
     */
    static TapDevice openExisting(String name, boolean vnetHeader) {
        InterfaceNames.validate(name, "Unable to associate TAP device");
        if (LibC.if_nametoindex(name) == 0) {
            throw NetdevErrors.system(LibC.ENODEV, "Unable to get index for interface " + name);
        }
        int fd = openTun();
        try {
            LibC.ioctl(fd, TUNSETIFF, ifreq(name, IFF_TAP | IFF_NO_PI | (vnetHeader ? IFF_VNET_HDR : 0)));
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            throw NetdevErrors.system(LibC.errno(e), "Unable to associate TAP device " + name, e);
        }
        return new TapDevice(name, true, new ArrayList<>(List.of(fd)));
    }

    /**
     * Removes a persistent TAP: attach to it, clear persistence, close. Refuses a name that does not
     * exist (a TUNSETIFF on it would create one) and anything that is not a TAP (the kernel answers
     * EINVAL).
     */
    static void deletePersistent(String name) {
        InterfaceNames.validate(name, "Unable to associate TAP device");
        if (LibC.if_nametoindex(name) == 0) {
            throw NetdevErrors.system(LibC.ENODEV, "Unable to associate TAP device " + name);
        }
        int fd = openTun();
        try {
            try {
                LibC.ioctl(fd, TUNSETIFF, ifreq(name, IFF_TAP | IFF_NO_PI));
            } catch (LastErrorException e) {
                if (LibC.errno(e) != LibC.EINVAL) {
                    throw NetdevErrors.system(LibC.errno(e), "Unable to associate TAP device " + name, e);
                }
                // a multiqueue TAP only accepts attachment with IFF_MULTI_QUEUE
                try {
                    LibC.ioctl(fd, TUNSETIFF, ifreq(name, IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE));
                } catch (LastErrorException e2) {
                    throw NetdevErrors.system(LibC.errno(e2), "Unable to associate TAP device " + name, e2);
                }
            }
            try {
                LibC.ioctl(fd, TUNSETPERSIST, new NativeLong(0));
            } catch (LastErrorException e) {
                throw NetdevErrors.system(LibC.errno(e), "Unable to make TAP device non-persistent", e);
            }
        } finally {
            LibC.closeQuietly(fd);
        }
    }

    private static int openTun() {
        try {
            return LibC.open(TUN_PATH, LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw NetdevErrors.system(LibC.errno(e), "Unable to open " + TUN_PATH + ", is tun module loaded?", e);
        }
    }

    private static void unpersistQuietly(int fd) {
        try {
            LibC.ioctl(fd, TUNSETPERSIST, new NativeLong(0));
        } catch (LastErrorException ignored) {
            // the device was never made persistent, or is already gone
        }
    }

    static byte[] ifreq(String name, int flags) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        ByteBuffer b = ByteBuffer.allocate(IFREQ_SIZE).order(ByteOrder.nativeOrder());
        b.put(n);
        b.putShort(IFNAMSIZ, (short) flags);
        return b.array();
    }

    static int ifreqFlags(byte[] ifreq) {
        return ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).getShort(IFNAMSIZ) & 0xFFFF;
    }

    String name() {
        return name;
    }

    boolean persistent() {
        return persistent;
    }

    /** The queue descriptors, still owned by this object. */
    synchronized List<Integer> fds() {
        if (closed) {
            throw new IllegalStateException("TAP " + name + " is closed");
        }
        return List.copyOf(fds);
    }

    /** TUNGETIFF flags of the first queue (IFF_TAP, IFF_NO_PI, IFF_VNET_HDR, IFF_PERSIST, …). */
    synchronized int queryFlags() {
        byte[] req = new byte[IFREQ_SIZE];
        try {
            LibC.ioctl(fds().get(0), TUNGETIFF, req);
        } catch (LastErrorException e) {
            throw NetdevErrors.system(LibC.errno(e), "Unable to query tap interface name", e);
        }
        return ifreqFlags(req);
    }

    /** Closes every queue; a transient TAP disappears with its last descriptor. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            fds.forEach(LibC::closeQuietly);
        }
    }
}
