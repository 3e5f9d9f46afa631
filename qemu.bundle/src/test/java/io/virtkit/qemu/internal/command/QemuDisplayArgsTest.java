package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.assertUnsupported;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.hvm;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Graphics, video, sound, audio and input on the command line, and what of them is refused. */
class QemuDisplayArgsTest {

    private static final String USB = "<controller type='usb' index='0' model='qemu-xhci'/>";

    @Test
    void spiceListensOnItsAddressWithoutTicketsAndWithItsSettings() {
        List<String> argv = argv(hvm("""
                <graphics type='spice' port='5901' autoport='no' listen='0.0.0.0'>
                  <channel name='main' mode='insecure'/><image compression='auto_glz'/><jpeg compression='auto'/>
                  <zlib compression='never'/><playback compression='on'/><streaming mode='filter'/>
                  <clipboard copypaste='no'/><mouse mode='client'/><filetransfer enable='no'/>
                </graphics>"""));
        assertThat(values(argv, "-spice")).containsExactly("port=5901,addr=0.0.0.0,disable-ticketing=on,"
                + "plaintext-channel=main,image-compression=auto_glz,jpeg-wan-compression=auto,"
                + "zlib-glz-wan-compression=never,playback-compression=on,streaming-video=filter,agent-mouse=on,"
                + "disable-copy-paste=on,disable-agent-file-xfer=on,seamless-migration=on");
        assertThat(values(argv, "-device")).as("QEMU places devices when none has an address")
                .containsExactly("VGA,id=video0");
        assertThat(argv).doesNotContain("-display");
    }

    @Test
    void spiceWithAPasswordTakesTicketsAndListenNoneHasNoPort() {
        assertThat(values(argv(hvm("<graphics type='spice' port='5901' passwd='x'/>")), "-spice"))
                .containsExactly("port=5901,addr=127.0.0.1,seamless-migration=on");
        assertThat(values(argv(hvm("<graphics type='spice'><listen type='none'/></graphics>")), "-spice"))
                .containsExactly("disable-ticketing=on,seamless-migration=on");
        assertThat(values(argv(hvm("<graphics type='spice'><listen type='socket' socket='/run/s,p.sock'/>"
                + "</graphics>")), "-spice")).containsExactly(
                        "unix=on,addr=/run/s,,p.sock,disable-ticketing=on,seamless-migration=on");
    }

    @Test
    void vncKeepsItsFormAndGainsItsOtherSettings() {
        assertThat(values(argv(hvm("<graphics type='vnc' port='5905' websocket='5705' sharePolicy='ignore' "
                + "powerControl='yes'><audio id='1'/></graphics><audio id='1' type='none'/>")), "-vnc"))
                .containsExactly("127.0.0.1:5,websocket=5705,share=ignore,power-control=on,audiodev=audio1");
        assertThat(values(argv(hvm("<graphics type='vnc' socket='/run/v.sock'/>")), "-vnc"))
                .containsExactly("unix:/run/v.sock");
        assertThat(values(argv(hvm("<graphics type='vnc'><listen type='none'/></graphics>")), "-vnc"))
                .containsExactly("none");
    }

    @Test
    void videoModelsWithTheirSizes() {
        List<String> argv = argv(hvm("""
                <video><model type='virtio' heads='2'/></video>
                <video><model type='qxl' ram='65536' vram='32768' vram64='131072' vgamem='16384' heads='1'
                  primary='yes'><resolution x='1024' y='768'/></model></video>"""));
        assertThat(values(argv, "-device")).containsExactly(
                "qxl-vga,id=video1,ram_size=67108864,vram_size=33554432,vram64_size_mb=128,vgamem_mb=16,"
                        + "max_outputs=1,xres=1024,yres=768",
                "virtio-gpu-pci,id=video0,max_outputs=2");
        assertThat(argv).contains("-display");
    }

    @ParameterizedTest
    @CsvSource({"vga,VGA", "cirrus,cirrus-vga", "virtio,virtio-vga", "qxl,qxl-vga"})
    void aPrimaryAdapterTakesTheVgaSlot(String model, String device) {
        assertThat(values(argv(hvm("<graphics type='vnc' port='5900'/><video><model type='" + model + "'/></video>")),
                "-device")).containsExactly(device + ",id=video0");
        assertThat(values(argv(hvm("<graphics type='vnc' port='5900'/><video><model type='" + model + "'/></video>"
                + "<sound model='ich9'><address type='pci' domain='0' bus='0' slot='5' function='0'/></sound>")),
                "-device")).as("with addressed devices, the primary adapter is at the VGA slot")
                .startsWith(device + ",id=video0,bus=pci.0,addr=0x2");
    }

    @Test
    void videoNoneHasNoAdapterEvenWithADisplay() {
        assertThat(values(argv(hvm("<graphics type='vnc' port='5900'/><video><model type='none'/></video>")),
                "-device")).isEmpty();
        assertThat(values(argv(hvm("<video><model type='vga' vram='32768'/></video>")), "-device"))
                .containsExactly("VGA,id=video0,vgamem_mb=32");
    }

