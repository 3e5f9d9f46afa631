package io.virtkit.model.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** libvirt's defaults and unit conversion at parse, and the builders' output. */
class StorageDefinitionsTest {

    @Test
    void sizesAreScaledToBytesAsLibvirtDoes() {
        StorageVolumeDefinition v = StorageVolumeXmlCodec.parse("<volume><name>v</name><capacity unit='G'>5"
                + "</capacity><allocation unit='KB'>3</allocation><physical unit='MiB'>1</physical><target>"
                + "<clusterSize unit='KiB'>64</clusterSize></target></volume>");
        assertThat(v.capacity()).isEqualTo(5L << 30);
        assertThat(v.allocation()).isEqualTo(3000);
        assertThat(v.physical()).isEqualTo(1L << 20);
        assertThat(v.target().clusterSize()).isEqualTo(65536);
        assertThat(StorageVolumeXmlCodec.format(v)).contains("<capacity unit='bytes'>5368709120</capacity>",
                "<allocation unit='bytes'>3000</allocation>", "<clusterSize unit='B'>65536</clusterSize>");
    }

    @Test
    void volumeDefaultsAreLibvirts() {
        StorageVolumeDefinition v = StorageVolumeXmlCodec.parse("<volume><name>v</name><capacity>1000</capacity>"
                + "<target><features><lazy_refcounts/></features><permissions><owner>-1</owner></permissions>"
                + "</target></volume>");
        assertThat(v.type()).isEqualTo(StorageVolumeDefinition.Type.FILE);
        assertThat(v.allocation()).as("allocation defaults to capacity").isEqualTo(1000);
        assertThat(v.target().compat()).as("qcow2 features need compat 1.1").isEqualTo("1.1");
        assertThat(v.target().permissions()).isEqualTo(StoragePermissions.NONE);
        assertThat(StorageVolumeXmlCodec.parseWithoutCapacity("<volume><name>v</name></volume>").capacity()).isZero();
    }

    @Test
    void poolDefaultsAreLibvirts() {
        StoragePoolDefinition logical = StoragePoolXmlCodec.parse("<pool type='logical'><source><name>vg1</name>"
                + "</source><target><path>/elsewhere</path></target></pool>");
        assertThat(logical.name()).as("name from the source name").isEqualTo("vg1");
        assertThat(logical.target().path()).as("a volume group's target is its /dev directory").isEqualTo("/dev/vg1");
        assertThat(logical.source().format()).isEqualTo("lvm2");
        StoragePoolDefinition gluster = StoragePoolXmlCodec.parse("<pool type='gluster'><name>g</name><source>"
                + "<host name='h'/></source></pool>");
        assertThat(gluster.source().name()).as("source name from the pool name").isEqualTo("g");
        assertThat(gluster.source().dir()).isEqualTo("/");
        assertThat(gluster.target()).isNull();
        StoragePoolDefinition zfs = StoragePoolXmlCodec.parse("<pool type='zfs'><name>z</name><source><name>tank"
                + "</name></source></pool>");
        assertThat(zfs.target().path()).isEqualTo("/dev/zvol/tank");
        StoragePoolDefinition dir = StoragePoolXmlCodec.parse("<pool type='dir'><name>d</name><target><path>"
                + "//srv//pool/</path></target></pool>");
        assertThat(dir.target().path()).isEqualTo("/srv/pool");
        assertThat(dir.uuid()).isNotNull();
        assertThat(StoragePoolXmlCodec.parse("<pool type='fs'><name>f</name><source><device path='/dev/x'/>"
                + "</source><target><path>/m</path></target></pool>").source().format()).isEqualTo("auto");
    }

    @Test
    void buildersWriteWhatLibvirtWrites() {
        UUID uuid = UUID.fromString("6c3b1f0e-5a2d-4c8b-9e71-0d4f2a6b8c10");
        StoragePoolDefinition pool = StoragePoolDefinition.builder(StoragePoolType.DIR, "default").uuid(uuid)
                .sizes(100, 40, 60).targetPath("/var/lib/libvirt/images").build();
        assertThat(StoragePoolXmlCodec.format(pool)).isEqualTo("""
                <pool type='dir'>
                  <name>default</name>
                  <uuid>6c3b1f0e-5a2d-4c8b-9e71-0d4f2a6b8c10</uuid>
                  <capacity unit='bytes'>100</capacity>
                  <allocation unit='bytes'>40</allocation>
                  <available unit='bytes'>60</available>
                  <source>
                  </source>
                  <target>
                    <path>/var/lib/libvirt/images</path>
                  </target>
                </pool>
                """);
        StorageVolumeDefinition vol = StorageVolumeDefinition.builder("a.qcow2", 1 << 20).key("/p/a.qcow2")
                .target("/p/a.qcow2", "qcow2").build();
        assertThat(StorageVolumeXmlCodec.format(vol)).isEqualTo("""
                <volume type='file'>
                  <name>a.qcow2</name>
                  <key>/p/a.qcow2</key>
                  <capacity unit='bytes'>1048576</capacity>
                  <allocation unit='bytes'>1048576</allocation>
                  <target>
                    <path>/p/a.qcow2</path>
                    <format type='qcow2'/>
                  </target>
                </volume>
                """);
        PoolSource netfs = PoolSource.builder().hosts(List.of(new PoolHost("n", null))).dir("/e").format("nfs")
                .build();
        StoragePoolDefinition p2 = StoragePoolDefinition.builder(StoragePoolType.NETFS, "n").source(netfs)
                .targetPath("/m").mountOptions(List.of("ro")).build();
        assertThat(StoragePoolXmlCodec.parse(StoragePoolXmlCodec.format(p2))).isEqualTo(p2);
        StorageVolumeDefinition qcow2 = StorageVolumeDefinition.builder("b.qcow2", 65536).allocation(0)
                .target(VolumeTarget.builder().path("/p/b.qcow2").format("qcow2").compat("1.1").clusterSize(65536L)
                        .features(new VolumeFeatures(true, false)).permissions(new StoragePermissions(0600, 107L,
                                null, null)).build())
                .backingStore(new VolumeBackingStore("/p/a.qcow2", "qcow2", StoragePermissions.NONE, null)).build();
        assertThat(StorageVolumeXmlCodec.parse(StorageVolumeXmlCodec.format(qcow2))).isEqualTo(qcow2);
        assertThat(StorageVolumeXmlCodec.format(qcow2)).contains("<mode>0600</mode>", "<owner>107</owner>",
                "<lazy_refcounts/>", "<clusterSize unit='B'>65536</clusterSize>");
    }

    @Test
    void portZeroIsNoPort() {
        StoragePoolDefinition p = StoragePoolXmlCodec.parse("<pool type='sheepdog'><name>s</name><source>"
                + "<host name='h' port='0'/></source></pool>");
        assertThat(p.source().hosts()).containsExactly(new PoolHost("h", null));
    }
}
