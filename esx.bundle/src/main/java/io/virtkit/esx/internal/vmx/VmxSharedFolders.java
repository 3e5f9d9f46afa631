package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.FilesystemDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * VMware's shared folders ({@code sharedFolderN.*}, on when {@code isolation.tools.hgfs.disable} is
 * {@code false}) between VMX and {@code <filesystem type='mount'>}, as libvirt's virVMXParseFileSystem and
 * virVMXFormatFileSystem map them.
 */
final class VmxSharedFolders {
    private VmxSharedFolders() {
    }

    /** The enabled shared folders, none while the host-guest file system is off (VMware's default). */
    static List<FilesystemDevice> parse(VmxEntries vmx) {
        List<FilesystemDevice> folders = new ArrayList<>();
        if (vmx.bool("isolation.tools.hgfs.disable", true)) {
            return folders;
        }
        long max = vmx.number("sharedFolder.maxNum", 0, true);
        for (int n = 0; n < max; n++) {
            String prefix = "sharedFolder" + n + ".";
            boolean present = vmx.bool(prefix + "present", false);
            boolean enabled = vmx.bool(prefix + "enabled", false);
            if (!(present && enabled)) {
                continue;
            }
            String hostPath = vmx.string(prefix + "hostPath", false);
            String guestName = vmx.string(prefix + "guestName", false);
            boolean writeAccess = vmx.bool(prefix + "writeAccess", false);
            folders.add(FilesystemDevice.builder().type("mount").sourceDir(hostPath).targetDir(guestName)
                    .readonly(!writeAccess).build());
        }
        return folders;
    }

    /** Writes the shared folders after the disks, in libvirt's order. */
    static void format(List<FilesystemDevice> folders, VmxFile.Builder out) {
        if (folders.isEmpty()) {
            return;
        }
        out.put("isolation.tools.hgfs.disable", "false").put("sharedFolder.maxNum", Integer.toString(folders.size()));
        for (int n = 0; n < folders.size(); n++) {
            FilesystemDevice fs = folders.get(n);
            String type = fs.type() == null ? "mount" : fs.type();
            if (!type.equals("mount")) {
                throw VmxErrors.unsupported("Only 'mount' filesystem type is supported");
            }
            String prefix = "sharedFolder" + n + ".";
            out.put(prefix + "present", "true").put(prefix + "enabled", "true").put(prefix + "readAccess", "true")
                    .put(prefix + "writeAccess", fs.readonly() ? "false" : "true")
                    .put(prefix + "hostPath", fs.sourceDir()).put(prefix + "guestName", fs.targetDir());
        }
    }
}
