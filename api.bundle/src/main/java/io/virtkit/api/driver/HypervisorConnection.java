package io.virtkit.api.driver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStats;
import io.virtkit.api.NodeInfo;

/**
 * One open connection of a {@link HypervisorDriver}: libvirt's {@code virHypervisorDriver} table. Core
 * calls it only while the public connection is open and after its read-only check; the driver finds each
 * {@link DomainRef} again by UUID (NO_DOMAIN once gone), raises libvirt's errors and checks flags with
 * {@link DriverFlags#check}. Flags are libvirt's bits (the API's enums carry them). Entry points with a
 * default body are optional: the default answers NO_SUPPORT naming libvirt's function.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface HypervisorConnection extends AutoCloseable {

    // --- the host -------------------------------------------------------------------------------------

    /** {@code virConnectGetURI}: the canonical URI the driver serves this connection as. */
    String uri();

    /** {@code virConnectGetType}: "QEMU", "LXC", "TEST". */
    String type();

    /** {@code virConnectGetVersion}, libvirt-encoded. */
    long hypervisorVersion();

    String hostname();

    NodeInfo nodeInfo();

    String capabilities();

    default String sysinfo(long flags) {
        throw DriverFlags.noSupport("virConnectGetSysinfo");
    }

    /**
     * {@code virConnectGetDomainCapabilities}: the {@code <domainCapabilities>} XML for the given emulator,
     * architecture, machine type and domain type, each null for the driver's default.
     */
    default String domainCapabilities(String emulatorbin, String arch, String machine, String virttype,
            long flags) {
        throw DriverFlags.noSupport("virConnectGetDomainCapabilities");
    }

    default String domainXmlToNative(String nativeFormat, String xml, long flags) {
        throw DriverFlags.noSupport("virConnectDomainXMLToNative");
    }

    // --- finding and making domains ---------------------------------------------------------------------

    /** {@code virConnectListAllDomains}: flags are {@link io.virtkit.api.DomainListFlag} bits. */
    List<DomainRef> listAllDomains(long flags);

    DomainRef lookupDomainByName(String name);

    DomainRef lookupDomainByUuid(UUID uuid);

    DomainRef lookupDomainById(int id);

    /** {@code virDomainDefineXMLFlags}. */
    DomainRef defineDomain(String xml, long flags);

    /** {@code virDomainCreateXML}: flags are {@link io.virtkit.api.StartFlag} bits. */
    DomainRef createDomain(String xml, long flags);

    // --- one domain ---------------------------------------------------------------------------------------

    /** The domain's id now (-1 when inactive). */
    int domainId(DomainRef domain);

    String domainOsType(DomainRef domain);

    /** {@code virDomainCreateWithFlags}: flags are {@link io.virtkit.api.StartFlag} bits. */
    void startDomain(DomainRef domain, long flags);

    void shutdownDomain(DomainRef domain, long flags);

    void destroyDomain(DomainRef domain, long flags);

    void suspendDomain(DomainRef domain);

    void resumeDomain(DomainRef domain);

    void rebootDomain(DomainRef domain, long flags);

    void undefineDomain(DomainRef domain, long flags);

    DomainStateInfo domainState(DomainRef domain, long flags);

    DomainInfo domainInfo(DomainRef domain);

    /** {@code virDomainGetXMLDesc}: flags are {@link io.virtkit.api.XmlFlag} bits. */
    String domainXml(DomainRef domain, long flags);

    boolean domainAutostart(DomainRef domain);

    void setDomainAutostart(DomainRef domain, boolean autostart);

    boolean domainIsActive(DomainRef domain);

    boolean domainIsPersistent(DomainRef domain);

    /**
     * {@code virConnectGetAllDomainStats} for one domain: the default reports state, balloon and vCPU
     * counts from {@link #domainState} and {@link #domainInfo} (the maximum from {@link #domainVcpus} where the
     * driver has it).
     */
    default DomainStats domainStats(DomainRef domain, long flags) {
        DomainStateInfo st = domainState(domain, 0);
        DomainInfo info = domainInfo(domain);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state.state", st.state().number());
        fields.put("state.reason", st.reason().number());
        if (info.state().isActive()) {
            fields.put("cpu.time", info.cpuTimeNanos());
            fields.put("balloon.current", info.memoryKiB());
        }
        fields.put("balloon.maximum", info.maxMemoryKiB());
        fields.put("vcpu.current", info.vcpus());
        fields.put("vcpu.maximum", maximumVcpus(domain, info));
        return new DomainStats(domain.name(), fields);
    }

    /** The maximum from {@link #domainVcpus} where the driver offers it, else the info's count. */
    private int maximumVcpus(DomainRef domain, DomainInfo info) {
        try {
            return domainVcpus(domain, io.virtkit.api.VcpuFlag.MAXIMUM.bit());
        } catch (io.virtkit.api.VirtException e) {
            if (e.code() != io.virtkit.api.ErrorCode.NO_SUPPORT) {
                throw e;
            }
            return info.vcpus();
        }
    }

    default ConsoleStream openConsole(DomainRef domain, String device, long flags) {
        throw DriverFlags.noSupport("virDomainOpenConsole");
    }

    /** {@code virDomainAttachDeviceFlags}: flags are {@link io.virtkit.api.DeviceModifyFlag} bits. */
    default void attachDevice(DomainRef domain, String deviceXml, long flags) {
        throw DriverFlags.noSupport("virDomainAttachDeviceFlags");
    }

    default void detachDevice(DomainRef domain, String deviceXml, long flags) {
        throw DriverFlags.noSupport("virDomainDetachDeviceFlags");
    }

    /** {@code virDomainUpdateDeviceFlags}: flags are {@link io.virtkit.api.DeviceModifyFlag} bits. */
    default void updateDevice(DomainRef domain, String deviceXml, long flags) {
        throw DriverFlags.noSupport("virDomainUpdateDeviceFlags");
    }

    /** libvirt-qemu's {@code virDomainQemuMonitorCommand}. */
    default String qemuMonitorCommand(DomainRef domain, String command, long flags) {
        throw DriverFlags.noSupport("virDomainQemuMonitorCommand");
    }

    // --- memory and vCPUs, native formats in (since 1.5) ----------------------------------------------------

    /**
     * {@code virConnectDomainXMLFromNative}: the domain XML for a native configuration (core has refused a
     * read-only connection and null arguments).
     *
     * @since 1.5
     */
    default String domainXmlFromNative(String nativeFormat, String nativeConfig, long flags) {
        throw DriverFlags.noSupport("virConnectDomainXMLFromNative");
    }

    /**
     * {@code virDomainSetMemoryFlags} (and {@code virDomainSetMemory}, which core passes as LIVE): flags are
     * {@link io.virtkit.api.MemoryModFlag} bits; core has refused 0 KiB.
     *
     * @since 1.5
     */
    default void setDomainMemory(DomainRef domain, long kib, long flags) {
        throw DriverFlags.noSupport("virDomainSetMemoryFlags");
    }

    /**
     * {@code virDomainSetMaxMemory}: the driver chooses whether the live or persistent definition changes, as
     * libvirt's drivers do; core has refused 0 KiB.
     *
     * @since 1.5
     */
    default void setDomainMaxMemory(DomainRef domain, long kib) {
        throw DriverFlags.noSupport("virDomainSetMaxMemory");
    }

    /**
     * {@code virDomainGetMaxMemory} in KiB: the default is {@link #domainInfo}'s maximum memory.
     *
     * @since 1.5
     */
    default long domainMaxMemory(DomainRef domain) {
        return domainInfo(domain).maxMemoryKiB();
    }

    /**
     * {@code virDomainSetVcpusFlags} (and {@code virDomainSetVcpus}, which core passes as LIVE): flags are
     * {@link io.virtkit.api.VcpuFlag} bits; core has refused 0, MAXIMUM without CONFIG and GUEST with CONFIG.
     *
     * @since 1.5
     */
    default void setDomainVcpus(DomainRef domain, int count, long flags) {
        throw DriverFlags.noSupport("virDomainSetVcpusFlags");
    }

    /**
     * {@code virDomainGetVcpusFlags}: flags are {@link io.virtkit.api.VcpuFlag} bits; core has refused LIVE
     * with CONFIG.
     *
     * @since 1.5
     */
    default int domainVcpus(DomainRef domain, long flags) {
        throw DriverFlags.noSupport("virDomainGetVcpusFlags");
    }

    /**
     * {@code virDomainGetMaxVcpus}: libvirt's drivers answer the live maximum (failing on an inactive domain).
     *
     * @since 1.5
     */
    default int domainMaxVcpus(DomainRef domain) {
        throw DriverFlags.noSupport("virDomainGetMaxVcpus");
    }

    // --- saving the memory state (since 1.7) ------------------------------------------------------------------
    // Flags are io.virtkit.api.DomainSaveFlag bits; core has refused read-only connections for the changes, null
    // paths and RUNNING with PAUSED, and made paths absolute.

    /**
     * {@code virDomainManagedSave}: saves the running domain to an image the driver keeps and stops it (SHUTOFF,
     * reason SAVED, event STOPPED/SAVED); the next {@link #startDomain} restores from the image and removes it.
     *
     * @since 1.7
     */
    default void managedSave(DomainRef domain, long flags) {
        throw DriverFlags.noSupport("virDomainManagedSave");
    }

    /** {@code virDomainHasManagedSaveImage}. @since 1.7 */
    default boolean hasManagedSaveImage(DomainRef domain, long flags) {
        throw DriverFlags.noSupport("virDomainHasManagedSaveImage");
    }

    /** {@code virDomainManagedSaveRemove}: no image is no error. @since 1.7 */
    default void managedSaveRemove(DomainRef domain, long flags) {
        throw DriverFlags.noSupport("virDomainManagedSaveRemove");
    }

    /**
     * {@code virDomainSaveFlags}: saves the running domain to the file {@code path} and stops it (SHUTOFF, reason
     * SAVED, event STOPPED/SAVED; a transient domain vanishes); {@code xml} replaces the definition kept in the
     * image, or is null.
     *
     * @since 1.7
     */
    default void saveDomain(DomainRef domain, String path, String xml, long flags) {
        throw DriverFlags.noSupport("virDomainSaveFlags");
    }

    /**
     * {@code virDomainRestoreFlags}: runs the domain an image at {@code path} holds again (reason RESTORED, event
     * STARTED/RESTORED); {@code xml} replaces the image's definition, or is null.
     *
     * @since 1.7
     */
    default void restoreDomain(String path, String xml, long flags) {
        throw DriverFlags.noSupport("virDomainRestoreFlags");
    }

    // --- snapshots (libvirt's domainSnapshot* table entries) ------------------------------------------
    // Flags are the bits of io.virtkit.api.DomainSnapshotCreateFlag/ListFlag/XmlFlag/RevertFlag/DeleteFlag.
    // A driver without snapshots keeps these defaults: NO_SUPPORT from the snapshot error domain, as libvirt's.

    /**
     * {@code virDomainSnapshotCreateXML}: takes (or with REDEFINE defines) a snapshot of {@code domain}.
     *
     * @since 1.5
     */
    default DomainSnapshotRef snapshotCreateXml(DomainRef domain, String xml, long flags) {
        throw snapshotNoSupport("virDomainSnapshotCreateXML");
    }

    /** {@code virDomainListAllSnapshots}. @since 1.5 */
    default List<DomainSnapshotRef> snapshotListAll(DomainRef domain, long flags) {
        throw snapshotNoSupport("virDomainListAllSnapshots");
    }

    /** {@code virDomainSnapshotListAllChildren}: DESCENDANTS for all of them. @since 1.5 */
    default List<DomainSnapshotRef> snapshotListChildren(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotListAllChildren");
    }

    /** {@code virDomainSnapshotLookupByName}: NO_DOMAIN_SNAPSHOT when there is none. @since 1.5 */
    default DomainSnapshotRef snapshotLookupByName(DomainRef domain, String name, long flags) {
        throw snapshotNoSupport("virDomainSnapshotLookupByName");
    }

    /** {@code virDomainHasCurrentSnapshot}. @since 1.5 */
    default boolean snapshotHasCurrent(DomainRef domain, long flags) {
        throw snapshotNoSupport("virDomainHasCurrentSnapshot");
    }

    /** {@code virDomainSnapshotCurrent}: NO_DOMAIN_SNAPSHOT when the domain has no current snapshot. @since 1.5 */
    default DomainSnapshotRef snapshotCurrent(DomainRef domain, long flags) {
        throw snapshotNoSupport("virDomainSnapshotCurrent");
    }

    /** {@code virDomainSnapshotGetXMLDesc}: the {@code <domainsnapshot>} XML. @since 1.5 */
    default String snapshotXml(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotGetXMLDesc");
    }

    /** {@code virDomainSnapshotGetParent}: NO_DOMAIN_SNAPSHOT for a root. @since 1.5 */
    default DomainSnapshotRef snapshotParent(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotGetParent");
    }

    /** {@code virDomainSnapshotIsCurrent}. @since 1.5 */
    default boolean snapshotIsCurrent(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotIsCurrent");
    }

    /** {@code virDomainSnapshotHasMetadata}. @since 1.5 */
    default boolean snapshotHasMetadata(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotHasMetadata");
    }

    /** {@code virDomainRevertToSnapshot}. @since 1.5 */
    default void snapshotRevert(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainRevertToSnapshot");
    }

    /** {@code virDomainSnapshotDelete}. @since 1.5 */
    default void snapshotDelete(DomainSnapshotRef snapshot, long flags) {
        throw snapshotNoSupport("virDomainSnapshotDelete");
    }

    private static io.virtkit.api.VirtException snapshotNoSupport(String function) {
        return new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.NO_SUPPORT,
                io.virtkit.api.ErrorDomain.DOMAIN_SNAPSHOT, function);
    }

    // --- the other tables --------------------------------------------------------------------------------

    /**
     * The networks this connection manages itself (the test driver keeps them in its own state), as
     * libvirt's drivers that fill their own {@code networkDriver} table; empty lets core ask the
     * {@link NetworkDriver}s serving the scheme.
     */
    default Optional<NetworkConnection> networks() {
        return Optional.empty();
    }

    /**
     * The storage pools this connection manages itself (the test driver keeps them in its own state), as
     * {@link #networks()}; empty lets core ask the {@link StorageDriver}s serving the scheme.
     *
     * @since 1.3
     */
    default Optional<StorageConnection> storage() {
        return Optional.empty();
    }

    /**
     * Closes the connection: the domains it started with AUTODESTROY are destroyed. Called once, after core
     * has marked the connection closed.
     */
    @Override
    void close();

    // Migration, libvirt's version 3 protocol with parameters (virDomainMigrate*3Params): the source begins, the
    // destination prepares, the source performs, the destination finishes, the source confirms. Cookies are the
    // driver's own, opaque to core and the wire. Core drives the steps for a caller holding both connections; with
    // PEER2PEER the source driver's perform drives them itself through ConnectionFactory.

    /** Whether this driver migrates domains (core answers libvirt's migration features from it). */
    default boolean supportsMigration() {
        return false;
    }

    /** {@code virDomainMigrateBegin3Params} on the source. */
    default io.virtkit.api.MigrationBegin migrateBegin(DomainRef domain, io.virtkit.api.MigrationParams params,
            long flags) {
        throw DriverFlags.noSupport("virDomainMigrateBegin3Params");
    }

    /** {@code virDomainMigratePrepare3Params} on the destination. */
    default io.virtkit.api.MigrationPrepared migratePrepare(io.virtkit.api.MigrationParams params, byte[] cookie,
            long flags) {
        throw DriverFlags.noSupport("virDomainMigratePrepare3Params");
    }

    /**
     * {@code virDomainMigratePerform3Params} on the source; {@code dconnuri} non-null with PEER2PEER.
     *
     * @return the cookie for finish
     */
    default byte[] migratePerform(DomainRef domain, String dconnuri, io.virtkit.api.MigrationParams params,
            byte[] cookie, long flags) {
        throw DriverFlags.noSupport("virDomainMigratePerform3Params");
    }

    /** {@code virDomainMigrateFinish3Params} on the destination. */
    default MigrationFinish migrateFinish(io.virtkit.api.MigrationParams params, byte[] cookie, long flags,
            boolean cancelled) {
        throw DriverFlags.noSupport("virDomainMigrateFinish3Params");
    }

    /** {@code virDomainMigrateConfirm3Params} on the source. */
    default void migrateConfirm(DomainRef domain, io.virtkit.api.MigrationParams params, byte[] cookie, long flags,
            boolean cancelled) {
        throw DriverFlags.noSupport("virDomainMigrateConfirm3Params");
    }

    /** {@code virDomainGetJobInfo}. */
    default io.virtkit.api.DomainJobInfo domainJobInfo(DomainRef domain) {
        throw DriverFlags.noSupport("virDomainGetJobInfo");
    }

    /** {@code virDomainGetJobStats}; {@code completed}: VIR_DOMAIN_JOB_STATS_COMPLETED. */
    default io.virtkit.api.DomainJobStats domainJobStats(DomainRef domain, boolean completed) {
        throw DriverFlags.noSupport("virDomainGetJobStats");
    }

    /** {@code virDomainAbortJob}. */
    default void abortDomainJob(DomainRef domain) {
        throw DriverFlags.noSupport("virDomainAbortJob");
    }
}
