package io.virtkit.model.netcommon;

import java.util.Locale;

/**
 * A {@code <tag>} of a {@link Vlan}.
 *
 * @param id         the VLAN id, 0 to 4095
 * @param nativeMode whether this is the native VLAN and how its frames travel, or {@code null}
 */
public record VlanTag(int id, NativeMode nativeMode) {

    /** The largest VLAN id. */
    public static final int MAX_ID = 4095;

    public VlanTag {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("vlan tag id " + id + " out of range");
        }
    }

    /** {@code nativeMode}: frames of the native VLAN go tagged or untagged. */
    public enum NativeMode {
        TAGGED, UNTAGGED;

        public String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
