package io.virtkit.remote.internal;

import java.util.HashMap;
import java.util.Map;

import io.virtkit.api.ErrorDomain;
import io.virtkit.api.admin.RemoteDaemon;

/**
 * The procedures of libvirt's {@code remote_protocol.x} that Virtkit answers, with libvirt's numbers.
 * Each one says whether a read-only client may call it: the table is a whitelist, so a procedure
 * missing here is NO_SUPPORT and one not marked {@link Access#READ} is refused on read-only connections
 * before it runs, with libvirt's "read only access prevents virXxx" error naming the public function
 * and that function's error domain. Its {@link Access} is also the role a client needs ({@link #role()}):
 * a procedure cannot be added without saying which.
 */
public enum Procedure {
    // ---- the session itself --------------------------------------------------------------------
    CONNECT_OPEN(1, Group.SESSION, Access.READ, null),
    CONNECT_CLOSE(2, Group.SESSION, Access.READ, null),
    CONNECT_SUPPORTS_FEATURE(60, Group.SESSION, Access.READ, null),
    AUTH_LIST(66, Group.SESSION, Access.READ, null),

    // ---- host ------------------------------------------------------------------------------------
    CONNECT_GET_TYPE(3, Group.HOST, Access.READ, "virConnectGetType"),
    CONNECT_GET_VERSION(4, Group.HOST, Access.READ, "virConnectGetVersion"),
    CONNECT_GET_MAX_VCPUS(5, Group.HOST, Access.READ, "virConnectGetMaxVcpus"),
    NODE_GET_INFO(6, Group.HOST, Access.READ, "virNodeGetInfo"),
    CONNECT_GET_CAPABILITIES(7, Group.HOST, Access.READ, "virConnectGetCapabilities"),
    CONNECT_GET_HOSTNAME(59, Group.HOST, Access.READ, "virConnectGetHostname"),
    CONNECT_GET_URI(110, Group.HOST, Access.READ, "virConnectGetURI"),
    NODE_GET_SECURITY_MODEL(122, Group.HOST, Access.READ, "virNodeGetSecurityModel"),
    CONNECT_IS_SECURE(149, Group.HOST, Access.READ, "virConnectIsSecure"),
    CONNECT_GET_LIB_VERSION(157, Group.HOST, Access.READ, "virConnectGetLibVersion"),
    CONNECT_GET_SYSINFO(203, Group.HOST, Access.READ, "virConnectGetSysinfo"),
    // libvirt refuses it to read-only clients (it runs emulators) and reports from its domain API file
    CONNECT_GET_DOMAIN_CAPABILITIES(342, Group.HOST, Access.WRITE, "virConnectGetDomainCapabilities",
            ErrorDomain.DOMAIN),

