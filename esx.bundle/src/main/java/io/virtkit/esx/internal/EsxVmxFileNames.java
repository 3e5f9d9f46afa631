package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.esx.internal.vmx.DatastorePathFileNames;
import io.virtkit.esx.internal.vmx.VmxFileNames;

/**
 * A {@code .vmx}'s file names on a connected host, as libvirt's esxParseVMXFileName and esxFormatVMXFileName:
 * an absolute path under a datastore's directory on the host (its mount path, {@code info.url} or
 * {@code summary.url}: {@code /vmfs/volumes/<uuid>/...} on ESX, wherever the simulator keeps it) is the
 * datastore path {@code [ds] rest}, as is {@code /vmfs/volumes/<name>/...} (the name's symlink); other
 * absolute paths stay as they are; a plain name is relative to the {@code .vmx}'s directory. A datastore path
 * is written as the absolute path under its datastore's mount path. The datastores are read once per instance
 * (one definition), at the first absolute path.
 */
final class EsxVmxFileNames implements VmxFileNames {

    private static final String VOLUMES = "/vmfs/volumes/";

    private final Supplier<List<EsxDatastore>> datastores;
    private final DatastorePathFileNames offline;
    private List<EsxDatastore> known;

    /**
     * @param datastores   reads the host's datastores (asked once, at the first absolute path)
     * @param vmxDirectory {@code [ds] dir} of the {@code .vmx}, or null when unknown
     */
    EsxVmxFileNames(Supplier<List<EsxDatastore>> datastores, String vmxDirectory) {
        this.datastores = datastores;
        this.offline = new DatastorePathFileNames(vmxDirectory);
    }

    @Override
    public String parse(String fileName, boolean allowMissing) {
        if (!fileName.startsWith("/")) {
            return offline.parse(fileName, allowMissing);
        }
        for (EsxDatastore ds : datastores()) {
            for (String dir : directories(ds)) {
                if (fileName.startsWith(dir + "/")) {
                    String rest = fileName.substring(dir.length()).replaceFirst("^/+", "");
                    if (!rest.isEmpty()) {
                        return "[" + ds.name() + "] " + rest;
                    }
                }
            }
        }
        if (fileName.startsWith(VOLUMES)) {
            String rest = fileName.substring(VOLUMES.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String name = rest.substring(0, slash);
                for (EsxDatastore ds : datastores()) {
                    if (ds.name().equals(name)) {
                        return offline.parse(fileName, allowMissing);
                    }
                }
            }
        }
        return fileName; // outside every datastore: kept as it is, as libvirt
    }

    @Override
    public String format(String path) {
        if (!path.startsWith("[")) {
            return offline.format(path);
        }
        DatastorePath parsed = DatastorePath.parse(path);
        for (EsxDatastore ds : datastores()) {
            if (ds.name().equals(parsed.datastore())) {
                String dir = ds.hostDirectory();
                if (dir == null) {
                    break;
                }
                return dir + "/" + parsed.directoryAndFile();
            }
        }
        throw EsxErrors.internal("Could not find datastore with name '" + parsed.datastore() + "'");
    }

    private List<EsxDatastore> datastores() {
        if (known == null) {
            known = datastores.get();
        }
        return known;
    }

    /** Where the datastore's files lie on the host, each without a trailing slash. */
    private static List<String> directories(EsxDatastore ds) {
        List<String> dirs = new ArrayList<>();
        add(dirs, ds.mountPath());
        add(dirs, ds.info() == null ? null : ds.info().textAt("url"));
        add(dirs, ds.url());
        return dirs;
    }

    private static void add(List<String> dirs, String location) {
        if (location == null || location.isEmpty()) {
            return;
        }
        String dir = location.startsWith("ds://") ? location.substring("ds://".length()) : location;
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (dir.startsWith("/") && dir.length() > 1 && !dirs.contains(dir)) {
            dirs.add(dir);
        }
    }
}
