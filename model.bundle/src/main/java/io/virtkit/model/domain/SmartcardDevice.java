package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * A {@code <smartcard>}: a USB CCID card reader in the guest backed by the host's reader ({@code host}), by
 * three certificates in an NSS database ({@code host-certificates}), or by a character device that a client
 * such as SPICE drives ({@code passthrough}).
 *
 * @param mode         {@code host}, {@code host-certificates} or {@code passthrough}
 * @param certificates the three certificates' names ({@code host-certificates}), else empty
 * @param database     the NSS database directory ({@code host-certificates}), or {@code null} for the default
 * @param passthrough  the host side of a {@code passthrough} card (type, source, protocol), else {@code null}
 * @param info         alias and address in the guest ({@link DeviceInfo#NONE} when unassigned)
 */
public record SmartcardDevice(String mode, List<String> certificates, String database, CharDevice passthrough,
        DeviceInfo info) {

    public SmartcardDevice {
        Objects.requireNonNull(mode, "mode");
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        info = DeviceInfo.orNone(info);
        switch (mode) {
            case "host" -> {
                if (!certificates.isEmpty() || database != null || passthrough != null) {
                    throw new IllegalArgumentException("a host smartcard has no certificates and no source");
                }
            }
            case "host-certificates" -> {
                if (certificates.size() != 3) {
                    throw new IllegalArgumentException("host-certificates mode needs exactly three certificates");
                }
                if (passthrough != null) {
                    throw new IllegalArgumentException("a host-certificates smartcard has no source");
                }
            }
            case "passthrough" -> {
                Objects.requireNonNull(passthrough, "passthrough");
                if (!certificates.isEmpty() || database != null) {
                    throw new IllegalArgumentException("a passthrough smartcard has no certificates");
                }
            }
            default -> throw new IllegalArgumentException("unknown smartcard device mode: " + mode);
        }
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }
}
