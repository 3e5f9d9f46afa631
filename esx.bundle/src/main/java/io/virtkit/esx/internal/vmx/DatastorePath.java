package io.virtkit.esx.internal.vmx;

/**
 * A datastore path, {@code [datastore] directory/file}, as libvirt's ESX driver parses it.
 *
 * @param datastore        the datastore's name (may hold spaces)
 * @param directoryAndFile the path inside the datastore
 */
public record DatastorePath(String datastore, String directoryAndFile) {

    /** Parses {@code [ds] dir/file}, refused with libvirt's words when it has another form. */
    public static DatastorePath parse(String path) {
        int close = path.indexOf(']');
        if (!path.startsWith("[") || close < 2 || close + 1 >= path.length() || path.charAt(close + 1) != ' ') {
            throw VmxErrors.internal("Datastore path '" + path + "' doesn't have expected format "
                    + "'[<datastore>] <path>'");
        }
        String rest = path.substring(close + 2);
        if (rest.isEmpty()) {
            throw VmxErrors.internal("Datastore path '" + path + "' doesn't reference a file");
        }
        return new DatastorePath(path.substring(1, close), rest);
    }

    @Override
    public String toString() {
        return "[" + datastore + "] " + directoryAndFile;
    }
}
