package io.virtkit.xen.internal;

import io.virtkit.xen.internal.channel.ShellQuoting;

/**
 * Where the driver keeps its files on the Xen host. Persistent definitions live on the host, not in the Virtkit that
 * defined them, so every Virtkit managing the host (and one restarted) sees the same domains — as libvirt keeps
 * {@code /etc/libvirt/libxl} beside the hypervisor it manages. Live XML (what a running domain was started with)
 * lives under {@code /run}, so it goes with the host's reboot as the domains do.
 */
public final class XenHostFiles {
    private XenHostFiles() {
    }

    /** Persistent domain XML, one {@code NAME.xml} per domain. */
    public static final String DEFINITIONS = "/etc/virtkit/xen";
    /** Links to the definitions of domains started with the host. */
    public static final String AUTOSTART = DEFINITIONS + "/autostart";
    /** The XML and xl configuration running domains were started with. */
    public static final String LIVE = "/run/virtkit/xen";

    /** Managed save images ({@code xl save}'s format, so {@code xl restore} typed on the host can run them too). */
    public static final String SAVES = "/var/lib/virtkit/xen/save";

    public static String managedSave(String name) {
        return SAVES + "/" + name + ".save";
    }

    public static String definition(String name) {
        return DEFINITIONS + "/" + name + ".xml";
    }

    public static String autostartLink(String name) {
        return AUTOSTART + "/" + name + ".xml";
    }

    public static String live(String name) {
        return LIVE + "/" + name + ".xml";
    }

    /**
     * A shell line writing its standard input to {@code path} atomically (a temporary file beside it, then a rename),
     * creating the directory.
     */
    public static String writeAtomically(String path) {
        String dir = path.substring(0, path.lastIndexOf('/'));
        String tmp = path + ".new";
        return "mkdir -p " + ShellQuoting.quote(dir) + " && cat > " + ShellQuoting.quote(tmp) + " && mv -f "
                + ShellQuoting.quote(tmp) + " " + ShellQuoting.quote(path);
    }
}
