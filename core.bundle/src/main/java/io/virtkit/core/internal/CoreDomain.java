package io.virtkit.core.internal;

import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.qemu.QemuDomain;

/**
 * The one implementation of {@link io.virtkit.api.Domain}, libvirt's {@code virDomainPtr}: a connection and
 * the driver's reference, nothing else. Each call goes through the connection's checks (INVALID_CONN once
 * it is closed, OPERATION_DENIED for changes on a read-only one) to its hypervisor sub-driver, which finds
 * the domain again by UUID. It is a {@link QemuDomain} for every driver: libvirt-qemu's calls reach the
 * drivers that offer them, the others answer NO_SUPPORT. Two handles are equal when they are on the same
 * connection for the same UUID.
 */
final class CoreDomain implements QemuDomain {

    private final CoreConnection connection;
    private final DomainRef ref;

    CoreDomain(CoreConnection connection, DomainRef ref) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    @Override
    public CoreConnection connection() {
        return connection;
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public UUID uuid() {
        return ref.uuid();
    }

    @Override
    public int id() {
        return connection.hypervisor("virDomainGetID").domainId(ref);
    }

    @Override
    public String osType() {
        return connection.hypervisor("virDomainGetOSType").domainOsType(ref);
    }

    @Override
    public void start(StartFlag... flags) {
        connection.hypervisorForChange("virDomainCreateWithFlags").startDomain(ref, Flag.bits(flags));
    }

    @Override
    public void shutdown() {
        connection.hypervisorForChange("virDomainShutdown").shutdownDomain(ref, 0);
    }

    @Override
    public void destroy() {
        connection.hypervisorForChange("virDomainDestroy").destroyDomain(ref, 0);
    }

    @Override
    public void suspend() {
        connection.hypervisorForChange("virDomainSuspend").suspendDomain(ref);
    }

    @Override
    public void resume() {
        connection.hypervisorForChange("virDomainResume").resumeDomain(ref);
    }

    @Override
    public void reboot() {
        connection.hypervisorForChange("virDomainReboot").rebootDomain(ref, 0);
    }

    @Override
    public void undefine() {
        connection.hypervisorForChange("virDomainUndefine").undefineDomain(ref, 0);
    }

    @Override
    public DomainStateInfo state() {
        return connection.hypervisor("virDomainGetState").domainState(ref, 0);
    }

    @Override
    public DomainInfo info() {
        return connection.hypervisor("virDomainGetInfo").domainInfo(ref);
    }

    @Override
    public String xml(XmlFlag... flags) {
        long bits = Flag.bits(flags);
        if ((bits & XmlFlag.SECURE.bit()) != 0 && connection.isReadOnly()) {
            // libvirt: secure information is not for read-only connections
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE,
                    "virDomainGetXMLDesc with secure flag");
        }
        return connection.hypervisor("virDomainGetXMLDesc").domainXml(ref, bits);
    }

    @Override
    public boolean autostart() {
        return connection.hypervisor("virDomainGetAutostart").domainAutostart(ref);
    }

    @Override
    public void setAutostart(boolean autostart) {
        connection.hypervisorForChange("virDomainSetAutostart").setDomainAutostart(ref, autostart);
    }

    @Override
    public boolean isActive() {
        return connection.hypervisor("virDomainIsActive").domainIsActive(ref);
    }

    @Override
    public boolean isPersistent() {
        return connection.hypervisor("virDomainIsPersistent").domainIsPersistent(ref);
    }

    @Override
    public DomainStats stats() {
        return connection.hypervisor("virConnectGetAllDomainStats").domainStats(ref, 0);
    }

    @Override
    public ConsoleStream openConsole(String device) {
        return connection.hypervisorForChange("virDomainOpenConsole").openConsole(ref, device, 0);
    }

    @Override
    public void attachDevice(String deviceXml, DeviceModifyFlag... flags) {
        connection.hypervisorForChange("virDomainAttachDeviceFlags").attachDevice(ref, deviceXml, Flag.bits(flags));
    }

    @Override
    public void detachDevice(String deviceXml, DeviceModifyFlag... flags) {
        connection.hypervisorForChange("virDomainDetachDeviceFlags").detachDevice(ref, deviceXml, Flag.bits(flags));
    }

