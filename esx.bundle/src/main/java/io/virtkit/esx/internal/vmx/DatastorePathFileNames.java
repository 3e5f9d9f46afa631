package io.virtkit.esx.internal.vmx;

/**
 * The ESX driver's file names without a host to ask ({@code domxml-from-native} and {@code domxml-to-native}
 * offline): a datastore is taken to be mounted at {@code /vmfs/volumes/<name>}, which is the symlink ESX keeps
 * for every datastore. A plain file name is relative to the directory of the {@code .vmx} when that is known
 * ({@code [ds] dir}), other absolute paths stay as they are. A connected driver checks datastores and their
 * real mount paths with the host instead.
 *
 * @param vmxDirectory the datastore path of the directory holding the {@code .vmx} ({@code [ds] dir}), or
 *                     {@code null} when unknown (plain names then stay as they are)
 */
public record DatastorePathFileNames(String vmxDirectory) implements VmxFileNames {

    private static final String VOLUMES = "/vmfs/volumes/";

    @Override
    public String parse(String fileName, boolean allowMissing) {
        if (fileName.indexOf('/') < 0 && fileName.indexOf('\\') < 0) {
            return vmxDirectory == null ? fileName : vmxDirectory + "/" + fileName;
        }
        if (fileName.startsWith(VOLUMES)) {
            String rest = fileName.substring(VOLUMES.length());
            int slash = rest.indexOf('/');
            String datastore = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceFirst("^/+", "");
            if (datastore.isEmpty() || path.isEmpty()) {
                throw VmxErrors.internal("File name '" + fileName
                        + "' doesn't have expected format '/vmfs/volumes/<datastore>/<path>'");
            }
            return "[" + datastore + "] " + path;
        }
        if (fileName.startsWith("/")) {
            return fileName; // outside any datastore: kept as is, as libvirt's ESX driver does
        }
        throw VmxErrors.internal("Could not handle file name '" + fileName + "'");
    }

    @Override
    public String format(String path) {
        if (path.startsWith("[")) {
            DatastorePath parsed = DatastorePath.parse(path);
            return VOLUMES + parsed.datastore() + "/" + parsed.directoryAndFile();
        }
        if (path.startsWith("/")) {
            return path;
        }
        throw VmxErrors.internal("Could not handle file name '" + path + "'");
    }
}
