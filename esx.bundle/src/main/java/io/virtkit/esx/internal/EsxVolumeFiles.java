package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimTaskException;
import io.virtkit.esx.internal.vmx.DatastorePath;

/**
 * Files on datastores as libvirt's VMFS backend finds them with the datastore browser: every virtual disk of a
 * datastore ({@code SearchDatastoreSubFolders_Task} with a {@code VmDiskFileQuery}), one file's info
 * ({@code SearchDatastore_Task} in its directory, matching its name, for disks, ISO and floppy images and
 * folders) and a disk's UUID ({@code QueryVirtualDiskUuid}), which is a volume's key.
 *
 * <p>Unlike libvirt, the searches name a match pattern ({@code *}): the vSphere API lets it out to mean every
 * file, but the simulator (govmomi's vcsim) then matches none.
 */
final class EsxVolumeFiles {

    /** One file a search found: its name, its info's type ({@code VmDiskFileInfo}, ...) and sizes. */
    record FileInfo(String name, String type, long fileSize, long capacityKb) {

        boolean isDisk() {
            return "VmDiskFileInfo".equals(type);
        }
    }

    private final EsxContext context;
    private final EsxDatastores datastores;

    EsxVolumeFiles(EsxContext context, EsxDatastores datastores) {
        this.context = context;
        this.datastores = datastores;
    }

    /** The names ({@code dir/file.vmdk}) of every virtual disk on {@code ds}, in the browser's order. */
    List<String> diskNames(EsxDatastore ds) {
        VimNode spec = VimNode.of("searchSpec",
                VimNode.of("query", VimNode.of("details", VimNode.leaf("diskType", "false"),
                        VimNode.leaf("capacityKb", "false"), VimNode.leaf("hardwareVersion", "false"),
                        VimNode.leaf("controllerType", "true"), VimNode.leaf("diskExtents", "false")))
                        .typed("VmDiskFileQuery"),
                VimNode.of("details", VimNode.leaf("fileType", "true"), VimNode.leaf("fileSize", "false"),
                        VimNode.leaf("modification", "false")),
                VimNode.leaf("matchPattern", "*"));
        VimNode result = search(ds, "SearchDatastoreSubFolders_Task", "[" + ds.name() + "]", spec);
        List<String> names = new ArrayList<>();
        if (result == null) {
            return names;
        }
        for (VimNode folder : result.children()) {
            if (folder.child("folderPath").isEmpty()) {
                continue;
            }
            String dir = directoryOf(folder.textAt("folderPath"));
            for (VimNode file : folder.children("file")) {
                String name = file.textAt("path");
                if (name != null && !name.isEmpty() && file.xsiType().map("VmDiskFileInfo"::equals).orElse(true)) {
                    names.add(dir.isEmpty() ? name : dir + "/" + name);
                }
            }
        }
        return names;
    }

    /**
     * The info of the file at {@code path}: null when its directory holds no such disk, image or folder;
     * INTERNAL_ERROR when the datastore or the directory is missing, as libvirt.
     */
    FileInfo find(DatastorePath path) {
        EsxDatastore ds = datastores.find(path.datastore());
        if (ds == null) {
            throw EsxErrors.internal("Could not find datastore with name '" + path.datastore() + "'");
        }
        String inner = path.directoryAndFile();
        int slash = inner.lastIndexOf('/');
        String directory = "[" + ds.name() + "]" + (slash < 0 ? "" : " " + inner.substring(0, slash));
        String fileName = slash < 0 ? inner : inner.substring(slash + 1);
        VimNode spec = VimNode.of("searchSpec",
                VimNode.of("query").typed("FolderFileQuery"),
                VimNode.of("query", VimNode.of("details", VimNode.leaf("diskType", "false"),
                        VimNode.leaf("capacityKb", "true"), VimNode.leaf("hardwareVersion", "false")))
                        .typed("VmDiskFileQuery"),
                VimNode.of("query").typed("IsoImageFileQuery"),
                VimNode.of("query").typed("FloppyImageFileQuery"),
                VimNode.of("details", VimNode.leaf("fileType", "true"), VimNode.leaf("fileSize", "true"),
                        VimNode.leaf("modification", "false")),
                VimNode.leaf("matchPattern", fileName));
        VimNode result = search(ds, "SearchDatastore_Task", directory, spec);
        if (result == null) {
            return null;
        }
        for (VimNode file : result.children("file")) {
            if (fileName.equals(file.textAt("path"))) {
                return new FileInfo(fileName, file.xsiType().orElse("FileInfo"), number(file.textAt("fileSize")),
                        number(file.textAt("capacityKb")));
            }
        }
        return null;
    }

    /** The info of a volume's file: NO_STORAGE_VOL with libvirt's words when it is not there. */
    FileInfo require(DatastorePath path) {
        FileInfo info = find(path);
        if (info == null || "FolderFileInfo".equals(info.type())) {
            throw noVolume(path.toString());
        }
        return info;
    }

    static VirtException noVolume(String keyOrPath) {
        return new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.ESX,
                "No storage volume with key or path '" + keyOrPath + "'");
    }

    /** libvirt's key of a volume: a disk's UUID, formatted as a UUID; the datastore path for other files. */
    String key(DatastorePath path, FileInfo info) {
        return info.isDisk() ? diskUuid(path) : path.toString();
    }

    /** {@code QueryVirtualDiskUuid}, its {@code 60 00 c2 ... -...} answer read as a UUID. */
    String diskUuid(DatastorePath path) {
        VimNode answer = EsxErrors.call(() -> context.session.call("QueryVirtualDiskUuid",
                context.session.serviceObject("virtualDiskManager"), VimNode.leaf("name", path.toString()),
                context.refs.datacenter().toNode("datacenter")));
        return reformatUuid(answer.textAt("returnval"));
    }

    /** A disk UUID as the host writes it (bytes in hex, spaces and a dash between) as libvirt formats UUIDs. */
    static String reformatUuid(String hostUuid) {
        String hex = hostUuid == null ? "" : hostUuid.replaceAll("[\\s-]", "").toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{32}")) {
            throw EsxErrors.internal("Could not parse UUID from string '" + hostUuid + "'");
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private VimNode search(EsxDatastore ds, String method, String datastorePath, VimNode spec) {
        if (ds.browser() == null) {
            throw EsxErrors.internal("Datastore '" + ds.name() + "' has no browser");
        }
        try {
            return context.tasks.run(context.taskTimeout(), method, ds.browser(),
                    VimNode.leaf("datastorePath", datastorePath), spec).orElse(null);
        } catch (VimTaskException e) {
            if (e.timedOut()) {
                throw EsxErrors.translate(e, "Could not search in datastore '" + ds.name() + "'");
            }
            throw EsxErrors.internal("Could not search in datastore '" + ds.name() + "': " + taskMessage(e));
        } catch (RuntimeException e) {
            throw EsxErrors.translate(e, null);
        }
    }

    /** A failed task's error as libvirt words it: {@code FaultType - localized message}. */
    static String taskMessage(VimTaskException e) {
        String message = e.getMessage();
        String fault = e.faultType();
        if (fault == null || fault.equals(message)) {
            return message;
        }
        return message == null || message.isEmpty() ? fault : fault + " - " + message;
    }

    /** The path inside the datastore of a search result's folder ({@code [ds] dir/}), no slashes around it. */
    static String directoryOf(String folderPath) {
        String rest = folderPath == null ? "" : folderPath;
        int close = rest.indexOf(']');
        if (rest.startsWith("[") && close > 0) {
            rest = rest.substring(close + 1);
        }
        rest = rest.strip();
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest;
    }

    private static long number(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