    @Test
    void soundCardsPlayToTheirBackend() {
        List<String> argv = argv(hvm("""
                <sound model='ich9'><codec type='duplex'/><codec type='micro'/><audio id='2'/></sound>
                <sound model='ac97'><audio id='2'/></sound>
                <audio id='2' type='none' timerPeriod='100'>
                  <input mixingEngine='yes' voices='1'><settings frequency='44100' channels='2' format='s16'/></input>
                  <output fixedSettings='no' bufferLength='100'/>
                </audio>"""));
        assertThat(values(argv, "-audiodev")).containsExactly("id=audio2,driver=none,timer-period=100,"
                + "in.mixing-engine=on,in.voices=1,in.frequency=44100,in.channels=2,in.format=s16,"
                + "out.fixed-settings=off,out.buffer-length=100");
        assertThat(values(argv, "-device")).containsExactly("ich9-intel-hda,id=sound0",
                "hda-duplex,id=sound0-codec0,bus=sound0.0,cad=0,audiodev=audio2",
                "hda-micro,id=sound0-codec1,bus=sound0.0,cad=1,audiodev=audio2",
                "AC97,id=sound1,audiodev=audio2");
    }

    @Test
    void soundWithoutAudioPlaysToAnImplicitBackend() {
        assertThat(values(argv(hvm("<sound model='ich6'/>")), "-audiodev")).containsExactly("id=audio1,driver=none");
        List<String> spice = argv(hvm("<graphics type='spice' port='5901'/><sound model='ich6'/>"));
        assertThat(values(spice, "-audiodev")).containsExactly("id=audio1,driver=spice");
        assertThat(values(spice, "-device")).contains("intel-hda,id=sound0",
                "hda-duplex,id=sound0-codec0,bus=sound0.0,cad=0,audiodev=audio1");
    }

    @Test
    void inputsOnUsbVirtioAndPs2() {
        List<String> argv = argv(hvm(USB + """
                <input type='tablet' bus='usb'/><input type='mouse' bus='ps2'/><input type='keyboard' bus='usb'/>
                <input type='keyboard' bus='virtio'><driver iommu='on'/></input><input type='mouse'/>"""));
        List<String> devices = values(argv, "-device");
        assertThat(devices).filteredOn(d -> d.startsWith("usb-")).hasSize(2).allMatch(d -> d.endsWith(".0"))
                .anyMatch(d -> d.startsWith("usb-tablet,id=input0,bus=usb"))
                .anyMatch(d -> d.startsWith("usb-kbd,id=input2,bus=usb"));
        assertThat(devices).contains("virtio-keyboard-pci,id=input3,iommu_platform=on");
        assertThat(String.join(" ", argv)).doesNotContain("input1").doesNotContain("input4");
    }

    @Test
    void whatTheDriverCannotRunIsRefused() {
        assertUnsupported(hvm("<graphics type='sdl'/>"), "graphics type 'sdl' is not supported by the QEMU driver");
        assertUnsupported(hvm("<graphics type='vnc' port='5900'/><graphics type='vnc' port='5901'/>"),
                "only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported");
        assertUnsupported(hvm("<graphics type='spice' tlsPort='5902'/>"),
                "Spice TLS port set in XML configuration, but TLS is disabled");
        assertUnsupported(hvm("<graphics type='spice' port='5901'><gl enable='yes'/></graphics>"),
                "spice OpenGL is not supported by the QEMU driver");
        assertUnsupported(hvm("<graphics type='vnc' autoport='yes'><listen type='network' network='default'/>"
                + "</graphics>"), "listen type 'network' is not supported by the QEMU driver");
        assertUnsupported(hvm("<graphics type='vnc' autoport='yes' keymap='de'/>"),
                "graphics keymap is not supported by the QEMU driver");
        assertUnsupported(hvm("<video><model type='bochs'/></video>"),
                "video type 'bochs' is not supported by the QEMU driver");
        assertUnsupported(hvm("<video><model type='vga'/></video><video><model type='cirrus'/></video>"),
                "video type 'cirrus' is only valid as primary video device");
        assertUnsupported(hvm("<video><model type='virtio'><acceleration accel3d='yes'/></model></video>"),
                "video acceleration is not supported by the QEMU driver");
        assertUnsupported(hvm("<sound model='sb16'/>"), "sound card model 'sb16' is not supported by the QEMU driver");
        assertUnsupported(hvm("<audio id='1' type='pulseaudio'/>"),
                "audio type 'pulseaudio' is not supported by the QEMU driver");
        assertUnsupported(hvm("<audio id='1' type='spice'/>"), "Spice audio is not supported without spice graphics");
        assertUnsupported(hvm("<input type='tablet' bus='ps2'/>"), "ps2 bus does not support tablet input device");
        assertUnsupported(hvm("<input type='tablet' bus='usb'/>"), "USB input device needs a USB controller");
        assertUnsupported(hvm("<input type='evdev'><source dev='/dev/input/event0'/></input>"),
                "input device type 'evdev' is not supported by the QEMU driver");
        assertUnsupported(hvm("<input type='mouse' bus='xen'/>"),
                "input bus 'xen' is not supported by the QEMU driver");
        assertUnsupported(hvm("<interface type='direct'><source dev='eth0' mode='vepa'/></interface>"),
                "interface type 'direct' is not supported by the QEMU driver");
        assertUnsupported(hvm("<interface type='user'><model type='virtio'/><bandwidth><inbound average='10'/>"
                + "</bandwidth></interface>"), "interface <bandwidth> is not supported by the QEMU driver");
        assertUnsupported(hvm("<interface type='user'><link state='down'/></interface>"),
                "interface <link> is not supported by the QEMU driver");
        assertThat(argv(hvm("<interface type='user'><link state='up'/></interface>"))).contains("-netdev");
    }
}
