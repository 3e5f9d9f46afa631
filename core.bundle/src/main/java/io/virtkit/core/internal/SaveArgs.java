package io.virtkit.core.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The checks libvirt's public save and restore calls make before a driver sees them: the image path must be given
 * and is made absolute against the caller's working directory (libvirt's client library does it, so the daemon
 * never sees a relative path), and RUNNING excludes PAUSED ({@code VIR_EXCLUSIVE_FLAGS}).
 */
final class SaveArgs {

    private SaveArgs() {
    }

    /** {@code path} absolute and normalised; INVALID_ARG naming {@code name} when it is null. */
    static String absolutePath(String path, String name, String function) {
        ResourceArgs.nonNull(path, name, function);
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            // a NUL in the name (found by remote.bundle's ProcedureCallFuzzTest): a refusal, not an internal error
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    name + " in " + function + " must be a file name: " + e.getReason());
        }
    }

    /** RUNNING and PAUSED together are refused, with libvirt's wording. */
    static void runningOrPaused(long flags) {
        long both = DomainSaveFlag.RUNNING.bit() | DomainSaveFlag.PAUSED.bit();
        if ((flags & both) == both) {
            // libvirt's virReportInvalidArg: the message alone, no "invalid argument:" prefix
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
        }
    }
}
