package io.virtkit.xen.internal;

import io.virtkit.xen.testing.XenHostFixture;

/** Domain XML of the test guests dom0 carries (the Debian kernel with a busybox initramfs that prints a marker). */
public final class XenGuests {
    private XenGuests() {
    }

    /** A PV guest booted directly from the test kernel, its console on hvc0. */
    public static String pv(String name, int memoryMiB) {
        return guest(name, "xen", memoryMiB, "console=hvc0 loglevel=4");
    }

    /**
     * A guest of {@code osType} ({@code xen}, {@code xenpvh}, {@code hvm}) booted directly from the test kernel: its
     * ELF for PV and PVH, which xl loads without unpacking, the bzImage for HVM.
     */
    public static String guest(String name, String osType, int memoryMiB, String cmdline) {
        String dir = XenHostFixture.guestDirectory();
        String kernel = "hvm".equals(osType) ? XenHostFixture.guestBzImage() : XenHostFixture.guestKernel();
        return "<domain type='xen'>\n  <name>" + name + "</name>\n  <memory unit='MiB'>" + memoryMiB + "</memory>\n"
                + "  <vcpu>1</vcpu>\n  <os>\n    <type>" + osType + "</type>\n    <kernel>" + kernel + "</kernel>\n"
                + "    <initrd>" + dir + "/initrd</initrd>\n    <cmdline>" + cmdline + "</cmdline>\n  </os>\n"
                + "  <devices>\n    <console type='pty'/>\n  </devices>\n</domain>\n";
    }
}
