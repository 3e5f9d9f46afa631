package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;

/**
 * Simulator test: Virtkit's ESX storage (datastores as pools, virtual disks as volumes) answers as libvirt's
 * own ESX driver does on the same simulator, virsh's output rebuilt from Virtkit's answers and compared line
 * by line with what virsh prints.
 */
class EsxStorageSimulatorTest {

    @TempDir
    Path home;

    private LibvirtEsxVirsh libvirt() {
        return new LibvirtEsxVirsh(home);
    }

    @Test
    void showsTheDatastoresAsLibvirtsPools() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            StorageConnection storage = conn.storage().orElseThrow();
            List<StoragePoolRef> pools = storage.listAllStoragePools(0);
            assertThat(pools).extracting(StoragePoolRef::name).containsExactly("LocalDS_0");
            StoragePoolRef pool = pools.get(0);
            StoragePoolInfo info = storage.storagePoolInfo(pool);

            String details = pool.name() + " running yes yes " + pretty(info.capacity()) + " "
                    + pretty(info.allocation()) + " " + pretty(info.available());
            assertThat(normalized(libvirt().virsh(esx, "pool-list", "--all", "--details"))).isEqualTo(details);

            String poolInfo = String.join("\n", "Name: " + pool.name(), "UUID: " + pool.uuid(), "State: running",
                    "Persistent: yes", "Autostart: yes", "Capacity: " + pretty(info.capacity()),
                    "Allocation: " + pretty(info.allocation()), "Available: " + pretty(info.available()));
            assertThat(normalized(libvirt().virsh(esx, "pool-info", "LocalDS_0"))).isEqualTo(poolInfo);

