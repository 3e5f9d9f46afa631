package io.virtkit.remote.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The storage procedures of libvirt's {@code remote_protocol.x}, with libvirt's numbers, the public function each
 * stands for (as libvirt names it in its errors), whether it changes anything (refused to read-only clients), and
 * the XDR shapes of its arguments and reply ({@link StorageXdr}, {@link StorageArgs}). Not answered yet: the storage
 * glue moves them into {@link Procedure}'s whitelist once the driver side exists; until then they stay NO_SUPPORT.
 */
enum StorageProcedure {
    // ---- connection-wide ------------------------------------------------------------------------ args -> ret
    CONNECT_NUM_OF_STORAGE_POOLS(71, "virConnectNumOfStoragePools", false), // void -> int num
    CONNECT_LIST_STORAGE_POOLS(72, "virConnectListStoragePools", false), // int maxnames -> names<POOL_LIST_MAX>
    CONNECT_NUM_OF_DEFINED_STORAGE_POOLS(73, "virConnectNumOfDefinedStoragePools", false), // void -> int num
    CONNECT_LIST_DEFINED_STORAGE_POOLS(74, "virConnectListDefinedStoragePools", false), // int maxnames -> names
    CONNECT_FIND_STORAGE_POOL_SOURCES(75, "virConnectFindStoragePoolSources", true), // FindPoolSources -> string
    CONNECT_LIST_ALL_STORAGE_POOLS(281, "virConnectListAllStoragePools", false), // ListAll -> PoolList

    // ---- pools -------------------------------------------------------------------------------------
    STORAGE_POOL_CREATE_XML(76, "virStoragePoolCreateXML", true), // XmlFlags -> PoolRef
    STORAGE_POOL_DEFINE_XML(77, "virStoragePoolDefineXML", true), // XmlFlags -> PoolRef
    STORAGE_POOL_CREATE(78, "virStoragePoolCreate", true), // PoolFlags -> void
    STORAGE_POOL_BUILD(79, "virStoragePoolBuild", true), // PoolFlags -> void
    STORAGE_POOL_DESTROY(80, "virStoragePoolDestroy", true), // PoolRef -> void
    STORAGE_POOL_DELETE(81, "virStoragePoolDelete", true), // PoolFlags -> void
    STORAGE_POOL_UNDEFINE(82, "virStoragePoolUndefine", true), // PoolRef -> void
    STORAGE_POOL_REFRESH(83, "virStoragePoolRefresh", true), // PoolFlags -> void
    STORAGE_POOL_LOOKUP_BY_NAME(84, "virStoragePoolLookupByName", false), // string -> PoolRef
    STORAGE_POOL_LOOKUP_BY_UUID(85, "virStoragePoolLookupByUUID", false), // uuid -> PoolRef
    STORAGE_POOL_LOOKUP_BY_VOLUME(86, "virStoragePoolLookupByVolume", false), // VolRef -> PoolRef
    STORAGE_POOL_GET_INFO(87, "virStoragePoolGetInfo", false), // PoolRef -> PoolInfo
    STORAGE_POOL_GET_XML_DESC(88, "virStoragePoolGetXMLDesc", false), // PoolFlags -> string
    STORAGE_POOL_GET_AUTOSTART(89, "virStoragePoolGetAutostart", false), // PoolRef -> int
    STORAGE_POOL_SET_AUTOSTART(90, "virStoragePoolSetAutostart", true), // PoolInt -> void
    STORAGE_POOL_NUM_OF_VOLUMES(91, "virStoragePoolNumOfVolumes", false), // PoolRef -> int
    STORAGE_POOL_LIST_VOLUMES(92, "virStoragePoolListVolumes", false), // PoolInt maxnames -> names<VOL_LIST_MAX>
    STORAGE_POOL_IS_ACTIVE(154, "virStoragePoolIsActive", false), // PoolRef -> int
    STORAGE_POOL_IS_PERSISTENT(155, "virStoragePoolIsPersistent", false), // PoolRef -> int
    STORAGE_POOL_LIST_ALL_VOLUMES(282, "virStoragePoolListAllVolumes", false), // PoolListAll -> VolList

    // ---- volumes -----------------------------------------------------------------------------------
    STORAGE_VOL_CREATE_XML(93, "virStorageVolCreateXML", true), // PoolXmlFlags -> VolRef
    STORAGE_VOL_DELETE(94, "virStorageVolDelete", true), // VolFlags -> void
    STORAGE_VOL_LOOKUP_BY_NAME(95, "virStorageVolLookupByName", false), // PoolName -> VolRef
    STORAGE_VOL_LOOKUP_BY_KEY(96, "virStorageVolLookupByKey", false), // string -> VolRef
    STORAGE_VOL_LOOKUP_BY_PATH(97, "virStorageVolLookupByPath", false), // string -> VolRef
    STORAGE_VOL_GET_INFO(98, "virStorageVolGetInfo", false), // VolRef -> VolInfo
    STORAGE_VOL_GET_XML_DESC(99, "virStorageVolGetXMLDesc", false), // VolFlags -> string
    STORAGE_VOL_GET_PATH(100, "virStorageVolGetPath", false), // VolRef -> string
    STORAGE_VOL_CREATE_XML_FROM(125, "virStorageVolCreateXMLFrom", true), // CreateXmlFrom -> VolRef
    STORAGE_VOL_WIPE(165, "virStorageVolWipe", true), // VolFlags -> void
    STORAGE_VOL_UPLOAD(208, "virStorageVolUpload", true), // Transfer -> void, then a stream client -> daemon
    STORAGE_VOL_DOWNLOAD(209, "virStorageVolDownload", true), // Transfer -> void, then a stream daemon -> client
    STORAGE_VOL_WIPE_PATTERN(259, "virStorageVolWipePattern", true), // WipePattern -> void
    STORAGE_VOL_RESIZE(260, "virStorageVolResize", true), // Resize -> void
    STORAGE_VOL_GET_INFO_FLAGS(378, "virStorageVolGetInfoFlags", false), // VolFlags -> VolInfo

    // ---- events (registration only reads: libvirt's ACL is connect:search_storage_pools) -----------
    CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY(368, "virConnectStoragePoolEventRegisterAny", false), // EventRegister -> int
    CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY(369, "virConnectStoragePoolEventDeregisterAny", false); // int -> void

    /** The asynchronous MESSAGE procedures: {@link StorageXdr.LifecycleEvent} and {@link StorageXdr.RefreshEvent}. */
    static final int STORAGE_POOL_EVENT_LIFECYCLE = 370;
    static final int STORAGE_POOL_EVENT_REFRESH = 373;

    private static final Map<Integer, StorageProcedure> BY_NUMBER = new HashMap<>();

    static {
        for (StorageProcedure p : values()) {
            if (BY_NUMBER.put(p.number, p) != null) {
                throw new IllegalStateException("duplicate procedure number " + p.number);
            }
        }
    }

    private final int number;
    private final String function;
    private final boolean mutates;

    StorageProcedure(int number, String function, boolean mutates) {
        this.number = number;
        this.function = function;
        this.mutates = mutates;
    }

    static StorageProcedure of(int number) {
        return BY_NUMBER.get(number);
    }

    int number() {
        return number;
    }

    String function() {
        return function;
    }

    /**
     * Whether a read-only client is refused, as libvirt's public function does with {@code virCheckReadOnlyGoto}:
     * every change, and also {@code virConnectFindStoragePoolSources} (it probes the host) and
     * {@code virStorageVolDownload}.
     */
    boolean mutates() {
        return mutates;
    }
}
