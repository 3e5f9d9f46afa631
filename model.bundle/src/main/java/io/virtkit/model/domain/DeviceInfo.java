package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A device's identity, libvirt's device info: its {@code <alias name='…'/>} and its {@code <address/>}.
 *
 * <p>Aliases come from two places. A user may name a device with an alias that starts with {@code ua-}
 * ({@link #USER_ALIAS_PREFIX}) and uses only letters, digits, {@code _} and {@code -}: it is part of the
 * definition. Every other alias ({@code net0}, {@code virtio-disk0}, {@code serial0} …) is the driver's
 * name for the device in the running hypervisor: it belongs to the live state only, so a definition
 * parsed for a define drops it and the inactive XML does not show it, while the live XML and the status
 * file keep it (see {@link DomainXmlCodec#parse(String)} and {@link DomainXmlCodec#parseLive(String)}).
 * Addresses are part of the definition in both, and so is the ACPI index ({@code <acpi index='N'/>}), the
 * number a guest names a PCI device's network interface or slot by ({@code eno1}, {@code ens1}).
 *
 * @param alias     the alias, or {@code null}
 * @param address   the address, or {@code null} when not (yet) assigned
 * @param acpiIndex the ACPI index, positive, or {@code null}
 */
public record DeviceInfo(String alias, DeviceAddress address, Integer acpiIndex) {

    /** The prefix that marks an alias the user chose. */
    public static final String USER_ALIAS_PREFIX = "ua-";

    /** No alias and no address. */
    public static final DeviceInfo NONE = new DeviceInfo(null, null);

    public DeviceInfo {
        if (alias != null && alias.isEmpty()) {
            alias = null; // libvirt reads an empty name as none
        }
        if (acpiIndex != null && acpiIndex <= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, acpiIndex == 0
                    ? "Invalid value for attribute 'index' in element 'acpi': Zero is not permitted"
                    : "Invalid value for attribute 'index' in element 'acpi': '" + Integer.toUnsignedString(acpiIndex)
                            + "'. Expected non-negative integer value");
        }
    }

    /** An alias and an address, without ACPI index. */
    public DeviceInfo(String alias, DeviceAddress address) {
        this(alias, address, null);
    }

    /** Only an alias. */
    public static DeviceInfo ofAlias(String alias) {
        return new DeviceInfo(alias, null);
    }

    /** Only an address. */
    public static DeviceInfo ofAddress(DeviceAddress address) {
        return new DeviceInfo(null, address);
    }

    /** A copy with another alias ({@code null}: none). */
    public DeviceInfo withAlias(String newAlias) {
        return new DeviceInfo(newAlias, address, acpiIndex);
    }

    /** A copy with another address ({@code null}: none). */
    public DeviceInfo withAddress(DeviceAddress newAddress) {
        return new DeviceInfo(alias, newAddress, acpiIndex);
    }

    /** A copy with another ACPI index ({@code null}: none). */
    public DeviceInfo withAcpiIndex(Integer newAcpiIndex) {
        return new DeviceInfo(alias, address, newAcpiIndex);
    }

    /** Whether there is neither alias nor address nor ACPI index. */
    public boolean isEmpty() {
        return alias == null && address == null && acpiIndex == null;
    }

    /** Whether the alias is one the user chose (starts with {@code ua-}). */
    public boolean hasUserAlias() {
        return isUserAlias(alias);
    }

    /** Whether {@code alias} is a user alias: starts with {@code ua-} (libvirt's test). */
    public static boolean isUserAlias(String alias) {
        return alias != null && alias.startsWith(USER_ALIAS_PREFIX);
    }

    /**
     * Whether a definition may keep {@code alias}: a user alias made only of ASCII letters, digits, {@code _}
     * and {@code -}. libvirt silently drops any other alias from a definition, as Virtkit does.
     */
    public static boolean isValidUserAlias(String alias) {
        return isUserAlias(alias) && alias.chars().allMatch(c -> c < 0x80
                && (Character.isLetterOrDigit(c) || c == '_' || c == '-'));
    }

    /** The info a definition keeps: the address and, if it is a valid user alias, the alias. */
    public DeviceInfo persistent() {
        return alias == null || isValidUserAlias(alias) ? this : new DeviceInfo(null, address, acpiIndex);
    }

    static DeviceInfo orNone(DeviceInfo info) {
        return info == null ? NONE : info;
    }
}
