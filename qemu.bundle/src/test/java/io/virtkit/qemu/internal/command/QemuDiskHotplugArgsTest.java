package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/** A hot-plugged disk's QMP arguments: the command line's nodes and device, typed and under the given node name. */
class QemuDiskHotplugArgsTest {

    private static DomainDefinition def(String disks) {
        return QemuCommandLine.identified(DomainXmlCodec.parse("<domain type='qemu'><name>d</name><memory>65536"
                + "</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<controller type='scsi' index='0' model='virtio-scsi'/>" + disks + "</devices></domain>"));
    }

    @Test
    void optionsBecomeTypedJson() {
        assertThat(QemuDiskHotplugArgs.typed("driver=file,filename=/a,,b,node-name=x,read-only=off,cache.direct=on,"
                + "cache.no-flush=off,discard=unmap", null)).isEqualTo(Map.of("driver", "file", "filename", "/a,b",
                        "node-name", "x", "read-only", false, "cache", Map.of("direct", true, "no-flush", false),
                        "discard", "unmap"));
        assertThat(QemuDiskHotplugArgs.typed("scsi-hd,bus=scsi0.0,channel=0,scsi-id=0,lun=1,write-cache=on,"
                + "serial=0123", "driver")).isEqualTo(Map.of("driver", "scsi-hd", "bus", "scsi0.0", "channel", 0L,
                        "scsi-id", 0L, "lun", 1L, "write-cache", "on", "serial", "0123"));
    }

    @Test
    void aScsiDiskTakesTheNodeNameItIsGiven() {
        DomainDefinition live = def("");
        DiskDevice disk = def("<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/>"
                + "<source file='/var/x.qcow2'/><target dev='sdb' bus='scsi'/></disk>").devices().disks().get(0);
        QemuDiskHotplugArgs args = QemuDiskHotplugArgs.of(live, disk, "libvirt-7");
        assertThat(args.storage()).containsEntry("driver", "file").containsEntry("filename", "/var/x.qcow2")
                .containsEntry("node-name", "libvirt-7-storage").containsEntry("read-only", false)
                .containsEntry("cache", Map.of("direct", true, "no-flush", false));
        assertThat(args.format()).containsEntry("driver", "qcow2").containsEntry("node-name", "libvirt-7-format")
                .containsEntry("file", "libvirt-7-storage");
        assertThat(args.device()).containsEntry("driver", "scsi-hd").containsEntry("bus", "scsi0.0")
                .containsEntry("lun", 1L).containsEntry("drive", "libvirt-7-format")
                .containsEntry("id", "scsi0-0-0-1");
        assertThat(args.deviceId()).isEqualTo("scsi0-0-0-1");
    }

    @Test
    void whatTheCommandLineRefusesIsRefused() {
        DiskDevice dir = def("<disk type='dir' device='disk'><source dir='/tmp'/><target dev='sdb' bus='scsi'/>"
                + "</disk>").devices().disks().get(0);
        assertThatThrownBy(() -> QemuDiskHotplugArgs.of(def(""), dir, "libvirt-2")).isInstanceOf(VirtException.class)
                .hasMessageContaining("disk type 'dir' of disk 'sdb' is not supported by the QEMU driver")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
    }
}