    // ---- domains ---------------------------------------------------------------------------------
    DOMAIN_ATTACH_DEVICE(8, Group.DOMAIN, Access.WRITE, "virDomainAttachDevice"),
    DOMAIN_CREATE(9, Group.DOMAIN, Access.LIFECYCLE, "virDomainCreate"),
    DOMAIN_CREATE_XML(10, Group.DOMAIN, Access.WRITE, "virDomainCreateXML"),
    DOMAIN_DEFINE_XML(11, Group.DOMAIN, Access.WRITE, "virDomainDefineXML"),
    DOMAIN_DESTROY(12, Group.DOMAIN, Access.LIFECYCLE, "virDomainDestroy"),
    DOMAIN_DETACH_DEVICE(13, Group.DOMAIN, Access.WRITE, "virDomainDetachDevice"),
    DOMAIN_GET_XML_DESC(14, Group.DOMAIN, Access.READ, "virDomainGetXMLDesc"),
    DOMAIN_GET_AUTOSTART(15, Group.DOMAIN, Access.READ, "virDomainGetAutostart"),
    DOMAIN_GET_INFO(16, Group.DOMAIN, Access.READ, "virDomainGetInfo"),
    DOMAIN_GET_MAX_MEMORY(17, Group.DOMAIN, Access.READ, "virDomainGetMaxMemory"),
    DOMAIN_GET_MAX_VCPUS(18, Group.DOMAIN, Access.READ, "virDomainGetMaxVcpus"),
    DOMAIN_GET_OS_TYPE(19, Group.DOMAIN, Access.READ, "virDomainGetOSType"),
    CONNECT_LIST_DEFINED_DOMAINS(21, Group.DOMAIN, Access.READ, "virConnectListDefinedDomains"),
    DOMAIN_LOOKUP_BY_ID(22, Group.DOMAIN, Access.READ, "virDomainLookupByID"),
    DOMAIN_LOOKUP_BY_NAME(23, Group.DOMAIN, Access.READ, "virDomainLookupByName"),
    DOMAIN_LOOKUP_BY_UUID(24, Group.DOMAIN, Access.READ, "virDomainLookupByUUID"),
    CONNECT_NUM_OF_DEFINED_DOMAINS(25, Group.DOMAIN, Access.READ, "virConnectNumOfDefinedDomains"),
    DOMAIN_REBOOT(27, Group.DOMAIN, Access.LIFECYCLE, "virDomainReboot"),
    DOMAIN_RESUME(28, Group.DOMAIN, Access.LIFECYCLE, "virDomainResume"),
    DOMAIN_SET_AUTOSTART(29, Group.DOMAIN, Access.WRITE, "virDomainSetAutostart"),
    DOMAIN_SHUTDOWN(33, Group.DOMAIN, Access.LIFECYCLE, "virDomainShutdown"),
    DOMAIN_SUSPEND(34, Group.DOMAIN, Access.LIFECYCLE, "virDomainSuspend"),
    DOMAIN_UNDEFINE(35, Group.DOMAIN, Access.WRITE, "virDomainUndefine"),
    CONNECT_LIST_DOMAINS(37, Group.DOMAIN, Access.READ, "virConnectListDomains"),
    CONNECT_NUM_OF_DOMAINS(51, Group.DOMAIN, Access.READ, "virConnectNumOfDomains"),
    DOMAIN_IS_ACTIVE(150, Group.DOMAIN, Access.READ, "virDomainIsActive"),
    DOMAIN_IS_PERSISTENT(151, Group.DOMAIN, Access.READ, "virDomainIsPersistent"),
    DOMAIN_ATTACH_DEVICE_FLAGS(160, Group.DOMAIN, Access.WRITE, "virDomainAttachDeviceFlags"),
    DOMAIN_DETACH_DEVICE_FLAGS(161, Group.DOMAIN, Access.WRITE, "virDomainDetachDeviceFlags"),
    DOMAIN_UPDATE_DEVICE_FLAGS(174, Group.DOMAIN, Access.WRITE, "virDomainUpdateDeviceFlags"),
    DOMAIN_CREATE_WITH_FLAGS(196, Group.DOMAIN, Access.LIFECYCLE, "virDomainCreateWithFlags"),
    DOMAIN_GET_VCPUS_FLAGS(200, Group.DOMAIN, Access.READ, "virDomainGetVcpusFlags"),
    DOMAIN_IS_UPDATED(202, Group.DOMAIN, Access.READ, "virDomainIsUpdated"),
    DOMAIN_GET_STATE(212, Group.DOMAIN, Access.READ, "virDomainGetState"),
    DOMAIN_UNDEFINE_FLAGS(231, Group.DOMAIN, Access.WRITE, "virDomainUndefineFlags"),
    DOMAIN_DESTROY_FLAGS(234, Group.DOMAIN, Access.LIFECYCLE, "virDomainDestroyFlags"),
    DOMAIN_SHUTDOWN_FLAGS(258, Group.DOMAIN, Access.LIFECYCLE, "virDomainShutdownFlags"),
    CONNECT_LIST_ALL_DOMAINS(273, Group.DOMAIN, Access.READ, "virConnectListAllDomains"),
    DOMAIN_DEFINE_XML_FLAGS(350, Group.DOMAIN, Access.WRITE, "virDomainDefineXMLFlags"),

