package io.virtkit.qemu.internal.qmp;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * QEMU answered a command with a QMP error. Worded as libvirt words it ("internal error: unable to
 * execute QEMU command 'x': desc", code INTERNAL_ERROR), and keeps QEMU's error class
 * ("CommandNotFound", "GenericError", "DeviceNotFound", …) so that a caller can tell errors apart
 * without parsing the text.
 */
public final class QmpCommandException extends VirtException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String errorClass;
    private final String description;

    public QmpCommandException(String command, String errorClass, String description) {
        super(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "unable to execute QEMU command '" + command + "': " + description);
        this.command = command;
        this.errorClass = errorClass;
        this.description = description;
    }

    /** The QMP command that failed, e.g. "device_del". */
    public String command() {
        return command;
    }

    /** QEMU's error class, e.g. "CommandNotFound". */
    public String errorClass() {
        return errorClass;
    }

    /** QEMU's own text ("desc"), without libvirt's prefix. */
    public String description() {
        return description;
    }
}
