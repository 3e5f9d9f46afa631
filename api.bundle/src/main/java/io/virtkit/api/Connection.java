package io.virtkit.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open connection to one hypervisor, libvirt's {@code virConnectPtr}. Thread-safe. Closing it
 * destroys the domains it started with {@link StartFlag#AUTODESTROY} and drops its event listeners;
 * any call after {@link #close()} fails with {@link ErrorCode#INVALID_CONN}.
 */
@ProviderType
public interface Connection extends AutoCloseable {

    /** The canonical URI of this connection ({@code test:///default}). */
    String uri();

    /** The driver's hypervisor type, as {@code virConnectGetType} ("TEST", "QEMU"). */
    String type();

    /** The hypervisor's version, encoded as libvirt does: major * 1,000,000 + minor * 1,000 + release. */
    long hypervisorVersion();

    /** Virtkit's own version in the same encoding. */
    long libraryVersion();

    String hostname();

    NodeInfo nodeInfo();

    /** The host's capabilities XML ({@code <capabilities>}). */
    String capabilities();

    /**
     * The host's system information as libvirt's {@code <sysinfo type='smbios'>} XML
     * ({@code virConnectGetSysinfo}).
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver does not describe the host
     * @since 1.1
     */
    default String sysinfo() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virConnectGetSysinfo");
    }

    /**
     * What a domain of the given kind could use on this host, as libvirt's domain capabilities XML
     * ({@code <domainCapabilities>}, {@code virConnectGetDomainCapabilities}): the emulator, machine type,
     * vCPU limit, CPU modes and models, and the device and feature values the driver can run. Each of the
     * four may be null for the driver's default.
     *
     * @param emulatorbin the emulator's path, or null
     * @param arch        the guest architecture ("x86_64"), or null
     * @param machine     the machine type ("pc", "q35"), or null; an alias is reported as its canonical name
     * @param virttype    the domain type ("qemu", "kvm"), or null
     * @param flags       libvirt's flag bits for the call (libvirt 9.0 defines none: 0)
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver does not describe its domains,
     *         {@link ErrorCode#OPERATION_DENIED} on a read-only connection (libvirt's: answering runs emulators),
     *         {@link ErrorCode#INVALID_ARG} for an unknown architecture, virt type or machine, or flags,
     *         {@link ErrorCode#CONFIG_UNSUPPORTED} for an architecture no emulator serves
     * @since 1.3
     */
    default String domainCapabilities(String emulatorbin, String arch, String machine, String virttype,
            long flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virConnectGetDomainCapabilities");
    }

    /** Domains matching all groups of {@code flags} (see {@link DomainListFlag}); none lists every domain. */
    List<Domain> listAllDomains(DomainListFlag... flags);

    /** @throws VirtException {@link ErrorCode#NO_DOMAIN} when there is none of that name */
    Domain lookupDomainByName(String name);

    /** @throws VirtException {@link ErrorCode#NO_DOMAIN} when there is none with that UUID */
    Domain lookupDomainByUuid(UUID uuid);

    /** @throws VirtException {@link ErrorCode#NO_DOMAIN} when no running domain has that id */
    Domain lookupDomainById(int id);

    /**
     * Defines a persistent domain, or replaces the definition of the one with the same name and UUID.
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} for bad XML, {@link ErrorCode#OPERATION_FAILED}
     *         when the name or UUID belongs to another domain; nothing is defined then
     */
    Domain defineDomain(String xml);

    /** Creates and starts a transient domain, which vanishes when it stops. */
    Domain createDomain(String xml, StartFlag... flags);

    /**
     * Translates domain XML into the hypervisor's native configuration, libvirt's
     * {@code virConnectDomainXMLToNative} ({@code "qemu-argv"} gives QEMU's command line).
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver has no native format,
     *         {@link ErrorCode#INVALID_ARG} for a format it does not know
     */
    default String domainXmlToNative(String nativeFormat, String xml) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virConnectDomainXMLToNative");
    }

    /**
     * Translates a hypervisor's native configuration into domain XML, libvirt's
     * {@code virConnectDomainXMLFromNative} ({@code "vmware-vmx"} for ESX's VMX files). Refused on a
     * read-only connection, as libvirt does.
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver reads no native format,
     *         {@link ErrorCode#INVALID_ARG} for a format it does not know
     * @since 1.6
     */
    default String domainXmlFromNative(String nativeFormat, String nativeConfig) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virConnectDomainXMLFromNative");
    }

    /**
     * Restores a domain from an image {@link Domain#save} wrote to the file {@code path}: it runs again (reason
     * RESTORED, event STARTED/RESTORED), as the persistent domain of that name and UUID when there is one, else
     * as a transient one; libvirt's {@code virDomainRestoreFlags}.
     *
     * @param xml a domain XML to use instead of the one in the image (changing only host-side details), or null
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} when that domain is already running,
     *         {@link ErrorCode#INVALID_ARG} for a null path or RUNNING with PAUSED, {@link ErrorCode#NO_SUPPORT}
     *         where the driver cannot restore
     * @since 1.7
     */
    default void restoreDomain(String path, String xml, DomainSaveFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainRestoreFlags");
    }

    /** Networks matching all groups of {@code flags} (see {@link NetworkListFlag}); none lists every network. */
    default List<Network> listAllNetworks(NetworkListFlag... flags) {
        throw noNetworks("virConnectListAllNetworks");
    }

    /** @throws VirtException {@link ErrorCode#NO_NETWORK} when there is none of that name */
    default Network lookupNetworkByName(String name) {
        throw noNetworks("virNetworkLookupByName");
    }

    /** @throws VirtException {@link ErrorCode#NO_NETWORK} when there is none with that UUID */
    default Network lookupNetworkByUuid(UUID uuid) {
        throw noNetworks("virNetworkLookupByUUID");
    }

    /** Defines a persistent network, or replaces the definition of the one with the same name and UUID. */
    default Network defineNetwork(String xml) {
        throw noNetworks("virNetworkDefineXML");
    }

    /** Creates and starts a transient network, which vanishes when it is destroyed. */
    default Network createNetwork(String xml) {
        throw noNetworks("virNetworkCreateXML");
    }

    /** Registers a listener for lifecycle events of this connection's networks. */
    default Registration addNetworkEventListener(NetworkEventListener listener) {
        throw noNetworks("virConnectNetworkEventRegisterAny");
    }

    /** libvirt's answer of a connection without a network driver. */
    private static VirtException noNetworks(String function) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NETWORK, function);
    }

    /**
     * Storage pools matching all groups of {@code flags} (see {@link StoragePoolListFlag}); none lists every
     * pool ({@code virConnectListAllStoragePools}).
     *
     * @since 1.4
     */
    default List<StoragePool> listAllStoragePools(StoragePoolListFlag... flags) {
        throw noStorage("virConnectListAllStoragePools");
    }

    /**
     * @throws VirtException {@link ErrorCode#NO_STORAGE_POOL} when there is none of that name
     * @since 1.4
     */
    default StoragePool lookupStoragePoolByName(String name) {
        throw noStorage("virStoragePoolLookupByName");
    }

    /**
     * @throws VirtException {@link ErrorCode#NO_STORAGE_POOL} when there is none with that UUID
     * @since 1.4
     */
    default StoragePool lookupStoragePoolByUuid(UUID uuid) {
        throw noStorage("virStoragePoolLookupByUUID");
    }

    /**
     * The pool whose target is that host path ({@code virStoragePoolLookupByTargetPath}).
     *
     * @throws VirtException {@link ErrorCode#NO_STORAGE_POOL} when there is none
     * @since 1.4
     */
    default StoragePool lookupStoragePoolByTargetPath(String path) {
        throw noStorage("virStoragePoolLookupByTargetPath");
    }

    /**
     * The volume with that key, in whichever pool ({@code virStorageVolLookupByKey}).
     *
     * @throws VirtException {@link ErrorCode#NO_STORAGE_VOL} when there is none
     * @since 1.4
     */
    default StorageVolume lookupStorageVolumeByKey(String key) {
        throw noStorage("virStorageVolLookupByKey");
    }

    /**
     * The volume at that host path, in whichever pool ({@code virStorageVolLookupByPath}).
     *
     * @throws VirtException {@link ErrorCode#NO_STORAGE_VOL} when there is none
     * @since 1.4
     */
    default StorageVolume lookupStorageVolumeByPath(String path) {
        throw noStorage("virStorageVolLookupByPath");
    }

    /**
     * Defines a persistent, inactive pool, or replaces the definition of the one with the same name and UUID
     * ({@code virStoragePoolDefineXML}).
     *
     * @since 1.4
     */
    default StoragePool defineStoragePool(String xml) {
        throw noStorage("virStoragePoolDefineXML");
    }

    /**
     * Creates and starts a transient pool, which vanishes when it is destroyed ({@code virStoragePoolCreateXML}).
     *
     * @since 1.4
     */
    default StoragePool createStoragePool(String xml, StoragePoolCreateFlag... flags) {
        throw noStorage("virStoragePoolCreateXML");
    }

    /**
     * The pools of {@code type} ({@code "logical"}, {@code "netfs"}) the host could offer, as libvirt's
     * {@code <sources>} XML ({@code virConnectFindStoragePoolSources}).
     *
     * @param sourceSpec a {@code <source>} element narrowing the search (the host to ask), or null
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver cannot look for sources
     * @since 1.4
     */
    default String findStoragePoolSources(String type, String sourceSpec) {
        throw noStorage("virConnectFindStoragePoolSources");
    }

    /**
     * Registers a listener for the lifecycle and refresh events of this connection's storage pools.
     *
     * @since 1.4
     */
    default Registration addStoragePoolEventListener(StoragePoolEventListener listener) {
        throw noStorage("virConnectStoragePoolEventRegisterAny");
    }

    /** libvirt's answer of a connection without a storage driver. */
    private static VirtException noStorage(String function) {
        return new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.STORAGE, function);
    }

    /** Registers a listener for lifecycle events of this connection's domains. */
    Registration addDomainEventListener(DomainEventListener listener);

    /** False once closed, or once its driver has gone away. */
    boolean isAlive();

    @Override
    void close();

    /**
     * Whether this connection's driver migrates domains (libvirt's MIGRATION_V3, MIGRATION_PARAMS, MIGRATION_P2P
     * and CHANGE_PROTECTION features).
     *
     * @since 1.8
     */
    default boolean supportsMigration() {
        return false;
    }

    /**
     * The destination's first step of libvirt's migration protocol ({@code virDomainMigratePrepare3Params}), for
     * daemons relaying it: gets ready to receive the domain whose XML is the {@code destination_xml} parameter.
     *
     * @param flags {@link MigrateFlag} bits
     * @since 1.8
     */
    default MigrationPrepared migratePrepare(MigrationParams params, byte[] cookie, long flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigratePrepare3Params");
    }

    /**
     * The destination's finish step ({@code virDomainMigrateFinish3Params}): with {@code cancelled} false waits for
     * the data and runs the domain here; with true (or when the data never came) removes what prepare made.
     *
     * @since 1.8
     */
    default MigrationFinished migrateFinish(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigrateFinish3Params");
    }
}
