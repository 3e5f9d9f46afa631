package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.qemu.testing.TinyLinuxGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's virt-install (package virtinst) over {@code qemu+unix:///system?socket=…} against {@link RemoteServer}
 * backed by the real QEMU driver. virt-install picks the best domain type the capabilities XML offers: where
 * KVM cannot run a guest (the driver's KVM probe says so) that must be type 'qemu', so the guest it creates
 * starts under TCG instead of failing with "Domain requires KVM".
 *
 * <p>Its {@code --print-xml} of the default guest and of the option sets issue 11 names (SPICE, VNC, virtio
 * channels, USB redirection, direct kernel boot) is defined over the socket and started: virt-install writes
 * each from what the capabilities and domain capabilities offer, so each is what a user of this daemon gets.
 */
class VirtInstallTest {
    static final String BINARY = "/usr/bin/virt-install";

    @TempDir
    Path dir;
    private final UUID uuid = UUID.randomUUID();
    private QemuDriverFactory factory;
    private SocketServer server;
    private ExternalClient client;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(BINARY));
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(Path.of(QemuDriverFactory.EMULATOR));
        factory = new QemuDriverFactory(dir.resolve("qemu"));
        server = SocketServer.start(dir, factory);
        client = new ExternalClient(dir);
        virsh = new Virsh(client, server.uri("qemu:///system"));
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
            for (ProcessHandle p : MarkedProcesses.find(uuid.toString())) {
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private ExternalClient.Result virtInstall(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--connect", server.uri("qemu:///system")));
        cmd.addAll(List.of(args));
        return client.run(cmd);
    }

    @Test
    void virtInstallCreatesAndStartsAGuestOfTheTypeTheCapabilitiesOffer() throws Exception {
        ExternalClient.Result r = virtInstall("--name", "vi", "--uuid", uuid.toString(), "--memory", "64",
                "--vcpus", "1", "--disk", "none", "--network", "none", "--graphics", "none", "--import",
                "--osinfo", "detect=on,require=off",
                "--noautoconsole");
        assertThat(r.exit()).as("virt-install failed:%n%s%n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("Domain creation completed.");

        assertThat(virsh.ok("domstate", "--reason", "vi").strip()).isEqualTo("running (booted)");
        assertThat(MarkedProcesses.find(uuid.toString())).as("one QEMU for the guest").hasSize(1);
        String caps = virsh.ok("capabilities");
        String type = caps.contains("<domain type='kvm'") ? "kvm" : "qemu";
        // virt-install took the best type the capabilities offer, and the driver ran it
        assertThat(virsh.ok("dumpxml", "vi")).containsPattern("<domain type='" + type + "' id='[0-9]+'");

        assertThat(virsh.ok("destroy", "vi")).contains("Domain 'vi' destroyed");
        MarkedProcesses.assertNoneLeft(uuid.toString(), "QEMU processes left");
        assertThat(virsh.ok("undefine", "vi")).contains("Domain 'vi' has been undefined");
        assertThat(virsh.ok("list", "--all")).doesNotContain(" vi ");
    }

    /** virt-install's options common to every option set: a small diskless guest of an OS it need not know. */
    private static final List<String> BASE = List.of("--memory", "64", "--vcpus", "1", "--disk", "none",
            "--network", "none", "--import", "--osinfo", "detect=on,require=off");

    static Stream<Arguments> optionSets() {
        return Stream.of(
                // its defaults for an x86 guest: SPICE with its agent channel, QXL, sound and two USB redirections
                Arguments.of("default", List.of(), (Consumer<String>) xml -> assertThat(xml)
                        .contains("<graphics type=\"spice\"").contains("<channel type=\"spicevmc\">")
                        .contains("<model type=\"qxl\"/>").containsSubsequence(
                                "<redirdev bus=\"usb\" type=\"spicevmc\"/>",
                                "<redirdev bus=\"usb\" type=\"spicevmc\"/>")),
                Arguments.of("spice", List.of("--graphics", "spice"), (Consumer<String>) xml -> assertThat(xml)
                        .contains("<graphics type=\"spice\"").contains("<channel type=\"spicevmc\">")
                        .contains("<redirdev bus=\"usb\" type=\"spicevmc\"/>")),
                Arguments.of("vnc", List.of("--graphics", "vnc"), (Consumer<String>) xml -> assertThat(xml)
                        .contains("<graphics type=\"vnc\"").doesNotContain("spicevmc")),
                Arguments.of("virtio-channels", List.of("--graphics", "spice", "--channel",
                        "unix,target.type=virtio,target.name=org.qemu.guest_agent.0", "--channel",
                        "spicevmc,target.type=virtio,target.name=com.redhat.spice.0"),
                        (Consumer<String>) xml -> assertThat(xml).contains("<channel type=\"unix\">")
                                .contains("name=\"org.qemu.guest_agent.0\"").contains("<channel type=\"spicevmc\">")
                                .contains("name=\"com.redhat.spice.0\"")),
                Arguments.of("usb-redirection", List.of("--graphics", "spice", "--redirdev", "usb,type=spicevmc",
                        "--redirdev", "usb,type=spicevmc"), (Consumer<String>) xml -> assertThat(xml)
                        .containsSubsequence("<redirdev bus=\"usb\" type=\"spicevmc\"/>",
                                "<redirdev bus=\"usb\" type=\"spicevmc\"/>")));
    }

    /** The XML virt-install prints for {@code name} with {@code options}, written to a file beside the test. */
    private Path printXml(String name, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--print-xml", "--name", name, "--uuid", uuid.toString()));
        args.addAll(BASE);
        args.addAll(options);
        ExternalClient.Result r = virtInstall(args.toArray(String[]::new));
        assertThat(r.exit()).as("virt-install --print-xml failed:%n%s%n%s", r.out(), r.err()).isZero();
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, r.out());
        return xml;
    }

    /** Defines {@code xml} over the socket, starts it, then destroys and undefines it: nothing is left. */
    private void defineStartAndRemove(String name, Path xml, Runnable whileRunning) throws Exception {
        assertThat(virsh.ok("define", xml.toString())).contains("Domain '" + name + "' defined from " + xml);
        ExternalClient.Result started = virsh.run("start", name);
        assertThat(started.exit()).as("virsh start %s failed: %s%n%s", name, started.err(), Files.readString(xml))
                .isZero();
        assertThat(virsh.ok("domstate", "--reason", name).strip()).isEqualTo("running (booted)");
        assertThat(MarkedProcesses.find(uuid.toString())).as("one QEMU for the guest").hasSize(1);
        assertThat(virsh.ok("dumpxml", name)).containsPattern("<domain type='(qemu|kvm)' id='[0-9]+'");
        whileRunning.run();

        assertThat(virsh.ok("destroy", name)).contains("Domain '" + name + "' destroyed");
        MarkedProcesses.assertNoneLeft(uuid.toString(), "QEMU processes left");
        assertThat(virsh.ok("undefine", name)).contains("Domain '" + name + "' has been undefined");
        assertThat(virsh.ok("list", "--all", "--name")).doesNotContain(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionSets")
    void printedXmlOfAnOptionSetDefinesAndStarts(String set, List<String> options, Consumer<String> expected)
            throws Exception {
        String name = "vi-" + set;
        Path xml = printXml(name, options);
        expected.accept(Files.readString(xml));
        defineStartAndRemove(name, xml, () -> { });
    }

    @Test
    @ExtendWith(TinyLinuxGuest.Extension.class)
    void printedXmlOfADirectKernelBootDefinesAndBootsTheKernel(TinyLinuxGuest guest) throws Exception {
        Path console = dir.resolve("kernel-console.log");
        Path xml = printXml("vi-kernel", List.of("--memory", Integer.toString(TinyLinuxGuest.MEMORY_MIB),
                "--graphics", "none", "--boot", "kernel=" + guest.kernel() + ",initrd=" + guest.initrd()
                        + ",kernel_args=" + guest.cmdline(), "--serial", "file,path=" + console,
                "--console", "file,path=" + console + ",target.type=serial"));
        assertThat(Files.readString(xml)).contains("<kernel>" + guest.kernel() + "</kernel>")
                .contains("<initrd>" + guest.initrd() + "</initrd>")
                .contains("<cmdline>" + guest.cmdline() + "</cmdline>");
        defineStartAndRemove("vi-kernel", xml, () -> {
            try {
                QemuRemoteTest.awaitText(console, TinyLinuxGuest.READY_MARKER, 120);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