    // ---- domains: managed save, save and restore (SaveProcedures) ----------------------------------------
    DOMAIN_RESTORE(54, Group.DOMAIN, Access.WRITE, "virDomainRestore"),
    DOMAIN_SAVE(55, Group.DOMAIN, Access.WRITE, "virDomainSave"),
    DOMAIN_MANAGED_SAVE(182, Group.DOMAIN, Access.WRITE, "virDomainManagedSave"),
    DOMAIN_HAS_MANAGED_SAVE_IMAGE(183, Group.DOMAIN, Access.READ, "virDomainHasManagedSaveImage"),
    DOMAIN_MANAGED_SAVE_REMOVE(184, Group.DOMAIN, Access.WRITE, "virDomainManagedSaveRemove"),
    DOMAIN_SAVE_FLAGS(232, Group.DOMAIN, Access.WRITE, "virDomainSaveFlags"),
    DOMAIN_RESTORE_FLAGS(233, Group.DOMAIN, Access.WRITE, "virDomainRestoreFlags"),

    // ---- domains: memory and vCPUs, domxml-from-native (DomainResourceProcedures) ------------------
    DOMAIN_SET_MAX_MEMORY(30, Group.DOMAIN, Access.WRITE, "virDomainSetMaxMemory"),
    DOMAIN_SET_MEMORY(31, Group.DOMAIN, Access.WRITE, "virDomainSetMemory"),
    DOMAIN_SET_VCPUS(32, Group.DOMAIN, Access.WRITE, "virDomainSetVcpus"),
    DOMAIN_SET_VCPUS_FLAGS(199, Group.DOMAIN, Access.WRITE, "virDomainSetVcpusFlags"),
    DOMAIN_SET_MEMORY_FLAGS(204, Group.DOMAIN, Access.WRITE, "virDomainSetMemoryFlags"),
    // refused to read-only clients, as libvirt's virConnectDomainXMLFromNative (connect:write)
    CONNECT_DOMAIN_XML_FROM_NATIVE(135, Group.DOMAIN, Access.WRITE, "virConnectDomainXMLFromNative"),

    // ---- domains: migration (libvirt's version 3 with parameters) and jobs (MigrationProcedures) -------------
    DOMAIN_GET_JOB_INFO(163, Group.MIGRATION, Access.READ, "virDomainGetJobInfo"),
    DOMAIN_ABORT_JOB(164, Group.MIGRATION, Access.WRITE, "virDomainAbortJob"),
    DOMAIN_GET_JOB_STATS(298, Group.MIGRATION, Access.READ, "virDomainGetJobStats"),
    DOMAIN_MIGRATE_BEGIN3_PARAMS(302, Group.MIGRATION, Access.WRITE, "virDomainMigrateBegin3Params"),
    DOMAIN_MIGRATE_PREPARE3_PARAMS(303, Group.MIGRATION, Access.WRITE, "virDomainMigratePrepare3Params"),
    DOMAIN_MIGRATE_PERFORM3_PARAMS(305, Group.MIGRATION, Access.WRITE, "virDomainMigratePerform3Params"),
    DOMAIN_MIGRATE_FINISH3_PARAMS(306, Group.MIGRATION, Access.WRITE, "virDomainMigrateFinish3Params"),
    DOMAIN_MIGRATE_CONFIRM3_PARAMS(307, Group.MIGRATION, Access.WRITE, "virDomainMigrateConfirm3Params"),

