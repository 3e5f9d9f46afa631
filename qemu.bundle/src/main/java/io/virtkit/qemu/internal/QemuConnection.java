package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.DomainStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.support.HostNode;
import io.virtkit.support.RecordDriverConnection;
import io.virtkit.qemu.internal.command.QemuCommandLine;

/**
 * A connection to a {@link QemuState} (qemu:///system or qemu:///session): the domain entries are
 * {@link RecordDriverConnection}'s; the host facts, devices, statistics, the monitor and consoles are
 * the QEMU driver's. Closing it destroys the domains it started with AUTODESTROY; core refuses calls
 * once it is closed.
 */
final class QemuConnection extends RecordDriverConnection<QemuDomainObject, QemuConnection> {

    private final QemuState state;

    QemuConnection(QemuState state, String uri, ConnectionEvents events) {
        super(state, uri, events);
        this.state = state;
    }

    QemuState state() {
        return state;
    }

    @Override
    protected QemuConnection self() {
        return this;
    }

    /** Migrations this connection began and never performed end with it (libvirt's close callback). */
    @Override
    protected void closed(boolean autodestroy) {
        state.migrationSource().connectionClosed(this);
        super.closed(autodestroy);
    }

    // --- the host -----------------------------------------------------------------------------------------

    @Override
    public String type() {
        return "QEMU";
    }

    @Override
    public long hypervisorVersion() {
        return state.hypervisorVersion();
    }

    @Override
    public NodeInfo nodeInfo() {
        return HostNode.nodeInfo(HostFacts.CPU_MODEL);
    }

    @Override
    public String capabilities() {
        return state.capabilities().hostCapabilities(state.settings().emulator(), state.kvmVerdict().usable(),
                state.settings().migration().hostUuid());
    }

    @Override
    public String domainCapabilities(String emulatorbin, String arch, String machine, String virttype, long flags) {
        return state.capabilities().domainCapabilities(emulatorbin, arch, machine, virttype, flags,
                state.settings().emulator(), () -> state.kvmVerdict().usable());
    }

