package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DeviceModifyFlag;

/** attach-device, detach-device, update-device, attach-disk, detach-disk and change-media on the test driver. */
class DiskCommandsTest {

    private static final String DISK = "<disk type='file' device='disk'><source file='/images/b.img'/>"
            + "<target dev='vdb' bus='virtio'/></disk>";
    private static final String CDROM = "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/>"
            + "</disk>";

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    private <T extends DeviceFileCommand> T deviceFile(T command, String xml) throws Exception {
        command.domain = "test";
        command.file = Files.writeString(dir.resolve("device.xml"), xml).toString();
        return shell.wire(command);
    }

    private AttachDiskCommand attachDisk(String source, String target) {
        AttachDiskCommand c = shell.on(new AttachDiskCommand(), "test");
        c.source = source;
        c.target = target;
        return c;
    }

    private DetachDiskCommand detachDisk(String target) {
        DetachDiskCommand c = shell.on(new DetachDiskCommand(), "test");
        c.target = target;
        return c;
    }

    private ChangeMediaCommand changeMedia(String path, String source) {
        ChangeMediaCommand c = shell.on(new ChangeMediaCommand(), "test");
        c.path = path;
        c.source = source;
        return c;
    }

    @Test
    void attachAndDetachDeviceFromAFileLiveConfigAndPersistent() throws Exception {
        AttachDeviceCommand attach = deviceFile(new AttachDeviceCommand(), DISK);
        assertThat(shell.run(attach)).isEqualTo("Device attached successfully\n");
        assertThat(shell.liveXml()).contains("<source file='/images/b.img'/>");
        assertThat(shell.configXml()).doesNotContain("b.img");
        DetachDeviceCommand detach = deviceFile(new DetachDeviceCommand(), DISK);
        assertThat(shell.run(detach)).isEqualTo("Device detached successfully\n");
        assertThat(shell.liveXml()).doesNotContain("b.img");

        attach.persistent = true; // a running domain: both definitions
        shell.run(attach);
        assertThat(shell.liveXml()).contains("b.img");
        assertThat(shell.configXml()).contains("b.img");
        detach.config = true;
        shell.run(detach);
        assertThat(shell.liveXml()).contains("b.img");
        assertThat(shell.configXml()).doesNotContain("b.img");
    }

    @Test
    void deviceFileErrorsAreVirshs() throws Exception {
        AttachDeviceCommand attach = deviceFile(new AttachDeviceCommand(), DISK);
        shell.run(attach);
        assertThat(shell.fail(attach)).isEqualTo("error: Failed to attach device from " + attach.file
                + "\nerror: operation failed: target vdb already exists");
        attach.persistent = true;
        attach.current = true;
        assertThat(shell.fail(attach)).isEqualTo("error: Options --persistent and --current are mutually exclusive");
        DetachDeviceCommand detach = deviceFile(new DetachDeviceCommand(), DISK.replace("vdb", "vdq"));
        assertThat(shell.fail(detach)).isEqualTo("error: Failed to detach device from " + detach.file
                + "\nerror: device not found: disk vdq not found");
        UpdateDeviceCommand update = deviceFile(new UpdateDeviceCommand(), DISK);
        update.file = dir.resolve("missing.xml").toString();
        assertThat(shell.fail(update))
                .isEqualTo("error: Failed to open file '" + update.file + "': No such file or directory");
    }