    // ---- networks --------------------------------------------------------------------------------
    CONNECT_LIST_DEFINED_NETWORKS(36, Group.NETWORK, Access.READ, "virConnectListDefinedNetworks"),
    CONNECT_LIST_NETWORKS(38, Group.NETWORK, Access.READ, "virConnectListNetworks"),
    NETWORK_CREATE(39, Group.NETWORK, Access.WRITE, "virNetworkCreate"),
    NETWORK_CREATE_XML(40, Group.NETWORK, Access.WRITE, "virNetworkCreateXML"),
    NETWORK_DEFINE_XML(41, Group.NETWORK, Access.WRITE, "virNetworkDefineXML"),
    NETWORK_DESTROY(42, Group.NETWORK, Access.WRITE, "virNetworkDestroy"),
    NETWORK_GET_XML_DESC(43, Group.NETWORK, Access.READ, "virNetworkGetXMLDesc"),
    NETWORK_GET_AUTOSTART(44, Group.NETWORK, Access.READ, "virNetworkGetAutostart"),
    NETWORK_GET_BRIDGE_NAME(45, Group.NETWORK, Access.READ, "virNetworkGetBridgeName"),
    NETWORK_LOOKUP_BY_NAME(46, Group.NETWORK, Access.READ, "virNetworkLookupByName"),
    NETWORK_LOOKUP_BY_UUID(47, Group.NETWORK, Access.READ, "virNetworkLookupByUUID"),
    NETWORK_SET_AUTOSTART(48, Group.NETWORK, Access.WRITE, "virNetworkSetAutostart"),
    NETWORK_UNDEFINE(49, Group.NETWORK, Access.WRITE, "virNetworkUndefine"),
    CONNECT_NUM_OF_DEFINED_NETWORKS(50, Group.NETWORK, Access.READ, "virConnectNumOfDefinedNetworks"),
    CONNECT_NUM_OF_NETWORKS(52, Group.NETWORK, Access.READ, "virConnectNumOfNetworks"),
    NETWORK_IS_ACTIVE(152, Group.NETWORK, Access.READ, "virNetworkIsActive"),
    NETWORK_IS_PERSISTENT(153, Group.NETWORK, Access.READ, "virNetworkIsPersistent"),
    CONNECT_LIST_ALL_NETWORKS(283, Group.NETWORK, Access.READ, "virConnectListAllNetworks"),
    NETWORK_GET_DHCP_LEASES(341, Group.NETWORK, Access.READ, "virNetworkGetDHCPLeases"),
    NETWORK_DEFINE_XML_FLAGS(432, Group.NETWORK, Access.WRITE, "virNetworkDefineXMLFlags"),
    NETWORK_CREATE_XML_FLAGS(437, Group.NETWORK, Access.WRITE, "virNetworkCreateXMLFlags"),

