package io.virtkit.storage.internal;

import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.StorageVolumeWipeAlgorithm;

/**
 * libvirt's wipe algorithms other than zero ({@code virStorageVolWipePattern}): each is one of the pattern
 * sequences of the {@code scrub} program (Debian's scrub), run over the volume's file or device in place, as
 * libvirt runs it ({@code scrub -f -p <name> <path>}). Its size stays; its content is the patterns' last pass
 * and scrub's signature. {@code trim} is refused as libvirt's local backends refuse it; a failing or missing
 * scrub is libvirt's failed child process.
 */
final class WipePatterns {
    /** The program, found on PATH (host-programs.tsv lists it). */
    static final String SCRUB = "scrub";

    private WipePatterns() {
    }

    /**
     * The algorithm libvirt numbers {@code number}.
     *
     * @throws io.virtkit.api.VirtException INVALID_ARG beyond libvirt's last algorithm, as its driver checks first
     */
    static StorageVolumeWipeAlgorithm algorithm(int number) {
        for (StorageVolumeWipeAlgorithm a : StorageVolumeWipeAlgorithm.values()) {
            if (a.number() == number) {
                return a;
            }
        }
        throw StorageErrors.error(ErrorCode.INVALID_ARG, "wiping algorithm " + number + " not supported");
    }

    /** Overwrites {@code volume} with {@code algorithm}'s patterns through {@code program} (scrub). */
    static void scrub(HostVolume volume, StorageVolumeWipeAlgorithm algorithm, String program) {
        if (algorithm == StorageVolumeWipeAlgorithm.TRIM) {
            throw StorageErrors.error(ErrorCode.ARGUMENT_UNSUPPORTED, "'trim' algorithm not supported");
        }
        if (algorithm == StorageVolumeWipeAlgorithm.ZERO) {
            throw new IllegalArgumentException("zero is FileVolumes.wipe's, not scrub's");
        }
        // -f: scrub a file its signature says was scrubbed before, as a second wipe must
        HostCommand.check(List.of(program, "-f", "-p", algorithm.label(), volume.path().toString()));
    }
}
