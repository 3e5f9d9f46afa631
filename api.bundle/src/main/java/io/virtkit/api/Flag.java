package io.virtkit.api;

/** A flag of the API carrying libvirt's bit for it, so that flags travel to drivers as libvirt's bits. */
@org.osgi.annotation.versioning.ProviderType
public interface Flag {

    /** libvirt's bit for this flag (0 for a flag that only names the default, as CURRENT). */
    int bit();

    /** The bits of {@code flags} or'ed together; nulls are skipped, none gives 0. */
    static long bits(Flag... flags) {
        long bits = 0;
        if (flags != null) {
            for (Flag f : flags) {
                if (f != null) {
                    bits |= f.bit();
                }
            }
        }
        return bits;
    }
}