    // ---- storage (read-only clients are refused every change, and also virConnectFindStoragePoolSources,
    // which probes the host, and virStorageVolDownload, as libvirt's public functions check) -------------
    CONNECT_NUM_OF_STORAGE_POOLS(71, Group.STORAGE, Access.READ, "virConnectNumOfStoragePools"),
    CONNECT_LIST_STORAGE_POOLS(72, Group.STORAGE, Access.READ, "virConnectListStoragePools"),
    CONNECT_NUM_OF_DEFINED_STORAGE_POOLS(73, Group.STORAGE, Access.READ, "virConnectNumOfDefinedStoragePools"),
    CONNECT_LIST_DEFINED_STORAGE_POOLS(74, Group.STORAGE, Access.READ, "virConnectListDefinedStoragePools"),
    CONNECT_FIND_STORAGE_POOL_SOURCES(75, Group.STORAGE, Access.WRITE, "virConnectFindStoragePoolSources"),
    CONNECT_LIST_ALL_STORAGE_POOLS(281, Group.STORAGE, Access.READ, "virConnectListAllStoragePools"),
    STORAGE_POOL_CREATE_XML(76, Group.STORAGE, Access.WRITE, "virStoragePoolCreateXML"),
    STORAGE_POOL_DEFINE_XML(77, Group.STORAGE, Access.WRITE, "virStoragePoolDefineXML"),
    STORAGE_POOL_CREATE(78, Group.STORAGE, Access.WRITE, "virStoragePoolCreate"),
    STORAGE_POOL_BUILD(79, Group.STORAGE, Access.WRITE, "virStoragePoolBuild"),
    STORAGE_POOL_DESTROY(80, Group.STORAGE, Access.WRITE, "virStoragePoolDestroy"),
    STORAGE_POOL_DELETE(81, Group.STORAGE, Access.WRITE, "virStoragePoolDelete"),
    STORAGE_POOL_UNDEFINE(82, Group.STORAGE, Access.WRITE, "virStoragePoolUndefine"),
    STORAGE_POOL_REFRESH(83, Group.STORAGE, Access.WRITE, "virStoragePoolRefresh"),
    STORAGE_POOL_LOOKUP_BY_NAME(84, Group.STORAGE, Access.READ, "virStoragePoolLookupByName"),
    STORAGE_POOL_LOOKUP_BY_UUID(85, Group.STORAGE, Access.READ, "virStoragePoolLookupByUUID"),
    STORAGE_POOL_LOOKUP_BY_VOLUME(86, Group.STORAGE, Access.READ, "virStoragePoolLookupByVolume"),
    STORAGE_POOL_GET_INFO(87, Group.STORAGE, Access.READ, "virStoragePoolGetInfo"),
    STORAGE_POOL_GET_XML_DESC(88, Group.STORAGE, Access.READ, "virStoragePoolGetXMLDesc"),
    STORAGE_POOL_GET_AUTOSTART(89, Group.STORAGE, Access.READ, "virStoragePoolGetAutostart"),
    STORAGE_POOL_SET_AUTOSTART(90, Group.STORAGE, Access.WRITE, "virStoragePoolSetAutostart"),
    STORAGE_POOL_NUM_OF_VOLUMES(91, Group.STORAGE, Access.READ, "virStoragePoolNumOfVolumes"),
    STORAGE_POOL_LIST_VOLUMES(92, Group.STORAGE, Access.READ, "virStoragePoolListVolumes"),
    STORAGE_POOL_IS_ACTIVE(154, Group.STORAGE, Access.READ, "virStoragePoolIsActive"),
    STORAGE_POOL_IS_PERSISTENT(155, Group.STORAGE, Access.READ, "virStoragePoolIsPersistent"),
    STORAGE_POOL_LIST_ALL_VOLUMES(282, Group.STORAGE, Access.READ, "virStoragePoolListAllVolumes"),
    STORAGE_VOL_CREATE_XML(93, Group.STORAGE, Access.WRITE, "virStorageVolCreateXML"),
    STORAGE_VOL_DELETE(94, Group.STORAGE, Access.WRITE, "virStorageVolDelete"),
    STORAGE_VOL_LOOKUP_BY_NAME(95, Group.STORAGE, Access.READ, "virStorageVolLookupByName"),
    STORAGE_VOL_LOOKUP_BY_KEY(96, Group.STORAGE, Access.READ, "virStorageVolLookupByKey"),
    STORAGE_VOL_LOOKUP_BY_PATH(97, Group.STORAGE, Access.READ, "virStorageVolLookupByPath"),
    STORAGE_VOL_GET_INFO(98, Group.STORAGE, Access.READ, "virStorageVolGetInfo"),
    STORAGE_VOL_GET_XML_DESC(99, Group.STORAGE, Access.READ, "virStorageVolGetXMLDesc"),
    STORAGE_VOL_GET_PATH(100, Group.STORAGE, Access.READ, "virStorageVolGetPath"),
    STORAGE_VOL_CREATE_XML_FROM(125, Group.STORAGE, Access.WRITE, "virStorageVolCreateXMLFrom"),
    STORAGE_VOL_WIPE(165, Group.STORAGE, Access.WRITE, "virStorageVolWipe"),
    STORAGE_VOL_UPLOAD(208, Group.STORAGE, Access.WRITE, "virStorageVolUpload"),
    STORAGE_VOL_DOWNLOAD(209, Group.STORAGE, Access.WRITE, "virStorageVolDownload"),
    STORAGE_VOL_WIPE_PATTERN(259, Group.STORAGE, Access.WRITE, "virStorageVolWipePattern"),
    STORAGE_VOL_RESIZE(260, Group.STORAGE, Access.WRITE, "virStorageVolResize"),
    STORAGE_VOL_GET_INFO_FLAGS(378, Group.STORAGE, Access.READ, "virStorageVolGetInfoFlags"),

