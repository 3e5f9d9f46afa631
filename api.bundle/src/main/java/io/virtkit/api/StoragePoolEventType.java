package io.virtkit.api;

/**
 * What happened to a storage pool: the lifecycle events numbered as libvirt's
 * {@code virStoragePoolEventLifecycleType}, and {@link #REFRESHED}, libvirt's separate refresh event
 * ({@code VIR_STORAGE_POOL_EVENT_ID_REFRESH}), which has no lifecycle number.
 */
public enum StoragePoolEventType {
    DEFINED(0, "Defined"),
    UNDEFINED(1, "Undefined"),
    STARTED(2, "Started"),
    STOPPED(3, "Stopped"),
    CREATED(4, "Created"),
    DELETED(5, "Deleted"),
    /** The pool's volumes were looked at again ({@code virStoragePoolRefresh}); not a lifecycle event. */
    REFRESHED(-1, "Refreshed");

    private final int number;
    private final String label;

    StoragePoolEventType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** libvirt's lifecycle number, -1 for {@link #REFRESHED}. */
    public int number() {
        return number;
    }

    /** virsh's wording ("Started"). */
    public String label() {
        return label;
    }

    /** Whether libvirt reports it as a lifecycle event (all but {@link #REFRESHED}). */
    public boolean isLifecycle() {
        return number >= 0;
    }
}
