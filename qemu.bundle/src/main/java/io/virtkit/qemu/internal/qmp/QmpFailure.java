package io.virtkit.qemu.internal.qmp;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Why a monitor connection ended, kept as code and message so that every caller failing on it gets an
 * exception of its own (with its own stack trace).
 */
record QmpFailure(ErrorCode code, String message) {

    /** A failure with {@code code}'s usual wording around {@code detail} ("operation failed: …"). */
    static QmpFailure of(ErrorCode code, String detail) {
        return new QmpFailure(code, code.message(detail));
    }

    /** The peer closed the socket (QEMU exited), worded as libvirt's monitor. */
    static QmpFailure endOfFile() {
        return of(ErrorCode.OPERATION_FAILED, "End of file from qemu monitor");
    }

    /** Our side closed the connection. */
    static QmpFailure closed() {
        return of(ErrorCode.OPERATION_FAILED, "QEMU monitor was closed");
    }

    VirtException toException() {
        return VirtException.withMessage(code, ErrorDomain.QEMU, message);
    }
}