    /**
     * {@code qemu-argv}: the command line the driver would run, as one shell line (virsh domxml-to-native); as
     * libvirt's pretend start, volume disks are resolved through the storage driver (their files and devices).
     */
    @Override
    public String domainXmlToNative(String nativeFormat, String xml, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLToNative");
        if (!"qemu-argv".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "unsupported config type " + nativeFormat);
        }
        DomainDefinition def = QemuState.prepare(DomainXmlCodec.parse(xml));
        String emulator = def.devices().emulator() != null ? def.devices().emulator() : state.settings().emulator();
        Path monitor = state.monitorSocket(def.name());
        return QemuCommandLine.toShellString(QemuCommandLine.build(state.resolveVolumes(def), emulator, monitor));
    }

    // --- domains --------------------------------------------------------------------------------------------

    @Override
    public void attachDevice(DomainRef domain, String deviceXml, long flags) {
        Set<DeviceModifyFlag> set = DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainAttachDeviceFlags");
        state.changeDevice(record(domain), deviceXml, true, set);
    }

    @Override
    public void detachDevice(DomainRef domain, String deviceXml, long flags) {
        Set<DeviceModifyFlag> set = DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainDetachDeviceFlags");
        state.changeDevice(record(domain), deviceXml, false, set);
    }

    @Override
    public void updateDevice(DomainRef domain, String deviceXml, long flags) {
        Set<DeviceModifyFlag> set = DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainUpdateDeviceFlags");
        state.updateDevice(record(domain), deviceXml, set);
    }

    // --- memory and vCPUs (QemuResources) ------------------------------------------------------------------

    @Override
    public void setDomainMemory(DomainRef domain, long kib, long flags) {
        DriverFlags.check(flags, MemoryModFlag.LIVE.bit() | MemoryModFlag.CONFIG.bit() | MemoryModFlag.MAXIMUM.bit(),
                "virDomainSetMemoryFlags");
        QemuDomainObject d = ready(domain);
        state.resources().setMemory(d, kib, flags);
    }

    /** libvirt's QEMU driver: the maximum of the current definition (refused while active, unless --config). */
    @Override
    public void setDomainMaxMemory(DomainRef domain, long kib) {
        state.resources().setMemory(ready(domain), kib, MemoryModFlag.MAXIMUM.bit());
    }

    @Override
    public void setDomainVcpus(DomainRef domain, int count, long flags) {
        DriverFlags.check(flags, VCPU_FLAGS, "virDomainSetVcpusFlags");
        state.resources().setVcpus(ready(domain), count, flags);
    }

    @Override
    public int domainVcpus(DomainRef domain, long flags) {
        DriverFlags.check(flags, VCPU_FLAGS, "virDomainGetVcpusFlags");
        return state.resources().vcpus(ready(domain), flags);
    }

    /** libvirt's QEMU driver: the live maximum (NOT RUNNING for an inactive domain). */
    @Override
    public int domainMaxVcpus(DomainRef domain) {
        return state.resources().vcpus(ready(domain), VcpuFlag.LIVE.bit() | VcpuFlag.MAXIMUM.bit());
    }

    private static final long VCPU_FLAGS = VcpuFlag.LIVE.bit() | VcpuFlag.CONFIG.bit() | VcpuFlag.MAXIMUM.bit();

    private QemuDomainObject ready(DomainRef domain) {
        QemuDomainObject d = record(domain);
        state.awaitReady(d);
        return d;
    }

    /** QMP only: libvirt's one flag (HMP) asks for the human monitor, which the driver does not speak. */
    @Override
    public String qemuMonitorCommand(DomainRef domain, String command, long flags) {
        if (command == null || command.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "cmd must not be empty");
        }
        DriverFlags.check(flags, 0, "virDomainQemuMonitorCommand");
        return state.monitorCommand(record(domain), command);
    }

    /** The base statistics plus vcpu.N.time (from the vCPU threads) and block.* (query-blockstats). */
    @Override
    public DomainStats domainStats(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virConnectGetAllDomainStats");
        DomainStats base = super.domainStats(domain, 0);
        QemuDomainObject d = record(domain);
        if (!d.isActive()) {
            return base;
        }
        Map<String, Object> fields = new LinkedHashMap<>(base.fields());
        try {
            List<Long> vcpus = state.vcpuTimes(d);
            for (int i = 0; i < vcpus.size(); i++) {
                fields.put("vcpu." + i + ".state", 1);
                fields.put("vcpu." + i + ".time", vcpus.get(i));
            }
            JsonNode blocks = state.blockStats(d);
            fields.put("block.count", blocks.size());
            int i = 0;
            for (JsonNode b : blocks) {
                JsonNode s = b.path("stats");
                String dev = b.path("qdev").asText(b.path("device").asText(""));
                fields.put("block." + i + ".name", dev);
                fields.put("block." + i + ".rd.reqs", s.path("rd_operations").asLong());
                fields.put("block." + i + ".rd.bytes", s.path("rd_bytes").asLong());
                fields.put("block." + i + ".rd.times", s.path("rd_total_time_ns").asLong());
                fields.put("block." + i + ".wr.reqs", s.path("wr_operations").asLong());
                fields.put("block." + i + ".wr.bytes", s.path("wr_bytes").asLong());
                fields.put("block." + i + ".wr.times", s.path("wr_total_time_ns").asLong());
                fields.put("block." + i + ".fl.reqs", s.path("flush_operations").asLong());
                fields.put("block." + i + ".fl.times", s.path("flush_total_time_ns").asLong());
                i++;
            }
        } catch (VirtException e) {
            // the domain stopped meanwhile: the base statistics are what there is
        }
        return new DomainStats(domain.name(), fields);
    }

    /** libvirt's FORCE and SAFE flags are not offered: one console client at a time is not enforced here. */
    @Override
    public ConsoleStream openConsole(DomainRef domain, String device, long flags) {
        DriverFlags.check(flags, 0, "virDomainOpenConsole");
        return QemuConsoles.open(state.runningDefinition(record(domain)), device);
    }

    // --- migration (QemuMigrationSource, QemuMigrationDestination, QemuMigrationPeer2Peer) ------------------

    @Override
    public boolean supportsMigration() {
        return true;
    }

    @Override
    public MigrationBegin migrateBegin(DomainRef domain, MigrationParams params, long flags) {
        return state.migrationSource().begin(record(domain), params, flags, this);
    }

    @Override
    public MigrationPrepared migratePrepare(MigrationParams params, byte[] cookie, long flags) {
        return state.migrationDestination().prepare(params, cookie, flags, this);
    }

    /** Direct: the transfer to the prepared URI; PEER2PEER with {@code dconnuri}: the whole protocol from here. */
    @Override
    public byte[] migratePerform(DomainRef domain, String dconnuri, MigrationParams params, byte[] cookie,
            long flags) {
        Set<MigrateFlag> set = QemuMigrationSource.checkFlags(flags, "qemuDomainMigratePerform3Params");
        QemuDomainObject d = record(domain);
        if (set.contains(MigrateFlag.PEER2PEER)) {
            if (dconnuri == null || dconnuri.isBlank()) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "dconnuri is required for peer-to-peer migration");
            }
            state.peer2peer().migrate(d, dconnuri, params, flags);
            return new byte[0];
        }
        return state.migrationSource().perform(d, params.uri(), params, set);
    }

    @Override
    public MigrationFinish migrateFinish(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        return state.migrationDestination().finish(params, cookie, flags, cancelled);
    }

    @Override
    public void migrateConfirm(DomainRef domain, MigrationParams params, byte[] cookie, long flags,
            boolean cancelled) {
        Set<MigrateFlag> set = QemuMigrationSource.checkFlags(flags, "qemuDomainMigrateConfirm3Params");
        state.migrationSource().confirm(record(domain), set, cancelled);
    }

    @Override
    public DomainJobInfo domainJobInfo(DomainRef domain) {
        return state.jobInfo(record(domain));
    }

    @Override
    public DomainJobStats domainJobStats(DomainRef domain, boolean completed) {
        return state.jobStats(record(domain), completed);
    }

    @Override
    public void abortDomainJob(DomainRef domain) {
        QemuDomainObject d = record(domain);
        state.awaitReady(d);
        state.migrationSource().abort(d);
    }
}
