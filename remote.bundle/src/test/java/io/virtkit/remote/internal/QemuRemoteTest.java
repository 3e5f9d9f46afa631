package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * virsh over {@code qemu+unix:///system?socket=…} against {@link RemoteServer} backed by the real QEMU
 * driver: real qemu-system-x86_64 processes (TCG) on temporary directories, driven through the wire.
 */
class QemuRemoteTest {
    @TempDir
    Path dir;
    private final UUID uuid = UUID.randomUUID();
    private QemuDriverFactory factory;
    private SocketServer server;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(Path.of(QemuDriverFactory.EMULATOR));
        factory = QemuDriverFactory.withStorage(dir); // the storage driver too, for volume disks and wipes
        server = SocketServer.start(dir, factory);
        virsh = new Virsh(new ExternalClient(dir), server.uri("qemu:///system"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (factory != null) {
                factory.close();
            }
            // the driver leaves guests running when it closes (as libvirtd does); a failed test's are ours to kill
            for (ProcessHandle p : qemuProcesses()) {
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits up to {@code seconds} for {@code text} in {@code file} (the guest's serial console). */
    static void awaitText(Path file, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!(Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text))) {
            assertThat(System.nanoTime()).as("'%s' on the console within %d s; got:%n%s", text, seconds,
                    Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(nothing)")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private List<ProcessHandle> qemuProcesses() {
        return MarkedProcesses.find(uuid.toString());
    }

    /** Waits (up to 10 s) until no QEMU of this test is left: destroy reaps its process before it returns. */
    private void assertNoQemuLeft() throws InterruptedException {
        MarkedProcesses.assertNoneLeft(uuid.toString(), "QEMU processes left");
    }

    @Test
    void connectionReportsTheQemuDriver() throws Exception {
        assertThat(virsh.ok("uri").strip()).isEqualTo("qemu+unix:///system?socket=" + server.socket());
        assertThat(virsh.ok("version", "--daemon")).contains("Using API: QEMU")
                .containsPattern("Running hypervisor: QEMU [0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(virsh.ok("list", "--all")).doesNotContain("running").doesNotContain("shut off");
        // the QEMU driver describes the host (the test driver does not: NO_SUPPORT, see VirshTest)
        assertThat(virsh.ok("sysinfo")).startsWith("<sysinfo type='smbios'>").contains("<processor>")
                .contains("<entry name='type'>Central Processor</entry>");
    }

    /**
     * virsh attach-disk, detach-disk and change-media over the socket (virDomainAttachDeviceFlags,
     * DetachDeviceFlags, UpdateDeviceFlags): a file disk on the running guest's SCSI controller shows in
     * domblklist and goes again, --config changes the persistent definition only; a CD-ROM takes the file as
     * its medium and ejects it.
     */
    @Test
    void diskHotplugThroughTheSocket() throws Exception {
        Path image = dir.resolve("extra.raw");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        Path xml = dir.resolve("plug.xml");
        Files.writeString(xml, "<domain type='qemu'><name>vk-plug</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>32</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<controller type='scsi' index='0' model='virtio-scsi'/><disk type='file' device='cdrom'>"
                + "<target dev='sda' bus='scsi'/><readonly/></disk></devices></domain>");
        virsh.ok("define", xml.toString());
        virsh.ok("start", "vk-plug");
        virsh.ok("attach-disk", "vk-plug", image.toString(), "sdb", "--targetbus", "scsi", "--live");
        assertThat(virsh.ok("domblklist", "vk-plug")).contains("sdb      " + image);
        assertThat(virsh.ok("domblklist", "vk-plug", "--inactive")).doesNotContain("sdb");
        assertThat(virsh.run("attach-disk", "vk-plug", image.toString(), "sdb", "--targetbus", "scsi").err())
                .contains("error: operation failed: target sdb already exists");
        virsh.ok("detach-disk", "vk-plug", "sdb", "--live");
        assertThat(virsh.ok("domblklist", "vk-plug")).doesNotContain("sdb");

        virsh.ok("attach-disk", "vk-plug", image.toString(), "sdc", "--targetbus", "scsi", "--config");
        assertThat(virsh.ok("domblklist", "vk-plug", "--inactive")).contains("sdc      " + image);
        assertThat(virsh.ok("domblklist", "vk-plug")).doesNotContain("sdc");
        virsh.ok("detach-disk", "vk-plug", "sdc", "--config");
        assertThat(virsh.ok("domblklist", "vk-plug", "--inactive")).doesNotContain("sdc");

        // change-media is virDomainUpdateDeviceFlags of the CD-ROM with a new source, then none
        virsh.ok("change-media", "vk-plug", "sda", image.toString(), "--insert", "--live");
        assertThat(virsh.ok("domblklist", "vk-plug")).contains("sda      " + image);
        virsh.ok("change-media", "vk-plug", "sda", "--eject", "--live");
        assertThat(virsh.ok("domblklist", "vk-plug")).doesNotContain(image.toString());
        virsh.ok("destroy", "vk-plug");
        virsh.ok("undefine", "vk-plug");
        assertNoQemuLeft();
    }

    /**
     * A volume of the real storage driver over the socket: vol-wipe --algorithm runs scrub over it (trim refused
     * in libvirt's words), and attach-device of a {@code <disk type='volume'>} puts it on the running guest, in
     * use until detach-device takes it away again.
     */
    @Test
    void volumeWipesAndVolumeDisksThroughTheSocket() throws Exception {
        // the test driver's one set of directories serves both URIs, its volume disks resolve in the session's pools
        Virsh session = new Virsh(new ExternalClient(dir), server.uri("qemu:///session"));
        Path target = Files.createDirectories(dir.resolve("pool"));
        session.ok("pool-create-as", "vkp", "dir", "--target", target.toString());
        session.ok("vol-create-as", "vkp", "w.raw", "1M");
        Path file = target.resolve("w.raw");
        assertThat(session.ok("vol-wipe", "w.raw", "--pool", "vkp", "--algorithm", "random"))
                .contains("Vol w.raw wiped");
        assertThat(Files.size(file)).isEqualTo(1 << 20);
        assertThat(Files.readAllBytes(file)).containsAnyOf((byte) 1, (byte) 0x80, (byte) 0xff);
        assertThat(session.run("vol-wipe", "w.raw", "--pool", "vkp", "--algorithm", "trim").err())
                .contains("error: argument unsupported: 'trim' algorithm not supported");

        Path xml = dir.resolve("vol.xml");
        Files.writeString(xml, "<domain type='qemu'><name>vk-vol</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>32</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>"
                + "<controller type='scsi' index='0' model='virtio-scsi'/></devices></domain>");
        session.ok("create", xml.toString());
        Path disk = dir.resolve("disk.xml");
        Files.writeString(disk, "<disk type='volume' device='disk'><source pool='vkp' volume='w.raw'/>"
                + "<target dev='sdb' bus='scsi'/></disk>");
        session.ok("attach-device", "vk-vol", disk.toString(), "--live");
        assertThat(session.ok("domblklist", "vk-vol")).contains("sdb      w.raw");
        assertThat(session.ok("dumpxml", "vk-vol")).contains("<source pool='vkp' volume='w.raw'/>");
        assertThat(session.run("vol-delete", "w.raw", "--pool", "vkp").err())
                .contains("error: Requested operation is not valid: volume 'w.raw' is still in use.");
        session.ok("detach-device", "vk-vol", disk.toString(), "--live");
        assertThat(session.ok("domblklist", "vk-vol")).doesNotContain("w.raw");
        session.ok("destroy", "vk-vol");
        session.ok("vol-delete", "w.raw", "--pool", "vkp");
        session.ok("pool-destroy", "vkp");
        assertNoQemuLeft();
    }

    /** virsh domcapabilities and capabilities over the socket, as libvirt's QEMU driver answers them. */
    @Test
    void domainCapabilitiesThroughTheSocket() throws Exception {
        String tcg = virsh.ok("domcapabilities", "--virttype", "qemu");
        assertThat(tcg).startsWith("<domainCapabilities>\n  <path>" + QemuDriverFactory.EMULATOR + "</path>\n"
                + "  <domain>qemu</domain>\n").containsPattern("<machine>pc-i440fx-[0-9.]+</machine>")
                .contains("<arch>x86_64</arch>").contains("<disk supported='yes'>").contains("<value>vnc</value>");
        assertThat(virsh.ok("domcapabilities", "--machine", "q35", "--arch", "x86_64", "--virttype", "qemu",
                "--emulatorbin", QemuDriverFactory.EMULATOR)).containsPattern("<machine>pc-q35-[0-9.]+</machine>")
                .contains("<vcpu max='288'/>");
        // the default virt type is kvm where KVM runs guests, qemu elsewhere: either way a document
        assertThat(virsh.ok("domcapabilities")).containsPattern("<domain>(qemu|kvm)</domain>");
        // the capabilities list the machine types, an alias with its canonical machine
        assertThat(virsh.ok("capabilities")).containsPattern("<machine canonical='pc-i440fx-[0-9.]+' maxCpus='255'>pc"
                + "</machine>");

        ExternalClient.Result badMachine = virsh.run("domcapabilities", "--machine", "nope", "--virttype", "qemu");
        assertThat(badMachine.exit()).isNotZero();
        assertThat(badMachine.err()).contains("error: failed to get emulator capabilities\nerror: invalid argument: "
                + "the machine 'nope' is not supported by emulator '" + QemuDriverFactory.EMULATOR + "'");
        assertThat(virsh.run("domcapabilities", "--arch", "armv7l").err()).contains("error: unsupported "
                + "configuration: unable to find any emulator to serve 'armv7l' architecture");
        assertThat(virsh.run("domcapabilities", "--virttype", "bogus").err())
                .contains("error: invalid argument: unknown virttype: bogus");

        // libvirt's Python binding: the same document, and the error's code (VIR_ERR_INVALID_ARG) and domain (QEMU)
        Path script = dir.resolve("domcaps.py");
        Files.writeString(script, """
                import sys, libvirt
                libvirt.registerErrorHandler(lambda ctx, err: None, None)
                conn = libvirt.open(sys.argv[1])
                print(conn.getDomainCapabilities(None, 'x86_64', 'pc', 'qemu', 0).splitlines()[3].strip())
                try:
                    conn.getDomainCapabilities(None, None, None, 'xen', 0)
                except libvirt.libvirtError as e:
                    print(e.get_error_code(), e.get_error_domain(), e.get_error_message())
                conn.close()
                """);
        ExternalClient.Result py = new ExternalClient(dir).run(List.of("/usr/bin/python3", script.toString(),
                server.uri("qemu:///system")));
        assertThat(py.exit()).as("python: %s", py.err()).isZero();
        assertThat(py.out()).containsPattern("<machine>pc-i440fx-[0-9.]+</machine>\n")
                .contains("8 10 invalid argument: the accel 'tcg' is not supported by '" + QemuDriverFactory.EMULATOR
                        + "' on this host");
    }

    @Test
    void fullLifecycleOfARealGuest() throws Exception {
        Path xml = dir.resolve("vmr.xml");
        Files.writeString(xml, """
                <domain type='qemu'>
                  <name>vmr</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                </domain>
                """.formatted(uuid));
        assertThat(virsh.ok("define", xml.toString())).contains("Domain 'vmr' defined from " + xml);
        assertThat(virsh.ok("list", "--all")).containsPattern(" -\\s+vmr\\s+shut off");
        assertThat(virsh.ok("domstate", "--reason", "vmr").strip()).isEqualTo("shut off (unknown)");
        assertThat(qemuProcesses()).isEmpty();

        assertThat(virsh.ok("start", "vmr")).contains("Domain 'vmr' started");
        assertThat(qemuProcesses()).as("one QEMU for the started guest").hasSize(1);
        assertThat(virsh.ok("list", "--all")).containsPattern(" [0-9]+\\s+vmr\\s+running");
        String info = virsh.ok("dominfo", "vmr");
        assertThat(info).contains("Name:           vmr").contains("UUID:           " + uuid)
                .contains("OS Type:        hvm").contains("State:          running")
                .contains("CPU(s):         1").contains("Max memory:     65536 KiB")
                .contains("Persistent:     yes").containsPattern("Id:\\s+[0-9]+");
        assertThat(virsh.ok("domstate", "--reason", "vmr").strip()).isEqualTo("running (booted)");
        assertThat(virsh.ok("dumpxml", "vmr")).contains("<name>vmr</name>").contains("<uuid>" + uuid + "</uuid>")
                .containsPattern("<domain type='qemu' id='[0-9]+'");

        assertThat(virsh.ok("suspend", "vmr")).contains("Domain 'vmr' suspended");
        assertThat(virsh.ok("domstate", "--reason", "vmr").strip()).isEqualTo("paused (user)");
        assertThat(virsh.ok("resume", "vmr")).contains("Domain 'vmr' resumed");
        assertThat(virsh.ok("domstate", "--reason", "vmr").strip()).isEqualTo("running (unpaused)");

        // starting a running guest fails with the driver's own error, and the guest is untouched
        ExternalClient.Result again = virsh.run("start", "vmr");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("error: Domain is already active");
        assertThat(qemuProcesses()).hasSize(1);

        assertThat(virsh.ok("destroy", "vmr")).contains("Domain 'vmr' destroyed");
        assertThat(virsh.ok("domstate", "--reason", "vmr").strip()).isEqualTo("shut off (destroyed)");
        assertNoQemuLeft();

        assertThat(virsh.ok("undefine", "vmr")).contains("Domain 'vmr' has been undefined");
        assertThat(virsh.ok("list", "--all")).doesNotContain("vmr");
        ExternalClient.Result gone = virsh.run("dominfo", "vmr");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("error: failed to get domain 'vmr'");
    }

    /**
     * virsh setmem, setmaxmem, setvcpus and vcpucount over the socket on a QEMU guest: --config edits the defined
     * guest's persistent XML; on the running guest setvcpus hot-plugs a vCPU and setmaxmem is refused as libvirt's.
     */
    @Test
    void memoryAndVcpusThroughTheSocket() throws Exception {
        Path xml = dir.resolve("mem.xml");
        Files.writeString(xml, "<domain type='qemu'><name>vk-mem</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu current='1'>2</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + "<devices><memballoon model='virtio'/></devices></domain>");
        virsh.ok("define", xml.toString());
        virsh.ok("setmaxmem", "vk-mem", "64M", "--config");
        virsh.ok("setmem", "vk-mem", "48M", "--current");
        virsh.ok("setvcpus", "vk-mem", "3", "--maximum", "--config");
        virsh.ok("setvcpus", "vk-mem", "2", "--config");
        assertThat(virsh.ok("dominfo", "vk-mem")).contains("CPU(s):         2").contains("Max memory:     65536 KiB")
                .contains("Used memory:    49152 KiB");
        assertThat(virsh.ok("dumpxml", "vk-mem")).contains("<vcpu placement='static' current='2'>3</vcpu>");
        assertThat(virsh.ok("vcpucount", "vk-mem").strip()).isEqualTo("""
                maximum      config         3
                current      config         2""");

        virsh.ok("start", "--paused", "vk-mem");
        ExternalClient.Result max = virsh.run("setmaxmem", "vk-mem", "128M");
        assertThat(max.exit()).isNotZero();
        assertThat(max.err()).contains("error: Unable to change MaxMemorySize\n"
                + "error: Requested operation is not valid: cannot resize the maximum memory on an active domain");
        virsh.ok("setvcpus", "vk-mem", "3"); // virDomainSetVcpus: the running guest, by hotplug
        assertThat(virsh.ok("vcpucount", "vk-mem", "--live").strip()).isEqualTo("3");
        assertThat(virsh.ok("vcpucount", "vk-mem", "--config").strip()).isEqualTo("2");
        virsh.ok("setmem", "vk-mem", "32M", "--live"); // the balloon target (no guest driver to follow it)
        virsh.ok("destroy", "vk-mem");
        virsh.ok("undefine", "vk-mem");
        assertNoQemuLeft();
    }

    @Test
    @ExtendWith(TinyLinuxGuest.Extension.class)
    void shutsDownARealLinuxGuestThroughAcpi(TinyLinuxGuest guest) throws Exception {
        Path console = dir.resolve("tiny-console.log");
        Path xml = dir.resolve("tiny.xml");
        Files.writeString(xml, guest.domainXml("tiny", TinyLinuxGuest.serialFileXml(console))
                .replace("<name>tiny</name>", "<name>tiny</name>\n  <uuid>" + uuid + "</uuid>"));
        assertThat(virsh.ok("define", xml.toString())).contains("Domain 'tiny' defined from " + xml);
        assertThat(virsh.ok("start", "tiny")).contains("Domain 'tiny' started");
        awaitText(console, TinyLinuxGuest.READY_MARKER, 120);

        // virDomainShutdown over the wire: an ACPI power-button press the guest acts on by powering off
        assertThat(virsh.ok("shutdown", "tiny")).contains("Domain 'tiny' is being shutdown");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state;
        while (!(state = virsh.ok("domstate", "--reason", "tiny").strip()).startsWith("shut off")) {
            assertThat(System.nanoTime()).as("guest powered off within 60 s (state %s)", state).isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(state).isEqualTo("shut off (shutdown)");
        assertThat(Files.readString(console, StandardCharsets.ISO_8859_1)).contains(TinyLinuxGuest.POWEROFF_MARKER);
        assertNoQemuLeft();
        assertThat(virsh.ok("undefine", "tiny")).contains("Domain 'tiny' has been undefined");
    }
}
