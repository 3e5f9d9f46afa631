package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.esx.internal.vmx.DatastorePathFileNames;
import io.virtkit.esx.internal.vmx.VmxFileNames;

/**
 * File names in a {@code .vmx} as the connected ESX driver reads and writes them, with the host's datastores
 * (libvirt's esxParseVMXFileName and esxFormatVMXFileName): a datastore path {@code [ds] dir/file} is written as
 * the datastore's mount path on the connection's host plus {@code dir/file} (on ESX {@code /vmfs/volumes/<uuid>};
 * a host may mount it elsewhere), and an absolute name is read back by the mount path it starts with, else as
 * {@code /vmfs/volumes/<datastore name>/…} (the symlink ESX keeps per name), else kept as it is. A plain name is
 * relative to the {@code .vmx}'s directory. The datastores are read once, on first need, in one round trip.
 */
final class EsxDatastoreFileNames implements VmxFileNames {

    private static final String VOLUMES = "/vmfs/volumes/";
    /** {@code /vmfs/volumes/<name>/…}, the link ESX keeps per datastore name. */
    private static final DatastorePathFileNames BY_NAME = new DatastorePathFileNames(null);

    /** A datastore and where the connection's host mounts it. */
    private record Mount(String datastore, String path) {
    }

    private final EsxContext context;
    private final String vmxDirectory;
    private List<Mount> mounts;

    /**
     * @param vmxDirectory the datastore path of the directory holding the {@code .vmx} ({@code [ds] dir}), or null
     *                     when there is none (domxml-to-native)
     */
    EsxDatastoreFileNames(EsxContext context, String vmxDirectory) {
        this.context = context;
        this.vmxDirectory = vmxDirectory;
    }

    @Override
    public String parse(String fileName, boolean allowMissing) {
        if (fileName.indexOf('/') < 0 && fileName.indexOf('\\') < 0) {
            return vmxDirectory == null ? fileName : vmxDirectory + "/" + fileName;
        }
        for (Mount mount : mounts()) {
            String rest = under(fileName, mount.path());
            if (rest != null) {
                return "[" + mount.datastore() + "] " + rest.replace('\\', '/');
            }
        }
        if (fileName.startsWith(VOLUMES)) {
            String path = BY_NAME.parse(fileName, allowMissing); // [ds] dir/file, or refused as malformed
            String datastore = DatastorePath.parse(path).datastore();
            if (mounts().stream().noneMatch(m -> m.datastore().equals(datastore))) {
                throw EsxErrors.internal("File name '" + fileName + "' refers to non-existing datastore '"
                        + datastore + "'");
            }
            return path;
        }
        if (fileName.startsWith("/")) {
            return fileName; // outside every datastore: kept as is, as libvirt does
        }
        throw EsxErrors.internal("Could not handle file name '" + fileName + "'");
    }

    @Override
    public String format(String path) {
        if (path.startsWith("[")) {
            DatastorePath parsed = DatastorePath.parse(path);
            Mount mount = mounts().stream().filter(m -> m.datastore().equals(parsed.datastore())).findFirst()
                    .orElseThrow(() -> EsxErrors.internal("Could not find datastore with name '"
                            + parsed.datastore() + "'"));
            char separator = mount.path().indexOf('\\') >= 0 ? '\\' : '/';
            String base = mount.path();
            while (!base.isEmpty() && base.charAt(base.length() - 1) == separator) {
                base = base.substring(0, base.length() - 1);
            }
            return base + separator + parsed.directoryAndFile().replace('/', separator);
        }
        if (path.startsWith("/")) {
            return path;
        }
        throw EsxErrors.internal("Could not handle file name '" + path + "'");
    }

    /** What follows {@code mount} (and its separators) in {@code fileName}, or null when it lies elsewhere. */
    private static String under(String fileName, String mount) {
        String base = mount.replaceFirst("[/\\\\]+$", "");
        if (base.isEmpty() || !fileName.startsWith(base) || fileName.length() == base.length()) {
            return null;
        }
        char next = fileName.charAt(base.length());
        if (next != '/' && next != '\\') {
            return null; // /vmfs/volumes/ds10/x is not under /vmfs/volumes/ds1
        }
        String rest = fileName.substring(base.length()).replaceFirst("^[/\\\\]+", "");
        return rest.isEmpty() ? null : rest;
    }

    private List<Mount> mounts() {
        if (mounts == null) {
            mounts = read();
        }
        return mounts;
    }

    private List<Mount> read() {
        MoRef host = context.refs.hostSystem();
        VimNode hostToDatastores = PropertyCollector.traversal("hostToDatastores", "HostSystem", "datastore", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(host, true, hostToDatastores)),
                List.of(PropertyCollector.propertySpec("Datastore", "summary.name", "host"))));
        List<Mount> read = new ArrayList<>();
        for (ObjectContent datastore : found) {
            String name = datastore.text("summary.name");
            String path = datastore.get("host").map(mounts -> mountPath(mounts, host)).orElse(null);
            if (name != null && path != null && !path.isEmpty()) {
                read.add(new Mount(name, path));
            }
        }
        return read;
    }

    /** The mount path of {@code host}'s entry in a datastore's {@code host} list (DatastoreHostMount items). */
    private static String mountPath(VimNode mounts, MoRef host) {
        for (VimNode mount : mounts.children()) {
            boolean ours = mount.child("key").map(VimNode::asMoRef).map(host::equals).orElse(false);
            if (ours) {
                return mount.textAt("mountInfo.path");
            }
        }
        return null;
    }
}