            assertThat(storage.storagePoolXml(pool, 0).strip())
                    .isEqualTo(libvirt().virsh(esx, "pool-dumpxml", "LocalDS_0").strip())
                    .contains("<pool type='dir'>");
            assertThat(storage.lookupStoragePoolByUuid(pool.uuid())).isEqualTo(pool);
            assertThat(storage.lookupStoragePoolByName("LocalDS_0")).isEqualTo(pool);
            assertThat(storage.storagePoolIsActive(pool) && storage.storagePoolIsPersistent(pool)
                    && storage.storagePoolAutostart(pool)).isTrue();
        }
    }

    @Test
    void showsTheVirtualDisksAsLibvirtsVolumes() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        try (HypervisorConnection conn = EsxDrivers.open(esx)) {
            StorageConnection storage = conn.storage().orElseThrow();
            StoragePoolRef pool = storage.lookupStoragePoolByName("LocalDS_0");
            List<StorageVolumeRef> volumes = new ArrayList<>(storage.listStorageVolumes(pool, 0));
            volumes.sort(Comparator.comparing(StorageVolumeRef::name));
            assertThat(volumes).extracting(StorageVolumeRef::name)
                    .containsExactly("ha-host_VM0/disk1.vmdk", "ha-host_VM1/disk1.vmdk");

            List<String> details = new ArrayList<>();
            for (StorageVolumeRef volume : volumes) {
                StorageVolumeInfo info = storage.storageVolumeInfo(volume, 0);
                details.add(volume.name() + " " + storage.storageVolumePath(volume) + " file "
                        + pretty(info.capacity()) + " " + pretty(info.allocation()));
            }
            assertThat(normalized(libvirt().virsh(esx, "vol-list", "LocalDS_0", "--details")))
                    .isEqualTo(String.join("\n", details));

            StorageVolumeRef disk = volumes.get(0);
            StorageVolumeInfo info = storage.storageVolumeInfo(disk, 0);
            assertThat(info.capacity()).isEqualTo(1024 * 1024); // the VM's disk device: 1 MiB
            assertThat(normalized(libvirt().virsh(esx, "vol-info", "--pool", "LocalDS_0", disk.name())))
                    .isEqualTo(String.join("\n", "Name: " + disk.name(), "Type: file",
                            "Capacity: " + pretty(info.capacity()), "Allocation: " + pretty(info.allocation())));
            assertThat(storage.storageVolumeXml(disk, 0).strip()).isEqualTo(
                    libvirt().virsh(esx, "vol-dumpxml", "--pool", "LocalDS_0", disk.name()).strip());

            String path = "[LocalDS_0] ha-host_VM0/disk1.vmdk";
            assertThat(storage.storageVolumePath(disk)).isEqualTo(path)
                    .isEqualTo(libvirt().virsh(esx, "vol-path", "--pool", "LocalDS_0", disk.name()).strip());
            assertThat(disk.key()).isEqualTo(libvirt().virsh(esx, "vol-key", path).strip());
            assertThat(UUID.fromString(disk.key())).isNotNull();
            assertThat(storage.lookupStorageVolumeByKey(disk.key())).isEqualTo(disk);
            assertThat(storage.lookupStorageVolumeByPath(path)).isEqualTo(disk);
            assertThat(storage.lookupStorageVolumeByName(pool, disk.name())).isEqualTo(disk);
            assertThat(storage.lookupStoragePoolByVolume(disk)).isEqualTo(pool);
        }
    }

    @Test
    void showsTheHostsDatastoresThroughVcenterAsLibvirt() throws Exception {
        VcsimFixture vcenter = VcsimFixture.vcenter();
        try (HypervisorConnection conn = EsxDrivers.open(vcenter)) {
            StorageConnection storage = conn.storage().orElseThrow();
            List<String> names = storage.listAllStoragePools(0).stream().map(StoragePoolRef::name).sorted().toList();
            assertThat(names).isNotEmpty();
            assertThat(normalized(libvirt().virsh(vcenter, "pool-list", "--all", "--name")))
                    .isEqualTo(String.join("\n", names));
            StoragePoolRef pool = storage.lookupStoragePoolByName(names.get(0));
            assertThat(storage.storagePoolXml(pool, 0).strip())
                    .isEqualTo(libvirt().virsh(vcenter, "pool-dumpxml", pool.name()).strip());
            List<String> volumes = storage.listStorageVolumes(pool, 0).stream().map(StorageVolumeRef::name).sorted()
                    .toList();
            assertThat(normalized(libvirt().virsh(vcenter, "vol-list", pool.name())).lines()
                    .map(l -> l.split(" ")[0]).toList()).isEqualTo(volumes);
        }
    }

    @Test
    void createsAndDeletesAVmdkThatLibvirtSees() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            StorageConnection storage = conn.storage().orElseThrow();
            StoragePoolRef pool = storage.lookupStoragePoolByName("LocalDS_0");
            StorageVolumeRef created = storage.createStorageVolume(pool, """
                    <volume>
                      <name>new disks/thin.vmdk</name>
                      <capacity unit='MiB'>10</capacity>
                      <allocation>0</allocation>
                      <target><format type='vmdk'/></target>
                    </volume>
                    """, 0);
            assertThat(created.name()).isEqualTo("new disks/thin.vmdk");
            assertThat(normalized(libvirt().virsh(own, "vol-list", "LocalDS_0")))
                    .isEqualTo("new disks/thin.vmdk [LocalDS_0] new disks/thin.vmdk");
            assertThat(libvirt().virsh(own, "vol-key", "[LocalDS_0] new disks/thin.vmdk").strip())
                    .isEqualTo(created.key());
            assertThat(storage.storageVolumeInfo(created, 0).capacity()).isEqualTo(10L << 20);
            assertThat(storage.storageVolumeXml(created, 0).strip()).isEqualTo(libvirt().virsh(own, "vol-dumpxml",
                    "--pool", "LocalDS_0", "new disks/thin.vmdk").strip());

            StorageVolumeRef copy = storage.createStorageVolumeFrom(pool, """
                    <volume><name>copies/copy.vmdk</name><capacity>0</capacity>
                      <target><format type='vmdk'/></target></volume>
                    """, created, 0);
            assertThat(storage.storageVolumeInfo(copy, 0).capacity()).isEqualTo(10L << 20);
            libvirt().virsh(own, "vol-clone", "--pool", "LocalDS_0", "copies/copy.vmdk", "copies/by libvirt.vmdk");
            assertThat(storage.listStorageVolumes(pool, 0)).extracting(StorageVolumeRef::name)
                    .containsExactlyInAnyOrder("new disks/thin.vmdk", "copies/copy.vmdk", "copies/by libvirt.vmdk");
            StorageVolumeRef byLibvirt = storage.lookupStorageVolumeByPath("[LocalDS_0] copies/by libvirt.vmdk");
            assertThat(storage.storageVolumeXml(byLibvirt, 0).strip()).isEqualTo(libvirt().virsh(own, "vol-dumpxml",
                    "[LocalDS_0] copies/by libvirt.vmdk").strip());
            libvirt().virsh(own, "vol-delete", "[LocalDS_0] copies/by libvirt.vmdk");
            storage.deleteStorageVolume(copy, 0);

            storage.deleteStorageVolume(created, 0);
            assertThat(libvirt().virsh(own, "vol-list", "LocalDS_0").strip()).isEmpty();
            assertThat(storage.listStorageVolumes(pool, 0)).isEmpty();
            assertThatThrownBy(() -> storage.storageVolumeInfo(created, 0))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_STORAGE_VOL));
        }
    }

    @Test
    void refusesWhatLibvirtRefuses() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            StorageConnection storage = conn.storage().orElseThrow();
            StoragePoolRef pool = storage.lookupStoragePoolByName("LocalDS_0");
            String mountPath = mountPath(storage, pool);
            LibvirtEsxVirsh virsh = libvirt();

            assertRefused(() -> storage.lookupStoragePoolByName("nope"), ErrorCode.NO_STORAGE_POOL,
                    libvirtError(virsh, own, "pool-info", "nope"));
            UUID unknown = UUID.fromString("00000000-0000-0000-0000-000000000001");
            assertRefused(() -> storage.lookupStoragePoolByUuid(unknown), ErrorCode.NO_STORAGE_POOL,
                    "Storage pool not found: Could not find storage pool with uuid '" + unknown + "'");
            assertRefused(() -> storage.lookupStorageVolumeByPath("[LocalDS_0] none.vmdk"), ErrorCode.NO_STORAGE_VOL,
                    libvirtError(virsh, own, "vol-key", "[LocalDS_0] none.vmdk"));
            assertRefused(() -> storage.lookupStorageVolumeByName(pool, "none.vmdk"), ErrorCode.NO_STORAGE_VOL,
                    "Storage volume not found: No storage volume with key or path '[LocalDS_0] none.vmdk'");
            assertRefused(() -> storage.lookupStorageVolumeByKey(unknown.toString()), ErrorCode.NO_STORAGE_VOL,
                    "Storage volume not found: Could not find storage volume with key '" + unknown + "'");
            assertRefused(() -> storage.lookupStorageVolumeByPath("none.vmdk"), ErrorCode.INVALID_ARG,
                    libvirtError(virsh, own, "vol-key", "none.vmdk"));
            assertRefused(() -> storage.lookupStorageVolumeByPath("[LocalDS_0] no dir/none.vmdk"),
                    ErrorCode.INTERNAL_ERROR, libvirtError(virsh, own, "vol-key", "[LocalDS_0] no dir/none.vmdk"));
            assertRefused(() -> storage.createStorageVolume(pool, "<volume><name>d/a.vmdk</name>"
                    + "<capacity>1048576</capacity></volume>", 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "vol-create-as", "LocalDS_0", "d/a.vmdk", "1M"));

            StorageVolumeRef disk = storage.createStorageVolume(pool, volumeXml("w/a.vmdk", "vmdk", "0"), 0);
            assertRefused(() -> storage.wipeStorageVolume(disk, 0), ErrorCode.INTERNAL_ERROR,
                    libvirtError(virsh, own, "vol-wipe", "--pool", "LocalDS_0", "w/a.vmdk"));
            assertRefused(() -> storage.uploadStorageVolume(disk, 0, 0, 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "vol-upload", "--pool", "LocalDS_0", "w/a.vmdk", "/dev/null"));
            assertRefused(() -> storage.resizeStorageVolume(disk, 2 << 20, 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "vol-resize", "--pool", "LocalDS_0", "w/a.vmdk", "2M"));
            storage.deleteStorageVolume(disk, 0);

            assertRefused(() -> storage.createStorageVolume(pool, volumeXml("d/a.vmdk", "qcow2", "1"), 0),
                    ErrorCode.NO_SUPPORT, libvirtError(virsh, own, "vol-create-as", "LocalDS_0", "d/a.vmdk", "1M",
                            "--format", "qcow2"));
            assertRefused(() -> storage.createStorageVolume(pool, volumeXml("d/a.qcow2", "qcow2", "1"), 0),
                    ErrorCode.NO_SUPPORT, libvirtError(virsh, own, "vol-create-as", "LocalDS_0", "d/a.qcow2", "1M",
                            "--format", "qcow2"));
            assertRefused(() -> storage.createStorageVolume(pool, volumeXml("a.vmdk", "vmdk", "1"), 0),
                    ErrorCode.INTERNAL_ERROR, libvirtError(virsh, own, "vol-create-as", "LocalDS_0", "a.vmdk", "1M",
                            "--format", "vmdk"));
            // libvirt makes the directory and then refuses the allocation; Virtkit refuses first
            assertRefused(() -> storage.createStorageVolume(pool, volumeXml("half/a.vmdk", "vmdk", "512"), 0),
                    ErrorCode.INTERNAL_ERROR, "internal error: Unsupported capacity-to-allocation relation");
            assertThat(Path.of(mountPath, "half")).doesNotExist();
            assertThat(Path.of(mountPath, "d")).doesNotExist();

            assertRefused(() -> storage.defineStoragePool("<pool type='dir'><name>x</name>"
                    + "<target><path>/x</path></target></pool>", 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-define-as", "x", "dir", "--target", "/x"));
            assertRefused(() -> storage.buildStoragePool(pool, 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-build", "LocalDS_0"));
            assertRefused(() -> storage.deleteStoragePool(pool, 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-delete", "LocalDS_0"));
            assertRefused(() -> storage.startStoragePool(pool, 0), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-start", "LocalDS_0"));
            assertRefused(() -> storage.destroyStoragePool(pool), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-destroy", "LocalDS_0"));
            assertRefused(() -> storage.undefineStoragePool(pool), ErrorCode.NO_SUPPORT,
                    libvirtError(virsh, own, "pool-undefine", "LocalDS_0"));
            assertRefused(() -> storage.setStoragePoolAutostart(pool, false), ErrorCode.INTERNAL_ERROR,
                    libvirtError(virsh, own, "pool-autostart", "--disable", "LocalDS_0"));
            storage.setStoragePoolAutostart(pool, true);
            storage.refreshStoragePool(pool, 0);
            virsh.virsh(own, "pool-refresh", "LocalDS_0");
            assertThat(storage.listStorageVolumes(pool, 0)).isEmpty();
        }
    }

    @Test
    void writesDomainFilesUnderTheDatastoresMountPathAsLibvirt() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0));
                HypervisorConnection conn = EsxDrivers.open(own)) {
            StorageConnection storage = conn.storage().orElseThrow();
            String mountPath = mountPath(storage, storage.lookupStoragePoolByName("LocalDS_0"));
            conn.defineDomain("""
                    <domain type='vmware'>
                      <name>files</name>
                      <memory unit='KiB'>65536</memory>
                      <vcpu>1</vcpu>
                      <os><type>hvm</type></os>
                      <devices>
                        <disk type='file' device='disk'>
                          <source file='[LocalDS_0] files/disk.vmdk'/>
                          <target dev='sda' bus='scsi'/>
                        </disk>
                        <disk type='file' device='cdrom'>
                          <source file='[LocalDS_0] iso/x.iso'/>
                          <target dev='hda' bus='ide'/>
                        </disk>
                        <controller type='scsi' index='0' model='lsilogic'/>
                      </devices>
                    </domain>
                    """, 0);
            String vmx = Files.readString(Path.of(mountPath, "files", "files.vmx"));
            assertThat(vmx).contains("scsi0:0.fileName = \"" + mountPath + "/files/disk.vmdk\"")
                    .contains("ide0:0.fileName = \"" + mountPath + "/iso/x.iso\"");
            String sources = "<source file='[LocalDS_0] files/disk.vmdk'/>";
            assertThat(conn.domainXml(conn.lookupDomainByName("files"), 0)).contains(sources)
                    .contains("<source file='[LocalDS_0] iso/x.iso'/>");
            assertThat(libvirt().virsh(own, "dumpxml", "files")).contains(sources);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String mountPath(StorageConnection storage, StoragePoolRef pool) {
        String xml = storage.storagePoolXml(pool, 0);
        return xml.substring(xml.indexOf("<path>") + 6, xml.indexOf("</path>"));
    }

    private static String volumeXml(String name, String format, String allocationKiB) {
        return "<volume><name>" + name + "</name><capacity unit='KiB'>1024</capacity><allocation unit='KiB'>"
                + allocationKiB + "</allocation><target><format type='" + format + "'/></target></volume>";
    }

    /** libvirt's error for a virsh command that fails: the last {@code error:} line, without its prefix. */
    private static String libvirtError(LibvirtEsxVirsh virsh, VcsimFixture fixture, String... args)
            throws Exception {
        LibvirtEsxVirsh.Result result = virsh.run(fixture, fixture.options().password(), args);
        assertThat(result.exit()).as("virsh %s", Arrays.toString(args)).isNotZero();
        List<String> errors = result.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).as(result.err()).isNotEmpty();
        return errors.get(errors.size() - 1).substring("error: ".length());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    /** Lines stripped, blank ones dropped, runs of blanks as one: virsh's column padding aside. */
    private static String normalized(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.replaceAll("\\s+", " "))
                .collect(Collectors.joining("\n"));
    }

    /** virsh's capacity: in the largest binary unit under 1024 of it, with two decimals. */
    private static String pretty(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
