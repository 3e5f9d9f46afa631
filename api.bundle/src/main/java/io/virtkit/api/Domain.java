package io.virtkit.api;

import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on one domain of one connection, libvirt's {@code virDomainPtr}. It names the domain by
 * UUID; every call reads or changes the domain's current state, and fails with
 * {@link ErrorCode#NO_DOMAIN} once the domain no longer exists.
 */
@ProviderType
public interface Domain {

    Connection connection();

    String name();

    UUID uuid();

    /** The id of the running domain, or -1 when it is not running. */
    int id();

    /** The guest's OS type as {@code virDomainGetOSType} reports it ("hvm", "exe", "linux"). */
    String osType();

    /**
     * Starts a defined, inactive domain.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} "domain is already running"
     */
    void start(StartFlag... flags);

    /** Asks the guest to shut down (state SHUTDOWN until it has, then SHUTOFF with reason SHUTDOWN). */
    void shutdown();

    /** Stops the domain at once (SHUTOFF, reason DESTROYED); a transient domain vanishes. */
    void destroy();

    /** Pauses the virtual CPUs (PAUSED, reason USER). */
    void suspend();

    /** Resumes paused virtual CPUs (RUNNING, reason UNPAUSED). */
    void resume();

    void reboot();

    /**
     * Removes the persistent definition. An inactive domain vanishes; a running one becomes transient
     * and vanishes when it stops.
     */
    void undefine();

    DomainStateInfo state();

    DomainInfo info();

    /** The domain XML: live when running, unless {@link XmlFlag#INACTIVE} asks for the persistent one. */
    String xml(XmlFlag... flags);

    boolean autostart();

    /** @throws VirtException {@link ErrorCode#OPERATION_INVALID} for a transient domain */
    void setAutostart(boolean autostart);

    boolean isActive();

    boolean isPersistent();

    /**
     * Statistics of the domain as virsh {@code domstats} prints them: keys like {@code state.state},
     * {@code cpu.time}, {@code vcpu.0.time}, {@code block.0.rd.bytes}; values are numbers or strings.
     * The base implementation reports state, reason, balloon and vCPU counts from {@link #info()}.
     */
    default DomainStats stats() {
        DomainStateInfo st = state();
        DomainInfo info = info();
        java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("state.state", st.state().number());
        fields.put("state.reason", st.reason().number());
        if (info.state().isActive()) {
            fields.put("cpu.time", info.cpuTimeNanos());
            fields.put("balloon.current", info.memoryKiB());
        }
        fields.put("balloon.maximum", info.maxMemoryKiB());
        fields.put("vcpu.current", info.vcpus());
        fields.put("vcpu.maximum", info.vcpus());
        return new DomainStats(name(), fields);
    }

    /**
     * Connects to the guest's console ({@code device} null for the first console or serial port), libvirt's
     * {@code virDomainOpenConsole}.
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver has no consoles,
     *         {@link ErrorCode#OPERATION_INVALID} when the domain is not running
     */
    default ConsoleStream openConsole(String device) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainOpenConsole");
    }

    /**
     * Adds a device described by {@code deviceXml} (for now an {@code <interface>} or a {@code <disk>}), libvirt's
     * {@code virDomainAttachDeviceFlags}. A missing {@code <mac>} gets a random one.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} for LIVE on an inactive domain or CONFIG on a
     *         transient one, {@link ErrorCode#OPERATION_UNSUPPORTED}/{@link ErrorCode#CONFIG_UNSUPPORTED} for
     *         devices the driver cannot add, {@link ErrorCode#NO_SUPPORT} where the driver has no hotplug
     */
    default void attachDevice(String deviceXml, DeviceModifyFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainAttachDeviceFlags");
    }

    /**
     * Removes the device described by {@code deviceXml}, libvirt's {@code virDomainDetachDeviceFlags};
     * interfaces are matched by their {@code <mac>}.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_FAILED} when no device matches, else as
     *         {@link #attachDevice}
     */
    default void detachDevice(String deviceXml, DeviceModifyFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainDetachDeviceFlags");
    }

    /**
     * Changes the device {@code deviceXml} names (a disk by its target) to what it describes, libvirt's
     * {@code virDomainUpdateDeviceFlags}: for a CD-ROM, the medium it holds (none ejects it).
     *
     * @throws VirtException {@link ErrorCode#INVALID_ARG} when the persistent definition has no such device,
     *         else as {@link #attachDevice}
     */
    default void updateDevice(String deviceXml, DeviceModifyFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainUpdateDeviceFlags");
    }

    // --- memory and vCPUs (libvirt's virDomainSetMemoryFlags, virDomainSetVcpusFlags and their kin) ---------

    /**
     * Sets the domain's current (balloon) memory, or with {@link MemoryModFlag#MAXIMUM} its maximum memory,
     * libvirt's {@code virDomainSetMemoryFlags}.
     *
     * @param kib the size in KiB, more than 0
     * @throws VirtException {@link ErrorCode#INVALID_ARG} for 0, for more than the maximum memory or for flags
     *         the driver does not support, {@link ErrorCode#OPERATION_INVALID} for LIVE on an inactive domain or
     *         CONFIG on a transient one, {@link ErrorCode#NO_SUPPORT} where the driver cannot change memory
     * @since 1.6
     */
    default void setMemory(long kib, MemoryModFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainSetMemoryFlags");
    }

    /**
     * Sets the domain's maximum memory, libvirt's {@code virDomainSetMaxMemory}: which of the live and the
     * persistent definition changes is the driver's choice (use {@link #setMemory} with
     * {@link MemoryModFlag#MAXIMUM} to say).
     *
     * @param kib the size in KiB, more than 0
     * @since 1.6
     */
    default void setMaxMemory(long kib) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainSetMaxMemory");
    }

    /**
     * The domain's maximum memory in KiB, libvirt's {@code virDomainGetMaxMemory}.
     *
     * @since 1.6
     */
    default long maxMemory() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetMaxMemory");
    }

    /**
     * Sets the number of enabled vCPUs, or with {@link VcpuFlag#MAXIMUM} (and {@link VcpuFlag#CONFIG}) the
     * maximum, libvirt's {@code virDomainSetVcpusFlags}.
     *
     * @param count the number of vCPUs, more than 0
     * @throws VirtException {@link ErrorCode#INVALID_ARG} for 0, for more vCPUs than the maximum, for MAXIMUM
     *         without CONFIG, GUEST with CONFIG, or flags the driver does not support;
     *         {@link ErrorCode#OPERATION_INVALID} for LIVE on an inactive domain or CONFIG on a transient one
     * @since 1.6
     */
    default void setVcpus(int count, VcpuFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainSetVcpusFlags");
    }

    /**
     * The number of enabled vCPUs, or with {@link VcpuFlag#MAXIMUM} the maximum, of the live or the
     * persistent definition, libvirt's {@code virDomainGetVcpusFlags}.
     *
     * @throws VirtException {@link ErrorCode#INVALID_ARG} for LIVE with CONFIG,
     *         {@link ErrorCode#OPERATION_INVALID} for LIVE on an inactive domain
     * @since 1.6
     */
    default int vcpusFlags(VcpuFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetVcpusFlags");
    }

    /**
     * The maximum number of vCPUs of the running domain, libvirt's {@code virDomainGetMaxVcpus}.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} when the domain is not running (as libvirt's
     *         drivers, which read the live definition)
     * @since 1.6
     */
    default int maxVcpus() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetMaxVcpus");
    }

    // --- snapshots (libvirt's virDomainSnapshot* on a domain) -------------------------------------------

    /**
     * Takes a snapshot described by {@code <domainsnapshot>} XML (empty or null: a snapshot named after the time),
     * libvirt's {@code virDomainSnapshotCreateXML}; with {@link DomainSnapshotCreateFlag#REDEFINE}, defines its
     * metadata instead.
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} where the driver has no snapshots
     * @since 1.6
     */
    default DomainSnapshot createSnapshot(String xml, DomainSnapshotCreateFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotCreateXML");
    }

    /**
     * The domain's snapshots ({@code virDomainListAllSnapshots}), filtered by {@code flags}.
     *
     * @since 1.6
     */
    default java.util.List<DomainSnapshot> listAllSnapshots(DomainSnapshotListFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.DOMAIN_SNAPSHOT, "virDomainListAllSnapshots");
    }

    /**
     * {@code virDomainSnapshotLookupByName}.
     *
     * @throws VirtException {@link ErrorCode#NO_DOMAIN_SNAPSHOT} when the domain has no snapshot of that name
     * @since 1.6
     */
    default DomainSnapshot snapshotLookupByName(String name) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotLookupByName");
    }

    /**
     * {@code virDomainHasCurrentSnapshot}.
     *
     * @since 1.6
     */
    default boolean hasCurrentSnapshot() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.DOMAIN_SNAPSHOT, "virDomainHasCurrentSnapshot");
    }

    /**
     * The domain's current snapshot ({@code virDomainSnapshotCurrent}).
     *
     * @throws VirtException {@link ErrorCode#NO_DOMAIN_SNAPSHOT} "the domain does not have a current snapshot"
     * @since 1.6
     */
    default DomainSnapshot currentSnapshot() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.DOMAIN_SNAPSHOT, "virDomainSnapshotCurrent");
    }

    // --- saving the memory state (libvirt's virDomainManagedSave*, virDomainSaveFlags) ----------------------

    /**
     * Saves the running domain's memory state to an image the driver keeps and stops it (SHUTOFF, reason SAVED,
     * event STOPPED/SAVED), libvirt's {@code virDomainManagedSave}; the next {@link #start} resumes from the image
     * and removes it.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} when the domain is not running or is transient,
     *         {@link ErrorCode#INVALID_ARG} for RUNNING with PAUSED, {@link ErrorCode#NO_SUPPORT} where the driver
     *         cannot save
     * @since 1.7
     */
    default void managedSave(DomainSaveFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainManagedSave");
    }

    /**
     * Whether the domain has a managed save image, libvirt's {@code virDomainHasManagedSaveImage}.
     *
     * @since 1.7
     */
    default boolean hasManagedSaveImage() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainHasManagedSaveImage");
    }

    /**
     * Removes the domain's managed save image, if any, so the next start boots afresh, libvirt's
     * {@code virDomainManagedSaveRemove}.
     *
     * @since 1.7
     */
    default void managedSaveRemove() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainManagedSaveRemove");
    }

    /**
     * Saves the running domain's memory state to the file {@code path} (of the host the driver runs on) and
     * stops it (SHUTOFF, reason SAVED; a transient domain vanishes), libvirt's {@code virDomainSaveFlags};
     * {@link Connection#restoreDomain} brings it back.
     *
     * @param xml a domain XML to store in the image instead of the domain's (changing only host-side details),
     *        or null
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} when the domain is not running,
     *         {@link ErrorCode#INVALID_ARG} for a null path or RUNNING with PAUSED, {@link ErrorCode#NO_SUPPORT}
     *         where the driver cannot save
     * @since 1.7
     */
    default void save(String path, String xml, DomainSaveFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainSaveFlags");
    }

    /**
     * The domain's current job (a migration, a save), libvirt's {@code virDomainGetJobInfo}; {@link DomainJobInfo#NONE}
     * when it runs none.
     *
     * @since 1.8
     */
    default DomainJobInfo jobInfo() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetJobInfo");
    }

    /**
     * The domain's current job with libvirt's typed statistics, {@code virDomainGetJobStats}; with {@code completed}
     * ({@code VIR_DOMAIN_JOB_STATS_COMPLETED}) the last job that completed on this host (type COMPLETED), else none.
     *
     * @since 1.8
     */
    default DomainJobStats jobStats(boolean completed) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainGetJobStats");
    }

    /**
     * Aborts the domain's current job (a migration rolls back: the guest runs on here), libvirt's
     * {@code virDomainAbortJob}.
     *
     * @throws VirtException OPERATION_INVALID "no job is active on the domain" when there is none
     * @since 1.8
     */
    default void abortJob() {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainAbortJob");
    }

    /**
     * Migrates the domain to the host of {@code destination}, the caller holding both connections (libvirt's
     * {@code virDomainMigrate3}; with {@link MigrateFlag#PEER2PEER} the source host connects to the destination's
     * URI itself). On failure the domain runs on here as before.
     *
     * @return the domain on the destination
     * @since 1.8
     */
    default Domain migrate(Connection destination, MigrationParams params, MigrateFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigrate3");
    }

    /**
     * Migrates the domain with the source host connecting to {@code dconnuri} itself (needs
     * {@link MigrateFlag#PEER2PEER}), libvirt's {@code virDomainMigrateToURI3}.
     *
     * @since 1.8
     */
    default void migrateToUri(String dconnuri, MigrationParams params, MigrateFlag... flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigrateToURI3");
    }

    /**
     * The source's first step of libvirt's migration protocol (version 3 with parameters), for daemons relaying it:
     * {@code virDomainMigrateBegin3Params}. Callers that migrate use {@link #migrate}.
     *
     * @param flags {@link MigrateFlag} bits
     * @since 1.8
     */
    default MigrationBegin migrateBegin(MigrationParams params, long flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigrateBegin3Params");
    }

    /**
     * The source's perform step ({@code virDomainMigratePerform3Params}): sends the guest to the destination that
     * prepared with {@code cookie}; with PEER2PEER ({@code dconnuri} given) drives the whole protocol itself.
     *
     * @return the cookie for the destination's finish step
     * @since 1.8
     */
    default byte[] migratePerform(String dconnuri, MigrationParams params, byte[] cookie, long flags) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigratePerform3Params");
    }

    /**
     * The source's last step ({@code virDomainMigrateConfirm3Params}): with {@code cancelled} false the guest, now
     * running on the destination, is stopped here; with true it resumes here.
     *
     * @since 1.8
     */
    default void migrateConfirm(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virDomainMigrateConfirm3Params");
    }
}
