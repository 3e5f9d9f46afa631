package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/** The driver's post-parse at define (libvirt's qemuDomainDefPostParse): the machine type, on real QEMU. */
class QemuDriverPostParseTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private QemuDriverSettings settings;
    private Connection conn;
    /** What {@code pc} stands for in the QEMU the tests run, read from QEMU itself. */
    private String pcMachine;

    @BeforeEach
    void setUp() {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
        conn = open();
        pcMachine = new QemuMachines().of(QemuGuests.EMULATOR).aliases().get("pc");
        assertThat(pcMachine).startsWith("pc-i440fx-");
    }

    @AfterEach
    void tearDown() {
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        guests.killAll();
    }

    private Connection open() {
        QemuDriver d = new QemuDriver(settings);
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///session");
    }

    private static String machineOf(String xml) {
        int at = xml.indexOf("machine='");
        return at < 0 ? null : xml.substring(at + 9, xml.indexOf('\'', at + 9));
    }

    @Test
    void anAliasBecomesTheVersionedMachineAtDefineAndTheGuestRunsOnIt() throws Exception {
        Domain d = conn.defineDomain(guests.xml("alias"));
        assertThat(machineOf(d.xml(XmlFlag.INACTIVE))).isEqualTo(pcMachine);
        assertThat(java.nio.file.Files.readString(settings.session().config().resolve("alias.xml")))
                .contains("machine='" + pcMachine + "'");
        d.start();
        assertThat(machineOf(d.xml())).isEqualTo(pcMachine);
        assertThat(ProcessFacts.cmdline(guests.processesOf(d.uuid()).get(0).pid()))
                .contains("-machine\0" + pcMachine + ",accel=tcg");
        d.destroy();

        Domain q35 = conn.createDomain(guests.xml("q35").replace("machine='pc'", "machine='q35'"));
        assertThat(machineOf(q35.xml())).startsWith("pc-q35-");
        q35.destroy();
    }

    @Test
    void noMachineGetsTheDefaultOfTheEmulator() {
        Domain d = conn.defineDomain(guests.xml("nomachine").replace(" machine='pc'", ""));
        assertThat(machineOf(d.xml(XmlFlag.INACTIVE))).isEqualTo(pcMachine);
    }

    @Test
    void anUnknownMachineIsRefusedAtDefineAndNothingIsDefined() throws Exception {
        for (String machine : List.of("nonexistent", "pc,accel=kvm")) {
            String xml = guests.xml("unknown").replace("machine='pc'", "machine='" + machine + "'");
            assertThatThrownBy(() -> conn.defineDomain(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                assertThat(e).hasMessage("unsupported configuration: Emulator '" + QemuGuests.EMULATOR
                        + "' does not support machine type '" + machine + "'");
            });
            assertThatThrownBy(() -> conn.createDomain(xml)).isInstanceOf(VirtException.class)
                    .hasMessageContaining("does not support machine type");
        }
        assertThat(conn.listAllDomains()).isEmpty();
        assertThat(QemuGuests.files(settings.session().config())).noneMatch(f -> f.endsWith(".xml"));
    }

    @Test
    void aVersionedMachineIsKeptAtDefineAndAcrossARestartOfTheDriver() throws Exception {
        String older = "pc-i440fx-6.2";
        Domain d = conn.defineDomain(guests.xml("versioned").replace("machine='pc'", "machine='" + older + "'"));
        assertThat(machineOf(d.xml(XmlFlag.INACTIVE))).isEqualTo(older);
        d.start();
        QemuGuests.stop(drivers.remove(0));

        Domain again = open().lookupDomainByName("versioned");
        assertThat(again.isActive()).isTrue();
        assertThat(machineOf(again.xml())).isEqualTo(older);
        assertThat(machineOf(again.xml(XmlFlag.INACTIVE))).isEqualTo(older);
        again.destroy();
    }

    @Test
    void theMachineListIsReadFromQemusHelp() {
        QemuMachines.Machines m = QemuMachines.parse("""
                Supported machines are:
                microvm              microvm (i386)
                pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)
                pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)
                q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)
                pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)
                none                 empty machine
                """);
        assertThat(m.canonical("pc")).isEqualTo("pc-i440fx-7.2");
        assertThat(m.canonical("q35")).isEqualTo("pc-q35-7.2");
        assertThat(m.canonical("pc-q35-7.2")).isEqualTo("pc-q35-7.2");
        assertThat(m.canonical("nonexistent")).isNull();
        assertThat(m.defaultMachine()).isEqualTo("pc-i440fx-7.2");
    }
}
