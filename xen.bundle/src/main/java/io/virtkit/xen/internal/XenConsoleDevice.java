package io.virtkit.xen.internal;

import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;

/**
 * The console a {@code virDomainOpenConsole} device name picks in a running definition, as {@code xl console} names
 * it: {@code -t pv} for a Xen PV console, {@code -t serial} for an emulated serial port (an HVM guest's console is
 * its first serial port), with its number.
 *
 * @param name   the device's name for messages ({@code console0}, {@code serial0} or its alias)
 * @param type   {@code pv} or {@code serial}
 * @param number the console's number among those of its type
 */
record XenConsoleDevice(String name, String type, int number) {

    /**
     * Finds the device libvirt would: by alias among consoles, then serial ports; {@code consoleN}/{@code serialN}
     * by position; none given, the first console, else the first serial port. Only a pty can be attached.
     */
    static XenConsoleDevice find(DomainDefinition live, String device) {
        List<CharDevice> consoles = live.devices().consoles();
        List<CharDevice> serials = live.devices().serials();
        boolean hvm = "hvm".equals(live.os().type());
        for (int i = 0; i < consoles.size(); i++) {
            if (device == null || device.equals(consoles.get(i).alias()) || device.equals("console" + i)) {
                return ofConsole(consoles.get(i), i, device == null ? "console" + i : device, hvm);
            }
        }
        for (int i = 0; i < serials.size(); i++) {
            if (device == null || device.equals(serials.get(i).alias()) || device.equals("serial" + i)) {
                return pty(serials.get(i), device == null ? "serial" + i : device, "serial", i);
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL,
                "cannot find character device " + (device == null ? "<null>" : device));
    }

    private static XenConsoleDevice ofConsole(CharDevice console, int index, String name, boolean hvm) {
        String target = console.targetType();
        if ("serial".equals(target) || (target == null && hvm)) {
            // the console mirrors a serial port: xl reaches it as that port
            return pty(console, name, "serial", console.targetPort() == null ? 0 : console.targetPort());
        }
        return pty(console, name, "pv", index);
    }

    private static XenConsoleDevice pty(CharDevice chr, String name, String type, int number) {
        if (chr.type() != CharDevice.Type.PTY) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL,
                    "character device " + name + " is not using a PTY");
        }
        return new XenConsoleDevice(name, type, number);
    }
}
