package io.virtkit.qemu.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.qemu.internal.command.QemuCommandLine;

/**
 * {@link DriverSupport} says what the driver runs: every value it lists must get through the command line
 * builder, and what it leaves out must be refused there, so the list and the command line cannot drift apart
 * unnoticed.
 */
class DriverSupportTest {
    private static final DriverSupport SUPPORT = DriverSupport.QEMU_DRIVER;

    private static String domain(String machine, String devices) {
        return """
                <domain type='qemu'>
                  <name>caps</name>
                  <uuid>6695eb01-f6a4-8304-79aa-97f2502e1930</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='%s'>hvm</type></os>
                  <devices>%s</devices>
                </domain>
                """.formatted(machine, devices);
    }

    private static void build(String xml) {
        QemuCommandLine.build(DomainXmlCodec.parse(xml), SchemaValidator.EMULATOR, Path.of("/tmp/caps-monitor.sock"));
    }

    private static String disk(String device, String bus) {
        String dev = switch (bus) {
            case "ide" -> "hda";
            case "virtio" -> "vda";
            default -> "sda";
        };
        return "<disk type='file' device='" + device + "'><source file='/tmp/caps.img'/><target dev='" + dev
                + "' bus='" + bus + "'/></disk>";
    }

    @Test
    void everyDiskDeviceAndBusListedIsRun() {
        for (String bus : SUPPORT.diskBuses().keySet()) {
            for (String device : SUPPORT.diskDevices().keySet()) {
                if (device.equals("cdrom") && bus.equals("virtio")) {
                    continue; // virtio has no removable media, in libvirt too
                }
                for (String machine : new String[] {"pc", "q35"}) {
                    String xml = domain(machine, disk(device, bus));
                    if (machine.equals("q35") && SUPPORT.notOnQ35().contains(bus)) {
                        assertThatThrownBy(() -> build(xml)).as("%s on q35", bus).isInstanceOf(VirtException.class);
                    } else {
                        assertThatCode(() -> build(xml)).as("%s %s on %s", device, bus, machine)
                                .doesNotThrowAnyException();
                    }
                }
            }
        }
    }

    @Test
    void everyGraphicsTypeListedIsRun() {
        for (String type : SUPPORT.graphicsTypes().keySet()) {
            assertThatCode(() -> build(domain("pc", "<graphics type='" + type + "' port='5901' autoport='no'/>")))
                    .as(type).doesNotThrowAnyException();
        }
    }

    @Test
    void everyRngModelAndBackendListedIsRun() {
        for (String model : SUPPORT.chardev().rngModels().keySet()) {
            for (String backend : SUPPORT.chardev().rngBackends().keySet()) {
                String source = switch (backend) {
                    case "egd" -> " type='tcp'><source mode='connect' host='127.0.0.1' service='708'/></backend>";
                    case "random" -> ">/dev/urandom</backend>";
                    default -> "/>";
                };
                String xml = domain("pc", "<rng model='" + model + "'><backend model='" + backend + "'" + source
                        + "</rng>");
                assertThatCode(() -> build(xml)).as("%s %s", model, backend).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void everyChannelTypeListedIsRun() {
        for (String type : SUPPORT.chardev().channelTypes().keySet()) {
            String source = type.equals("unix") ? "<source mode='bind' path='/tmp/caps.agent'/>" : "";
            String xml = domain("pc", "<channel type='" + type + "'>" + source
                    + "<target type='virtio' name='org.qemu.guest_agent.0'/></channel>");
            if (type.equals("spicevmc")) {
                // runs beside SPICE graphics only (listed where the emulator has chardev-spicevmc)
                assertThatThrownBy(() -> build(xml)).hasMessageContaining("requires SPICE graphics");
                assertThatCode(() -> build(xml.replace("<channel", "<graphics type='spice' port='5902'"
                        + " autoport='no'/><channel"))).as("spicevmc with SPICE").doesNotThrowAnyException();
            } else {
                assertThatCode(() -> build(xml)).as(type).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void everyRedirdevBusListedIsRun() {
        for (String bus : SUPPORT.chardev().redirdevBuses().keySet()) {
            String xml = domain("pc", "<controller type='usb' index='0'/><redirdev bus='" + bus
                    + "' type='spicevmc'/>");
            // over spicevmc beside SPICE graphics only, as the channel of that type
            assertThatThrownBy(() -> build(xml)).hasMessageContaining("needs SPICE graphics");
            assertThatCode(() -> build(xml.replace("<redirdev", "<graphics type='spice' port='5902'"
                    + " autoport='no'/><redirdev"))).as("%s redirection with SPICE", bus).doesNotThrowAnyException();
        }
    }

    @Test
    void customCpuModelsAreRun() {
        assertThat(SUPPORT.customCpuModels()).isTrue();
        assertThat(QemuCommandLine.build(DomainXmlCodec.parse(domain("pc", "").replace("<devices>",
                "<cpu mode='custom'><model>qemu64</model></cpu><devices>")), SchemaValidator.EMULATOR,
                Path.of("/tmp/caps-monitor.sock"))).containsSubsequence("-cpu", "qemu64");
    }

    @Test
    void everyVideoModelListedIsRun() {
        for (String model : SUPPORT.videoModels().keySet()) {
            assertThatCode(() -> build(domain("pc", "<graphics type='vnc' port='5901' autoport='no'/>"
                    + "<video><model type='" + model + "'/></video>"))).as(model).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> build(domain("pc", "<video><model type='vmvga'/></video>")))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }

    @Test
    void whatIsNotListedIsRefused() {
        assertThatThrownBy(() -> build(domain("pc", disk("floppy", "fdc")))).isInstanceOfSatisfying(
                VirtException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
        assertThatThrownBy(() -> build(domain("pc", "<filesystem type='mount'><source dir='/tmp'/>"
                + "<target dir='share'/></filesystem>"))).isInstanceOf(VirtException.class);
    }
}