    // ---- domain snapshots (libvirt-domain-snapshot.c: errors from DOMAIN_SNAPSHOT) --------------------------
    DOMAIN_SNAPSHOT_CREATE_XML(185, Group.SNAPSHOT, Access.WRITE, "virDomainSnapshotCreateXML"),
    DOMAIN_SNAPSHOT_GET_XML_DESC(186, Group.SNAPSHOT, Access.READ, "virDomainSnapshotGetXMLDesc"),
    DOMAIN_SNAPSHOT_NUM(187, Group.SNAPSHOT, Access.READ, "virDomainSnapshotNum"),
    DOMAIN_SNAPSHOT_LIST_NAMES(188, Group.SNAPSHOT, Access.READ, "virDomainSnapshotListNames"),
    DOMAIN_SNAPSHOT_LOOKUP_BY_NAME(189, Group.SNAPSHOT, Access.READ, "virDomainSnapshotLookupByName"),
    DOMAIN_HAS_CURRENT_SNAPSHOT(190, Group.SNAPSHOT, Access.READ, "virDomainHasCurrentSnapshot"),
    DOMAIN_SNAPSHOT_CURRENT(191, Group.SNAPSHOT, Access.READ, "virDomainSnapshotCurrent"),
    DOMAIN_REVERT_TO_SNAPSHOT(192, Group.SNAPSHOT, Access.WRITE, "virDomainRevertToSnapshot"),
    DOMAIN_SNAPSHOT_DELETE(193, Group.SNAPSHOT, Access.WRITE, "virDomainSnapshotDelete"),
    DOMAIN_SNAPSHOT_GET_PARENT(244, Group.SNAPSHOT, Access.READ, "virDomainSnapshotGetParent"),
    DOMAIN_SNAPSHOT_NUM_CHILDREN(246, Group.SNAPSHOT, Access.READ, "virDomainSnapshotNumChildren"),
    DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES(247, Group.SNAPSHOT, Access.READ, "virDomainSnapshotListChildrenNames"),
    DOMAIN_SNAPSHOT_IS_CURRENT(271, Group.SNAPSHOT, Access.READ, "virDomainSnapshotIsCurrent"),
    DOMAIN_SNAPSHOT_HAS_METADATA(272, Group.SNAPSHOT, Access.READ, "virDomainSnapshotHasMetadata"),
    DOMAIN_LIST_ALL_SNAPSHOTS(274, Group.SNAPSHOT, Access.READ, "virDomainListAllSnapshots"),
    DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN(275, Group.SNAPSHOT, Access.READ, "virDomainSnapshotListAllChildren"),

    // ---- events (registration only reads: libvirt's ACL is connect:search_domains, search_storage_pools)
    CONNECT_DOMAIN_EVENT_REGISTER_ANY(167, Group.EVENT, Access.READ, "virConnectDomainEventRegisterAny"),
    CONNECT_DOMAIN_EVENT_DEREGISTER_ANY(168, Group.EVENT, Access.READ, "virConnectDomainEventDeregisterAny"),
    CONNECT_NETWORK_EVENT_REGISTER_ANY(313, Group.EVENT, Access.READ, "virConnectNetworkEventRegisterAny"),
    CONNECT_NETWORK_EVENT_DEREGISTER_ANY(314, Group.EVENT, Access.READ, "virConnectNetworkEventDeregisterAny"),
    CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY(316, Group.EVENT, Access.READ, "virConnectDomainEventRegisterAny"),
    CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY(317, Group.EVENT, Access.READ,
            "virConnectDomainEventDeregisterAny"),
    CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY(368, Group.EVENT, Access.READ,
            "virConnectStoragePoolEventRegisterAny"),
    CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY(369, Group.EVENT, Access.READ,
            "virConnectStoragePoolEventDeregisterAny");

