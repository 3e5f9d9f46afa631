package io.virtkit.api.driver;

import java.util.EnumSet;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.Flag;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's {@code virCheckFlags}: every driver entry point names the flags it supports and refuses any
 * other bit, so that a flag added to the API later is never silently ignored by a driver that predates it.
 */
public final class DriverFlags {
    private DriverFlags() {
    }

    /**
     * @param flags the bits the caller passed
     * @param supported the bits this entry point handles
     * @param function libvirt's name of the call ("virDomainCreateWithFlags")
     * @throws VirtException {@link ErrorCode#INVALID_ARG} "unsupported flags (0x…) in function …"
     */
    public static void check(long flags, long supported, String function) {
        long unknown = flags & ~supported;
        if (unknown != 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                    "unsupported flags (0x" + Long.toHexString(unknown) + ") in function " + function);
        }
    }

    /**
     * {@link #check}s {@code flags} against every bit of {@code type}'s constants, then returns them as those
     * constants: for entry points that support all of an enum's flags.
     */
    public static <E extends Enum<E> & Flag> Set<E> decode(long flags, Class<E> type, String function) {
        long supported = 0;
        for (E e : type.getEnumConstants()) {
            supported |= e.bit();
        }
        check(flags, supported, function);
        EnumSet<E> set = EnumSet.noneOf(type);
        for (E e : type.getEnumConstants()) {
            if (e.bit() != 0 && (flags & e.bit()) != 0) {
                set.add(e);
            }
        }
        return set;
    }

    /** NO_SUPPORT for an entry point a sub-driver does not offer, worded as libvirt's. */
    public static VirtException noSupport(String function) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, function);
    }
}