    @Override
    public void updateDevice(String deviceXml, DeviceModifyFlag... flags) {
        connection.hypervisorForChange("virDomainUpdateDeviceFlags").updateDevice(ref, deviceXml, Flag.bits(flags));
    }

    @Override
    public String monitorCommand(String json) {
        return connection.hypervisorForChange("virDomainQemuMonitorCommand").qemuMonitorCommand(ref, json, 0);
    }

    // --- memory and vCPUs: libvirt's argument checks, then the driver ------------------------------------------

    @Override
    public void setMemory(long kib, MemoryModFlag... flags) {
        HypervisorConnection h = connection.hypervisorForChange("virDomainSetMemoryFlags");
        ResourceArgs.memory(kib, "virDomainSetMemoryFlags");
        h.setDomainMemory(ref, kib, Flag.bits(flags));
    }

    @Override
    public void setMaxMemory(long kib) {
        HypervisorConnection h = connection.hypervisorForChange("virDomainSetMaxMemory");
        ResourceArgs.memory(kib, "virDomainSetMaxMemory");
        h.setDomainMaxMemory(ref, kib);
    }

    @Override
    public long maxMemory() {
        return connection.hypervisor("virDomainGetMaxMemory").domainMaxMemory(ref);
    }

    @Override
    public void setVcpus(int count, VcpuFlag... flags) {
        HypervisorConnection h = connection.hypervisorForChange("virDomainSetVcpusFlags");
        long bits = Flag.bits(flags);
        ResourceArgs.setVcpus(count, bits, "virDomainSetVcpusFlags");
        h.setDomainVcpus(ref, count, bits);
    }

    @Override
    public int vcpusFlags(VcpuFlag... flags) {
        long bits = Flag.bits(flags);
        // asking the guest agent is a change for libvirt's access checks: refused read-only
        HypervisorConnection h = (bits & VcpuFlag.GUEST.bit()) != 0
                ? connection.hypervisorForChange("virDomainGetVcpusFlags")
                : connection.hypervisor("virDomainGetVcpusFlags");
        ResourceArgs.liveOrConfig(bits);
        return h.domainVcpus(ref, bits);
    }

    @Override
    public int maxVcpus() {
        return connection.hypervisor("virDomainGetMaxVcpus").domainMaxVcpus(ref);
    }

    // --- saving the memory state: libvirt's argument checks, then the driver ------------------------------------

    @Override
    public void managedSave(DomainSaveFlag... flags) {
        HypervisorConnection h = connection.hypervisorForChange("virDomainManagedSave");
        long bits = Flag.bits(flags);
        SaveArgs.runningOrPaused(bits);
        h.managedSave(ref, bits);
    }

    @Override
    public boolean hasManagedSaveImage() {
        return connection.hypervisor("virDomainHasManagedSaveImage").hasManagedSaveImage(ref, 0);
    }

    @Override
    public void managedSaveRemove() {
        connection.hypervisorForChange("virDomainManagedSaveRemove").managedSaveRemove(ref, 0);
    }

    @Override
    public void save(String path, String xml, DomainSaveFlag... flags) {
        HypervisorConnection h = connection.hypervisorForChange("virDomainSaveFlags");
        String to = SaveArgs.absolutePath(path, "to", "virDomainSaveFlags");
        long bits = Flag.bits(flags);
        SaveArgs.runningOrPaused(bits);
        h.saveDomain(ref, to, xml, bits);
    }

    // --- snapshots: the handle's own class does the work -------------------------------------------------

    @Override
    public io.virtkit.api.DomainSnapshot createSnapshot(String xml, io.virtkit.api.DomainSnapshotCreateFlag... flags) {
        return CoreDomainSnapshot.create(this, ref, xml, flags);
    }

    @Override
    public java.util.List<io.virtkit.api.DomainSnapshot> listAllSnapshots(
            io.virtkit.api.DomainSnapshotListFlag... flags) {
        return CoreDomainSnapshot.listAll(this, ref, flags);
    }

    @Override
    public io.virtkit.api.DomainSnapshot snapshotLookupByName(String name) {
        return CoreDomainSnapshot.lookupByName(this, ref, name);
    }

    @Override
    public boolean hasCurrentSnapshot() {
        return CoreDomainSnapshot.hasCurrent(this, ref);
    }

    @Override
    public io.virtkit.api.DomainSnapshot currentSnapshot() {
        return CoreDomainSnapshot.current(this, ref);
    }