    /** The asynchronous MESSAGE procedures Virtkit sends; they are never called. */
    static final int DOMAIN_EVENT_LIFECYCLE = 107;
    static final int NETWORK_EVENT_LIFECYCLE = 315;
    public static final int DOMAIN_EVENT_CALLBACK_LIFECYCLE = 318;
    static final int STORAGE_POOL_EVENT_LIFECYCLE = 370;
    static final int STORAGE_POOL_EVENT_REFRESH = 373;

    enum Group { SESSION, HOST, DOMAIN, MIGRATION, NETWORK, STORAGE, EVENT, SNAPSHOT }

    /**
     * What a procedure does, and so who may call it: READ procedures are safe for read-only clients (role viewer);
     * LIFECYCLE ones start, stop, pause or resume a domain that exists (role operator); WRITE ones create, change or
     * remove definitions, or reach beyond one domain (role admin). LIFECYCLE and WRITE are refused on read-only
     * connections.
     */
    enum Access { READ, LIFECYCLE, WRITE }

    private static final Map<Integer, Procedure> BY_NUMBER = new HashMap<>();

    static {
        for (Procedure p : values()) {
            if (BY_NUMBER.put(p.number, p) != null) {
                throw new IllegalStateException("duplicate procedure number " + p.number);
            }
        }
    }

    private final int number;
    private final Group group;
    private final Access access;
    private final String function;
    /** Where libvirt reports the function's errors when it is not its group's usual file; null: by group. */
    private final ErrorDomain apiDomain;

    Procedure(int number, Group group, Access access, String function) {
        this(number, group, access, function, null);
    }

    Procedure(int number, Group group, Access access, String function, ErrorDomain apiDomain) {
        this.number = number;
        this.group = group;
        this.access = access;
        this.function = function;
        this.apiDomain = apiDomain;
    }

    /** The procedure with libvirt's number {@code number}, or null when Virtkit does not answer it. */
    static Procedure of(int number) {
        return BY_NUMBER.get(number);
    }

    public int number() {
        return number;
    }

    Group group() {
        return group;
    }

    boolean mutates() {
        return access != Access.READ;
    }

    /**
     * The weakest role that may call the procedure (the roles of issue 18, as the console's ACLs split the
     * commands): viewer for what a read-only connection may do, operator for the lifecycle of existing domains,
     * admin for everything else.
     */
    RemoteDaemon.Role role() {
        return switch (access) {
            case READ -> RemoteDaemon.Role.VIEWER;
            case LIFECYCLE -> RemoteDaemon.Role.OPERATOR;
            case WRITE -> RemoteDaemon.Role.ADMIN;
        };
    }

    /** The libvirt public API function behind the procedure, as libvirt names it in its errors. */
    String function() {
        return function;
    }

    /** Where libvirt reports errors of the function: the API file's error domain. */
    ErrorDomain errorDomain() {
        if (apiDomain != null) {
            return apiDomain;
        }
        return switch (group) {
            case DOMAIN, MIGRATION -> ErrorDomain.DOMAIN;
            case NETWORK -> ErrorDomain.NETWORK;
            case STORAGE -> ErrorDomain.STORAGE;
            case SNAPSHOT -> ErrorDomain.DOMAIN_SNAPSHOT;
            case EVENT -> name().contains("NETWORK") ? ErrorDomain.NETWORK
                    : name().contains("STORAGE") ? ErrorDomain.STORAGE : ErrorDomain.DOMAIN;
            case SESSION, HOST -> ErrorDomain.NONE;
        };
    }
}
