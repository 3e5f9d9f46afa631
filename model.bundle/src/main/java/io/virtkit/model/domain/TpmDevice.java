package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * A {@code <tpm>}: a Trusted Platform Module for the guest.
 *
 * @param model            {@code tpm-tis}, {@code tpm-crb}, {@code tpm-spapr} or {@code spapr-tpm-proxy}, or
 *                         {@code null}
 * @param backendType      {@code passthrough}, {@code emulator} or {@code external}
 * @param version          {@code 1.2} or {@code 2.0}, or {@code null}
 * @param devicePath       passthrough's host device ({@code <device path>}), or {@code null}
 * @param persistentState  the emulator's {@code persistent_state} ({@code yes}/{@code no}), or {@code null}
 * @param encryptionSecret the emulator's state encryption secret (a UUID), or {@code null}
 * @param activePcrBanks   the emulator's active PCR banks ({@code sha1}, {@code sha256} …); empty when not given
 * @param sourcePath       external's UNIX socket ({@code <source type='unix' mode='connect' path>}), or {@code null}
 * @param info             alias and address
 */
public record TpmDevice(String model, String backendType, String version, String devicePath, String persistentState,
        String encryptionSecret, List<String> activePcrBanks, String sourcePath, DeviceInfo info) {

    public TpmDevice {
        Objects.requireNonNull(backendType, "backendType");
        activePcrBanks = activePcrBanks == null ? List.of() : List.copyOf(activePcrBanks);
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public TpmDevice withInfo(DeviceInfo newInfo) {
        return new TpmDevice(model, backendType, version, devicePath, persistentState, encryptionSecret,
                activePcrBanks, sourcePath, newInfo);
    }
}
