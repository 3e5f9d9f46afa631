package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The QEMU driver runs what it honours of disks and controllers, and refuses the rest at start. */
class QemuDiskSupportTest {

    static String vm(String machine, String devices) {
        return "<domain type='qemu'><name>g</name><uuid>" + QemuCommandLineTest.UUID + "</uuid>"
                + "<memory unit='KiB'>219136</memory><os><type arch='x86_64' machine='" + machine
                + "'>hvm</type></os><devices>" + devices + "</devices></domain>";
    }

    static String disk(String driver, String inside) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'" + driver + "/>"
                + "<source file='/img/a.raw'/><target dev='vda' bus='virtio'/>" + inside + "</disk>";
    }

    @ParameterizedTest
    @CsvSource({"writeback,off,off,on", "writethrough,off,off,off", "none,on,off,on", "directsync,on,off,off",
        "unsafe,off,on,on"})
    void cacheModesAreLibvirtsNodeAndDeviceFlags(String mode, String direct, String noFlush, String writeCache) {
        var argv = argv(vm("pc", disk(" cache='" + mode + "'", "")));
        assertThat(values(argv, "-blockdev")).allSatisfy(b -> assertThat(b)
                .contains(",cache.direct=" + direct + ",cache.no-flush=" + noFlush));
        assertThat(values(argv, "-device")).anySatisfy(d -> assertThat(d).startsWith("virtio-blk-pci")
                .contains(",write-cache=" + writeCache));
    }

    @Test
    void ioDiscardAndDetectZeroes() {
        var argv = argv(vm("pc", disk(" cache='none' io='native' discard='unmap' detect_zeroes='unmap'", "")));
        assertThat(values(argv, "-blockdev").get(0)).contains(",aio=native", ",discard=unmap")
                .doesNotContain("detect-zeroes");
        assertThat(values(argv, "-blockdev").get(1)).contains(",discard=unmap", ",detect-zeroes=unmap");
        // without discard='unmap', libvirt asks only for zero detection
        var on = argv(vm("pc", disk(" detect_zeroes='unmap'", "")));
        assertThat(values(on, "-blockdev").get(1)).contains(",detect-zeroes=on");
    }

    @Test
    void guestVisibleSettingsAndBootOrder() {
        var argv = argv(vm("pc", disk(" queues='2' queue_size='256' ioeventfd='on' packed='on'",
                "<serial>S,1</serial><boot order='1'/>")));
        assertThat(values(argv, "-device")).anySatisfy(d -> assertThat(d).startsWith("virtio-blk-pci")
                .contains(",bootindex=1", ",num-queues=2", ",queue-size=256", ",ioeventfd=on", ",packed=on",
                        ",serial=S,,1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<disk type='network'><source protocol='nbd' name='x'><host name='h'/></source><target dev='vda'/></disk>",
        "<disk type='volume'><source pool='p' volume='v'/><target dev='vda'/></disk>",
        "<disk type='dir'><source dir='/srv'/><target dev='vda'/></disk>",
        "<disk type='file'><driver name='qemu' type='raw' iothread='1'/><source file='/a'/><target dev='vda'/></disk>",
        "<disk type='file'><driver name='qemu' type='raw' error_policy='stop'/><source file='/a'/><target dev='vda'/></disk>",
        "<disk type='file'><driver name='qemu' type='raw' copy_on_read='on'/><source file='/a'/><target dev='vda'/></disk>",
        "<disk type='file'><driver name='qemu' type='raw' io='native'/><source file='/a'/><target dev='vda'/></disk>",
        "<disk type='file'><source file='/a'/><target dev='vda'/><iotune><total_bytes_sec>1</total_bytes_sec></iotune></disk>",
        "<disk type='file'><source file='/a'/><target dev='vda'/><transient/></disk>",
        "<disk type='file'><driver name='qemu' type='qcow2'/><source file='/a'/><backingStore type='file'><format type='raw'/>"
            + "<source file='/b'/></backingStore><target dev='vda'/></disk>",
        "<disk type='file'><source file='/a'/><target dev='hda' bus='ide'/><vendor>V</vendor></disk>",
        "<disk type='block' device='lun'><source dev='/dev/sdz'/><target dev='sda' bus='scsi'/></disk>",
        "<controller type='usb' index='0' model='vt82c686b-uhci'/>",
        "<controller type='usb' index='0' model='piix3-uhci' ports='4'/>",
        "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>",
        "<controller type='scsi' index='0' model='virtio-scsi'><driver queues='4'/></controller>",
        "<controller type='ccid' index='0'/>",
        "<lease><key>k</key><target path='/l'/></lease>",
        "<controller type='usb' index='0'/><redirfilter><usbdev allow='yes'/></redirfilter>",
        "<controller type='usb' index='0'/><redirdev bus='usb' type='spicevmc'/>",
        "<controller type='usb' index='0'/><redirdev bus='usb' type='pty'/>",
        "<controller type='usb' index='0' model='none'/><hub type='usb'/>",
        "<hub type='usb'/>",
        "<controller type='usb' index='0'/><interface type='user'><address type='usb' bus='0' port='1'/></interface>",
        "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0' bus='6' slot='18' function='5'/>"
            + "</source></hostdev>",
        "<disk type='file'><source file='/a'/><target dev='vda'/><address type='usb' bus='0' port='1'/></disk>"})
    void whatTheDriverDoesNotHonourIsRefusedAtStart(String device) {
        assertThatThrownBy(() -> argv(vm("pc", device))).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <source file='/a'><encryption format='luks'><secret type='passphrase' usage='u'/></encryption></source> | encryption
            <source file='/a'/><encryption format='qcow'/>                         | encryption
            <source file='/a' fdgroup='g'/>                                          | source fdgroup
            <source file='/a'><slices><slice type='storage' offset='0' size='512'/></slices></source> | storage slice
            <source file='/a'><seclabel model='dac'><label>1:1</label></seclabel></source> | per-image seclabel label
            <source file='/a'/><backenddomain name='d0'/>                            | backenddomain
            """)
    void diskExtrasThatAreNotOnTheCommandLineAreRefusedByName(String inside, String what) {
        String xml = "<disk type='file'><driver name='qemu' type='raw'/>" + inside + "<target dev='vda'/></disk>";
        assertThatThrownBy(() -> argv(vm("pc", xml))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + what
                    + " of disk 'vda' is not supported by the QEMU driver");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<disk type='block'><source dev='/dev/sdz'><reservations managed='yes'/></source><target dev='vda'/></disk>",
        "<disk type='file'><driver name='qemu' type='raw'><metadata_cache><max_size unit='KiB'>64</max_size>"
            + "</metadata_cache></driver><source file='/a'/><target dev='vda'/></disk>",
        "<disk type='nvme'><source type='pci' namespace='1'><address domain='0' bus='1' slot='0' function='0'/>"
            + "</source><target dev='vda'/></disk>",
        "<disk type='vhostuser'><source type='unix' path='/s'><reconnect enabled='yes' timeout='1'/></source>"
            + "<target dev='vda'/></disk>"})
    void otherDiskExtrasAreRefusedAtStart(String device) {
        assertThatThrownBy(() -> argv(vm("pc", device))).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }

    @Test
    void anImageNotToRelabelStartsAsThisDriverRelabelsNoImage() {
        var argv = argv(vm("pc", "<disk type='file'><driver name='qemu' type='raw'/><source file='/a.raw'>"
                + "<seclabel model='dac' relabel='no'/></source><target dev='vda' bus='virtio'/></disk>"));
        assertThat(values(argv, "-blockdev").get(0)).contains("filename=/a.raw");
    }

    @Test
    void aQcow2MetadataCacheLimitIsTheFormatNodesCacheSize() {
        var argv = argv(vm("pc", "<disk type='file'><driver name='qemu' type='qcow2'><metadata_cache>"
                + "<max_size unit='KiB'>64</max_size></metadata_cache></driver><source file='/a.qcow2'/>"
                + "<target dev='vda' bus='virtio'/></disk>"));
        assertThat(values(argv, "-blockdev").get(1)).contains("driver=qcow2", ",cache-size=65536");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<smartcard mode='host'/>", "<smartcard mode='passthrough' type='spicevmc'/>"})
    void smartcardsAreRefusedAtStartByMode(String card) {
        String mode = card.contains("host") ? "host" : "passthrough";
        assertThatThrownBy(() -> argv(vm("pc", card))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: smartcard mode '" + mode
                    + "' is not supported by the QEMU driver");
        });
    }

    @Test
    void redirectionOverAUnixSocketFollowsItsBootOrder() {
        var argv = argv(vm("pc", "<controller type='usb' index='0'/><redirdev bus='usb' type='unix'>"
                + "<source mode='connect' path='/run/r,1.sock'/><boot order='1'/></redirdev>"));
        assertThat(values(argv, "-chardev")).contains("socket,id=charredir0,path=/run/r,,1.sock");
        assertThat(values(argv, "-device")).contains("usb-redir,chardev=charredir0,id=redir0,bootindex=1");
    }

    @Test
    void usbModelNoneMeansNoUsbAndDefaultsFollowTheMachine() {
        assertThat(values(argv(vm("pc", "<controller type='usb' index='0' model='none'/>")), "-device"))
                .noneMatch(d -> d.contains("usb"));
        assertThat(values(argv(vm("pc", "<controller type='usb' index='0'/>")), "-device"))
                .anySatisfy(d -> assertThat(d).startsWith("piix3-usb-uhci,id=usb"));
        assertThat(values(argv(vm("q35", "<controller type='usb' index='0'/>")), "-device"))
                .anySatisfy(d -> assertThat(d).startsWith("qemu-xhci,id=usb"));
    }
}
