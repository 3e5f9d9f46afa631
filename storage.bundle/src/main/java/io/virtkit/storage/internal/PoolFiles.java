package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.VirtException;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolXmlCodec;
import io.virtkit.support.AtomicFiles;

/**
 * The storage driver's files, as libvirt keeps them: {@code <config>/<name>.xml} the persistent definition,
 * {@code <config>/autostart/<name>.xml} its autostart marker, {@code <state>/<name>.xml} the live definition
 * of an active pool (read back at the next start of the driver). Writes are atomic.
 */
final class PoolFiles {
    private static final System.Logger LOG = System.getLogger(PoolFiles.class.getName());

    private final Path configDir;
    private final Path autostartDir;
    private final Path stateDir;

    PoolFiles(Path configDir, Path stateDir) {
        this.configDir = configDir.toAbsolutePath().normalize();
        this.autostartDir = this.configDir.resolve("autostart");
        this.stateDir = stateDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(autostartDir);
            Files.createDirectories(this.stateDir);
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot create storage driver directories under '" + configDir + "'");
        }
    }

    List<StoragePoolDefinition> loadConfigs() {
        return load(configDir);
    }

    List<StoragePoolDefinition> loadStates() {
        return load(stateDir);
    }

    /** The definitions in {@code dir}; a file that does not parse is logged and passed over, as libvirt does. */
    private static List<StoragePoolDefinition> load(Path dir) {
        List<StoragePoolDefinition> defs = new ArrayList<>();
        try {
            for (Path file : AtomicFiles.list(dir, "*.xml")) {
                try {
                    defs.add(StoragePoolXmlCodec.parse(Files.readString(file)));
                } catch (IOException | VirtException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring storage pool file ''{0}'': {1}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot read directory '" + dir + "'");
        }
        return defs;
    }

    void saveConfig(StoragePoolDefinition def) {
        write(configDir.resolve(def.name() + ".xml"), StoragePoolXmlCodec.formatInactive(def));
    }

    void deleteConfig(String name) {
        AtomicFiles.deleteQuietly(configDir.resolve(name + ".xml"));
        AtomicFiles.deleteQuietly(autostartDir.resolve(name + ".xml"));
    }

    void saveState(StoragePoolDefinition live) {
        write(stateDir.resolve(live.name() + ".xml"), StoragePoolXmlCodec.formatInactive(live));
    }

    void deleteState(String name) {
        AtomicFiles.deleteQuietly(stateDir.resolve(name + ".xml"));
    }

    boolean isAutostart(String name) {
        return Files.exists(autostartDir.resolve(name + ".xml"));
    }

    /** libvirt links the marker to the config file; a copy of its name does as well and survives a rename. */
    void setAutostart(String name, boolean autostart) {
        if (autostart) {
            write(autostartDir.resolve(name + ".xml"), configDir.resolve(name + ".xml") + "\n");
        } else {
            AtomicFiles.deleteQuietly(autostartDir.resolve(name + ".xml"));
        }
    }

    private static void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot write '" + file + "'");
        }
    }
}