    // --- jobs and migration: libvirt's checks, then the driver; managed migration in its own class -------------

    @Override
    public DomainJobInfo jobInfo() {
        return connection.hypervisor("virDomainGetJobInfo").domainJobInfo(ref);
    }

    @Override
    public DomainJobStats jobStats(boolean completed) {
        return connection.hypervisor("virDomainGetJobStats").domainJobStats(ref, completed);
    }

    @Override
    public void abortJob() {
        connection.hypervisorForChange("virDomainAbortJob").abortDomainJob(ref);
    }

    @Override
    public Domain migrate(Connection destination, MigrationParams params, MigrateFlag... flags) {
        String function = "virDomainMigrate3";
        HypervisorConnection h = connection.hypervisorForChange(function);
        MigrationChecks.destination(destination, function);
        MigrationParams p = params == null ? MigrationParams.NONE : params;
        long bits = Flag.bits(flags);
        MigrationChecks.nonSharedExclusive(bits);
        MigrationChecks.noTunnel(bits, function);
        boolean here = h.supportsMigration();
        boolean there = destination.supportsMigration();
        MigrationChecks.offline(bits, here, there);
        if (MigrationChecks.has(bits, MigrateFlag.PEER2PEER)) {
            // as libvirt's virDomainMigrate2: the source host connects to the destination's URI itself
            if (!here) {
                throw DriverFlags.noSupport(function);
            }
            String dconnuri = destination.uri();
            MigrationChecks.notLocal(dconnuri);
            h.migratePerform(ref, dconnuri, p, new byte[0], bits);
            return destination.lookupDomainByName(p.destinationName() != null ? p.destinationName() : name());
        }
        if (MigrationChecks.has(bits, MigrateFlag.CHANGE_PROTECTION) && !here) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "cannot enforce change protection");
        }
        if (!here || !there) {
            throw DriverFlags.noSupport(function);
        }
        return new ManagedMigration(this, destination, p, bits & ~MigrateFlag.CHANGE_PROTECTION.bit()).run();
    }

    @Override
    public void migrateToUri(String dconnuri, MigrationParams params, MigrateFlag... flags) {
        String function = "virDomainMigrateToURI3";
        HypervisorConnection h = connection.hypervisorForChange(function);
        long bits = Flag.bits(flags);
        MigrationChecks.nonSharedExclusive(bits);
        boolean here = h.supportsMigration();
        MigrationChecks.offline(bits, here, null);
        if (!MigrationChecks.has(bits, MigrateFlag.PEER2PEER)) {
            // libvirt's direct mode (the hypervisors talk without a destination daemon): QEMU has none
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "direct migration is not supported by the source host");
        }
        if (!here) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "p2p migration is not supported by the source host");
        }
        ResourceArgs.nonNull(dconnuri, "dconnuri", function);
        MigrationChecks.noTunnel(bits, function);
        MigrationChecks.notLocal(dconnuri);
        h.migratePerform(ref, dconnuri, params == null ? MigrationParams.NONE : params, new byte[0], bits);
    }

    @Override
    public MigrationBegin migrateBegin(MigrationParams params, long flags) {
        String function = "virDomainMigrateBegin3Params";
        HypervisorConnection h = connection.hypervisorForChange(function);
        MigrationChecks.noTunnel(flags, function);
        return h.migrateBegin(ref, params == null ? MigrationParams.NONE : params, flags);
    }

    @Override
    public byte[] migratePerform(String dconnuri, MigrationParams params, byte[] cookie, long flags) {
        String function = "virDomainMigratePerform3Params";
        HypervisorConnection h = connection.hypervisorForChange(function);
        MigrationChecks.noTunnel(flags, function);
        return h.migratePerform(ref, dconnuri, params == null ? MigrationParams.NONE : params,
                cookie == null ? new byte[0] : cookie, flags);
    }

    @Override
    public void migrateConfirm(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        connection.hypervisorForChange("virDomainMigrateConfirm3Params").migrateConfirm(ref,
                params == null ? MigrationParams.NONE : params, cookie == null ? new byte[0] : cookie, flags,
                cancelled);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreDomain other && other.connection == connection && other.ref.uuid().equals(ref.uuid());
    }

    @Override
    public int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public String toString() {
        return "Domain[" + ref.name() + " " + ref.uuid() + " on " + connection + "]";
    }
}
