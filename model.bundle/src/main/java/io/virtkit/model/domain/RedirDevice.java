package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <redirdev>}: a USB device of a remote client forwarded into the guest, over SPICE
 * ({@code type='spicevmc'}) or a TCP or UNIX stream ({@code usbredir} protocol).
 *
 * @param bus       the guest bus ({@code usb})
 * @param type      the host side: {@code spicevmc}, {@code tcp}, {@code unix} …
 * @param mode      a socket source's mode ({@code connect}, {@code bind}), or {@code null}
 * @param host      a TCP source's host, or {@code null}
 * @param service   a TCP source's port, or {@code null}
 * @param path      a UNIX source's socket path, or {@code null}
 * @param protocol  a TCP source's wire protocol ({@code raw}, {@code telnet} …), or {@code null}
 * @param bootOrder the device's place in the boot order, or {@code null}
 * @param info      alias and address ({@link DeviceInfo#NONE} when unassigned)
 * @param hostSide  the whole host side as a character device's (every source attribute, reconnect, security
 *                  labels, clipboard and mouse, protocol, log; its target and identity unset), of which
 *                  {@code mode} … {@code protocol} are a part; {@code null} when built without it
 * @param bootLoadParm the s390 boot load parameter ({@code <boot loadparm>}), or {@code null}
 */
public record RedirDevice(String bus, String type, String mode, String host, String service, String path,
        String protocol, Integer bootOrder, DeviceInfo info, CharDevice hostSide, String bootLoadParm) {

    public RedirDevice {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
    }

    /** A redirected device of the form before its whole host side and boot load parameter were modelled. */
    public RedirDevice(String bus, String type, String mode, String host, String service, String path,
            String protocol, Integer bootOrder, DeviceInfo info) {
        this(bus, type, mode, host, service, path, protocol, bootOrder, info, null, null);
    }

    /** A redirected device whose socket fields come from its whole host side. */
    public static RedirDevice of(String bus, CharDevice hostSide, Integer bootOrder, DeviceInfo info,
            String bootLoadParm) {
        return new RedirDevice(bus, hostSide.type().xmlName(), hostSide.sourceMode(), hostSide.host(),
                hostSide.service(), hostSide.sourcePath(), hostSide.protocol(), bootOrder, info, hostSide,
                bootLoadParm);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** A copy with another alias and address. */
    public RedirDevice withInfo(DeviceInfo newInfo) {
        return new RedirDevice(bus, type, mode, host, service, path, protocol, bootOrder, newInfo, hostSide,
                bootLoadParm);
    }
}
