package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * Where a driver keeps its persistent domain definitions, as libvirt's drivers keep their config dir
 * ({@code /etc/libvirt/qemu}): one {@code NAME.xml} per domain, written atomically without secrets, and
 * an {@code autostart/NAME} marker per domain that starts with the driver (libvirt links; Virtkit
 * writes a small file holding the UUID, which needs no privileges and survives a copied tree).
 * Failures are SYSTEM_ERROR from the driver's {@link ErrorDomain}. Immutable; thread-safe as the
 * file system is.
 */
public final class DomainConfigDir {

    private final Path dir;
    private final ErrorDomain errorDomain;

    public DomainConfigDir(Path dir, ErrorDomain errorDomain) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
    }

    public Path dir() {
        return dir;
    }

    /** The definition file of domain {@code name}. */
    public Path configFile(String name) {
        return dir.resolve(name + ".xml");
    }

    /** The autostart marker of domain {@code name}. */
    public Path autostartFile(String name) {
        return dir.resolve("autostart").resolve(name);
    }

    /** The definition files there are, sorted; none when the directory does not exist. */
    public List<Path> configFiles() throws IOException {
        return AtomicFiles.list(dir, "*.xml");
    }

    /** Saves {@code def} as its domain's definition (libvirt's {@code virDomainDefSave}), secrets left out. */
    public void save(DomainDefinition def) {
        Path file = configFile(def.name());
        try {
            AtomicFiles.write(file, DomainXmlCodec.format(def, XmlFlag.SECURE));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain,
                    "cannot write domain configuration '" + file + "': " + e.getMessage(), e);
        }
    }

    /** Removes the definition and the autostart marker of domain {@code name}, as undefine does; never fails. */
    public void delete(String name) {
        AtomicFiles.deleteQuietly(configFile(name));
        AtomicFiles.deleteQuietly(autostartFile(name));
    }

    /** Whether domain {@code name} is marked to start with the driver. */
    public boolean isAutostart(String name) {
        return Files.exists(autostartFile(name));
    }

    /**
     * libvirt's undefine bookkeeping for {@code domain}, whose lock the caller holds: refuses a transient
     * domain (OPERATION_INVALID "cannot undefine transient domain"), deletes its definition and autostart
     * marker and clears its autostart flag. Making it transient, telling listeners and forgetting it when
     * inactive stay the driver's.
     */
    public void undefine(DomainRecord domain) {
        requirePersistent(domain, "cannot undefine transient domain");
        delete(domain.name());
        domain.setAutostart(false);
    }

    /**
     * Sets whether {@code domain}, whose lock the caller holds, starts with the driver: refuses a transient
     * domain (OPERATION_INVALID "cannot set autostart for transient domain"), then changes the marker, then
     * the flag (left as it was when the marker cannot be changed).
     */
    public void setAutostart(DomainRecord domain, boolean autostart) {
        requirePersistent(domain, "cannot set autostart for transient domain");
        setAutostart(domain.name(), domain.uuid(), autostart);
        domain.setAutostart(autostart);
    }

    private void requirePersistent(DomainRecord domain, String otherwise) {
        if (!domain.isPersistent()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, errorDomain, otherwise);
        }
    }

    /**
     * Marks domain {@code name} (with {@code uuid}) to start with the driver, or not; libvirt's wording
     * when that fails ("Failed to create autostart link '…'").
     */
    public void setAutostart(String name, UUID uuid, boolean autostart) {
        Path marker = autostartFile(name);
        try {
            if (autostart) {
                Files.createDirectories(marker.getParent());
                if (!Files.exists(marker)) {
                    Files.writeString(marker, uuid + "\n");
                }
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, errorDomain,
                    "Failed to " + (autostart ? "create" : "delete") + " autostart link '" + marker + "': "
                            + e.getMessage(), e);
        }
    }
}
