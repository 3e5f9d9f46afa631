package io.virtkit.qemu.internal.command;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Host-side choices for building a command line that the domain XML does not make (libvirt keeps them in
 * {@code qemu.conf}).
 *
 * @param vncListen  the VNC listen address when the XML names none ({@code vnc_listen})
 * @param vncPortMin the first TCP port tried for {@code autoport='yes'} ({@code remote_display_port_min})
 * @param vncPortMax the last TCP port tried for {@code autoport='yes'} ({@code remote_display_port_max})
 * @param sandbox    whether QEMU runs under its seccomp sandbox ({@code seccomp_sandbox})
 */
public record QemuCommandOptions(String vncListen, int vncPortMin, int vncPortMax, boolean sandbox) {

    /** The first VNC port: display 0. */
    public static final int VNC_BASE_PORT = 5900;

    /** libvirt's defaults: VNC on the loopback address, ports 5900–65535, sandbox on. */
    public static final QemuCommandOptions DEFAULTS = new QemuCommandOptions("127.0.0.1", VNC_BASE_PORT, 65535, true);

    public QemuCommandOptions {
        if (vncPortMin < VNC_BASE_PORT || vncPortMax > 65535 || vncPortMin > vncPortMax) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "VNC port range " + vncPortMin + "-" + vncPortMax + " must lie within [5900,65535]");
        }
    }
}