    @Test
    void updateDeviceChangesACdromsMedium() throws Exception {
        shell.api().lookupDomainByName("test").attachDevice(CDROM, DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
        UpdateDeviceCommand update = deviceFile(new UpdateDeviceCommand(),
                CDROM.replace("<target", "<source file='/iso/a.iso'/><target"));
        update.persistent = true;
        assertThat(shell.run(update)).isEqualTo("Device updated successfully\n");
        assertThat(shell.liveXml()).contains("<source file='/iso/a.iso'/>");
        assertThat(shell.configXml()).contains("<source file='/iso/a.iso'/>");
    }

    @Test
    void attachDiskWritesVirshsXmlAndDetachDiskFindsTheDiskByTargetOrSource() throws Exception {
        AttachDiskCommand print = attachDisk("/images/c.qcow2", "vdc");
        print.targetBus = "virtio";
        print.driver = "qemu";
        print.subdriver = "qcow2";
        print.cache = "none";
        print.type = "disk";
        print.mode = "readonly";
        print.serial = "S1";
        print.printXml = true;
        assertThat(shell.run(print)).isEqualTo("""
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2' cache='none'/>
                  <source file='/images/c.qcow2'/>
                  <target dev='vdc' bus='virtio'/>
                  <readonly/>
                  <serial>S1</serial>
                </disk>

                """);
        assertThat(shell.liveXml()).doesNotContain("c.qcow2");
        print.printXml = false;
        assertThat(shell.run(print)).isEqualTo("Disk attached successfully\n");
        assertThat(shell.liveXml()).contains("<source file='/images/c.qcow2'/>", "<serial>S1</serial>");
        assertThat(shell.fail(attachDisk("/images/d.img", "vdc")))
                .isEqualTo("error: Failed to attach disk\nerror: operation failed: target vdc already exists");

        DetachDiskCommand byPath = detachDisk("/images/c.qcow2");
        byPath.printXml = true;
        assertThat(shell.run(byPath)).startsWith("<disk ").contains("c.qcow2").endsWith("</disk>\n");
        byPath.printXml = false;
        assertThat(shell.run(byPath)).isEqualTo("Disk detached successfully\n");
        assertThat(shell.liveXml()).doesNotContain("c.qcow2");

        AttachDiskCommand config = attachDisk("/images/e.img", "vde");
        config.config = true;
        shell.run(config);
        DetachDiskCommand configOnly = detachDisk("vde"); // found in the configuration only
        configOnly.config = true;
        shell.run(configOnly);
        assertThat(shell.configXml()).doesNotContain("vde");
    }

    @Test
    void diskOptionErrorsAreVirshs() throws Exception {
        AttachDiskCommand mode = attachDisk("/x", "sdb");
        mode.mode = "foo";
        assertThat(shell.fail(mode)).isEqualTo("error: No support for foo in command 'attach-disk'");
        AttachDiskCommand sourceType = attachDisk("/x", "sdb");
        sourceType.sourceType = "bogus";
        assertThat(shell.fail(sourceType)).isEqualTo("error: Unknown source type: 'bogus'");
        AttachDiskCommand block = attachDisk("/dev/null-ish", "sdb");
        block.sourceType = "block";
        block.printXml = true;
        assertThat(shell.run(block)).contains("<disk type='block'>", "<source dev='/dev/null-ish'/>");
        AttachDiskCommand all = attachDisk("/x", "vdd"); // virsh 9.0's order of everything
        all.driver = "qemu";
        all.subdriver = "raw";
        all.iothread = "2";
        all.cache = "none";
        all.io = "native";
        all.rawio = true;
        all.wwn = "5000c50015ea71ad";
        all.alias = "ua-x";
        all.mode = "shareable";
        all.type = "lun";
        all.serial = "S";
        all.printXml = true;
        assertThat(shell.run(all)).isEqualTo("""
                <disk type='file' device='lun' rawio='yes'>
                  <driver name='qemu' type='raw' iothread='2' cache='none' io='native'/>
                  <source file='/x'/>
                  <target dev='vdd'/>
                  <shareable/>
                  <serial>S</serial>
                  <alias name='ua-x'/>
                  <wwn>5000c50015ea71ad</wwn>
                </disk>

                """);
        assertThat(shell.fail(detachDisk("vdz"))).isEqualTo("error: No disk found whose source path or target is vdz");
        DetachDiskCommand both = detachDisk("vda");
        both.current = true;
        both.live = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --current and --live are mutually exclusive");
        shell.api().lookupDomainByName("test").destroy();
        AttachDiskCommand live = attachDisk("/x", "sdb");
        live.live = true;
        assertThat(shell.fail(live))
                .isEqualTo("error: Failed to attach disk\nerror: Requested operation is not valid: domain is not running");
    }

    @Test
    void changeMediaInsertsUpdatesAndEjects() throws Exception {
        shell.api().lookupDomainByName("test").attachDevice(CDROM, DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
        ChangeMediaCommand insert = changeMedia("hdc", "/iso/a.iso");
        insert.insert = true;
        assertThat(shell.run(insert)).isEqualTo("Successfully inserted media.\n");
        assertThat(shell.liveXml()).contains("<source file='/iso/a.iso'/>");
        assertThat(shell.configXml()).doesNotContain("a.iso");
        assertThat(shell.fail(insert)).isEqualTo("error: The disk device 'hdc' already has media");

        ChangeMediaCommand update = changeMedia("/iso/a.iso", null); // by its current source
        update.sourceOption = "/iso/b.iso";
        update.printXml = true;
        assertThat(shell.run(update)).contains("<source file=\"/iso/b.iso\"/>").doesNotContain("a.iso");
        update.printXml = false;
        assertThat(shell.run(update)).isEqualTo("Successfully updated media.\n");
        assertThat(shell.liveXml()).contains("<source file='/iso/b.iso'/>");

        // --update (the default) without a medium ejects, and says so, as virsh does
        assertThat(shell.run(changeMedia("hdc", null))).isEqualTo("Successfully ejected media.\n");
        assertThat(shell.liveXml()).doesNotContain("b.iso");
        shell.run(insert);
        ChangeMediaCommand eject = changeMedia("hdc", null);
        eject.eject = true;
        assertThat(shell.run(eject)).isEqualTo("Successfully ejected media.\n");
        assertThat(shell.liveXml()).doesNotContain("a.iso");
        assertThat(shell.fail(eject)).isEqualTo("error: The disk device 'hdc' doesn't have media");
        assertThat(shell.fail(changeMedia("hdc", null))).isEqualTo("error: The disk device 'hdc' doesn't have media");

        ChangeMediaCommand config = changeMedia("hdc", "/iso/c.iso");
        config.config = true;
        shell.run(config);
        assertThat(shell.configXml()).contains("<source file='/iso/c.iso'/>");
        assertThat(shell.liveXml()).doesNotContain("c.iso");
    }

    @Test
    void anUnknownDomainIsVirshsOneLine() throws Exception {
        AttachDiskCommand attach = attachDisk("/x", "vdb");
        attach.domain = "nope";
        assertThat(shell.fail(attach)).isEqualTo("error: failed to get domain 'nope'");
        DetachDiskCommand detach = detachDisk("vda");
        detach.domain = "nope";
        assertThat(shell.fail(detach)).isEqualTo("error: failed to get domain 'nope'");
        ChangeMediaCommand change = changeMedia("hdc", null);
        change.domain = "nope";
        assertThat(shell.fail(change)).isEqualTo("error: failed to get domain 'nope'");
    }

    @Test
    void changeMediaErrorsAreVirshs() throws Exception {
        shell.api().lookupDomainByName("test").attachDevice(CDROM);
        ChangeMediaCommand both = changeMedia("hdc", null);
        both.eject = true;
        both.insert = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --eject and --insert are mutually exclusive");
        ChangeMediaCommand noSource = changeMedia("hdc", null);
        noSource.insert = true;
        assertThat(shell.fail(noSource)).isEqualTo("error: New disk media source was not specified");
        // only CD-ROMs and floppies are looked at
        assertThat(shell.fail(changeMedia("vda", "/iso/a.iso")))
                .isEqualTo("error: No disk found whose source path or target is vda");
        ChangeMediaCommand live = changeMedia("hdc", "/iso/a.iso");
        live.config = true; // the CD-ROM is in the running definition only
        assertThat(shell.fail(live)).isEqualTo("error: No disk found whose source path or target is hdc");
    }

    @Test
    void completersOfferTheDomainsDiskTargetsAndSources() throws Exception {
        shell.api().lookupDomainByName("test").attachDevice(CDROM);
        DiskTargetCompleter targets = shell.wire(new DiskTargetCompleter());
        List<String> candidates = new ArrayList<>();
        assertThat(targets.complete(null, CompletersTest.line("virt:detach-disk", "test", ""), candidates))
                .isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("hdc", "vda");
        candidates.clear();
        targets.complete(null, CompletersTest.line("virt:change-media", "-c", "test:///default", "--eject", "test",
                ""), candidates);
        assertThat(candidates).extracting(String::trim).containsExactly("hdc");
        candidates.clear();
        assertThat(targets.complete(null, CompletersTest.line("virt:detach-disk", "nodomain", ""), candidates))
                .isEqualTo(-1);
        assertThat(candidates).isEmpty();

        shell.api().lookupStoragePoolByName("default-pool").createVolume("<volume><name>v1.img</name>"
                + "<capacity>1024</capacity></volume>");
        DiskSourceCompleter sources = shell.wire(new DiskSourceCompleter());
        Files.writeString(dir.resolve("image.iso"), "");
        Session session = Fakes.of(Session.class, Map.of("get", args -> null));
        List<Candidate> offered = new ArrayList<>();
        sources.completeCandidates(session, CompletersTest.line("virt:attach-disk", "test", "/default-pool/"), offered);
        assertThat(offered).extracting(Candidate::value).containsExactly("/default-pool/v1.img");
        offered.clear();
        sources.completeCandidates(session, CompletersTest.line("virt:attach-disk", "test", dir + "/im"), offered);
        assertThat(offered).extracting(Candidate::value).containsExactly(dir + "/image.iso");
    }
}
