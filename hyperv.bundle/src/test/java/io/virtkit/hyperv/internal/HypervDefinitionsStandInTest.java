package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.InvokeResult;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * dumpxml, define and undefine through a driver connection over WS-Man against the stand-in Hyper-V endpoint (no
 * Hyper-V host runs here).
 */
class HypervDefinitionsStandInTest {

    private static final String XML = """
            <domain type='hyperv'>
              <name>web "01" \\ o'k</name>
              <uuid>1d3a5e2c-0b7f-4e8a-9c61-2f4b8d7e6a10</uuid>
              <description>first

            second</description>
              <memory unit='KiB'>2097152</memory>
              <currentMemory unit='KiB'>2097152</currentMemory>
              <vcpu placement='static'>2</vcpu>
              <os>
                <type>hvm</type>
              </os>
              <clock offset='utc'/>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
                <disk type='file' device='disk'>
                  <source file='C:\\VMs\\web.vhdx'/>
                  <target dev='hda' bus='ide'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <source file='C:\\iso\\install.iso'/>
                  <target dev='hdc' bus='ide'/>
                  <address type='drive' controller='0' bus='1' target='0' unit='0'/>
                </disk>
                <disk type='file' device='disk'>
                  <source file='C:\\VMs\\data.vhdx'/>
                  <target dev='sdb' bus='scsi'/>
                  <address type='drive' controller='0' bus='0' target='0' unit='1'/>
                </disk>
                <controller type='ide' index='0'/>
                <controller type='scsi' index='0'/>
                <interface type='bridge'>
                  <mac address='00:15:5d:0a:0b:0c'/>
                  <source bridge='External'/>
                </interface>
                <serial type='pipe'>
                  <source path='\\\\.\\pipe\\web'/>
                  <target port='1'/>
                </serial>
              </devices>
            </domain>
            """;

    private StandInHypervEndpoint endpoint;
    private HypervConnection connection;

    @BeforeEach
    void start() {
        endpoint = StandInHypervEndpoint.startHttp(HypervStandIn.USER, HypervStandIn.PASSWORD);
        connection = HypervStandIn.open(endpoint);
        endpoint.host().addVirtualSwitch("External"); // the switch a definition names exists on the host
    }

    @AfterEach
    void stop() {
        connection.close();
        endpoint.close();
    }

    @Test
    void defineThenDumpxmlGivesTheDefinitionBackWithHyperVsUuid() {
        DomainRef ref = connection.defineDomain(XML, 0);

        assertThat(endpoint.host().findByName("web \"01\" \\ o'k")).contains(HypervDefinitions.guid(ref.uuid()));
        assertThat(connection.domainXml(ref, 0)).isEqualTo(XML.replace("1d3a5e2c-0b7f-4e8a-9c61-2f4b8d7e6a10",
                ref.uuid().toString()).replace("web \"01\" \\ o'k", "web &quot;01&quot; \\ o&apos;k"));
    }

    @ParameterizedTest
    @CsvSource({"DefineSystem, 1", "ModifyResourceSettings, 1", "AddResourceSettings, 1", "AddResourceSettings, 2",
        "AddResourceSettings, 3", "AddResourceSettings, 4", "AddResourceSettings, 5", "AddResourceSettings, 6"})
    void aDefineWhoseJobFailsLeavesTheHostAsItWas(String method, int nth) {
        Set<String> before = endpoint.host().instanceIds();
        HypervWmi failing = failingAt(method, nth);

        assertThatThrownBy(() -> new HypervDefinitions(failing).define(XML, 0))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("Concrete job for " + method + " invocation is in error state");
        assertThat(endpoint.host().instanceIds()).isEqualTo(before);
    }

    /** The stand-in fails the next job of a method: arm it just before the nth call of that method. */
    private HypervWmi failingAt(String method, int nth) {
        HypervWmi wmi = HypervWmi.over(connection.context());
        int[] seen = {0};
        return new HypervWmi() {
            @Override
            public List<CimInstance> query(Wql wql) {
                return wmi.query(wql);
            }

            @Override
            public InvokeResult invoke(CimReference target, String m, List<CimParameter> parameters) {
                if (m.equals(method) && ++seen[0] == nth) {
                    endpoint.host().failNextJob(method, 32768, "The operation failed.");
                }
                return wmi.invoke(target, m, parameters);
            }
        };
    }

    @Test
    void dumpxmlOfAVmTheHostMadeShowsItsDisksNicAndSerialPort() {
        String guid = endpoint.host().addVirtualMachine("made \\ by 'host'", 4, 1024, 2);
        endpoint.host().addDisk(guid, "C:\\VMs\\a.vhdx");
        endpoint.host().addDisk(guid, "C:\\VMs\\b.vhdx");
        endpoint.host().addNic(guid, "00:15:5D:01:02:03", "External");
        endpoint.host().addSerialPort(guid, 2, "\\\\.\\pipe\\made");

        String xml = connection.domainXml(new DomainRef("made", UUID.fromString(guid), -1), 0);

        assertThat(xml).startsWith("<domain type='hyperv' id='")
                .contains("<name>made \\ by &apos;host&apos;</name>", "<uuid>" + guid.toLowerCase(Locale.ROOT) + "</uuid>",
                        "<memory unit='KiB'>1048576</memory>", "<vcpu placement='static'>4</vcpu>",
                        "<source file='C:\\VMs\\a.vhdx'/>\n      <target dev='hda' bus='ide'/>",
                        "<source file='C:\\VMs\\b.vhdx'/>\n      <target dev='hdb' bus='ide'/>",
                        "<mac address='00:15:5d:01:02:03'/>\n      <source bridge='External'/>",
                        "<source path='\\\\.\\pipe\\made'/>\n      <target port='2'/>");
    }

    @Test
    void undefineOfARunningVmIsRefusedByTheHostAndOfAnOffOneRemovesIt() {
        String running = endpoint.host().addVirtualMachine("running", 1, 512, 2);
        DomainRef runningRef = new DomainRef("running", UUID.fromString(running), -1);

        assertThatThrownBy(() -> connection.undefineDomain(runningRef, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR)).hasMessage("internal error: Invocation "
                        + "of DestroySystem returned an error: Invalid state for this operation (32775)");
        assertThat(endpoint.host().findByName("running")).isPresent();

        DomainRef ref = connection.defineDomain(XML, 0);
        connection.undefineDomain(ref, 0);
        assertThat(endpoint.host().findByName("web \"01\" \\ o'k")).isEmpty();
    }

    @Test
    void aNameThatExistsIsRefusedAndANameThatOnlyLooksLikeItIsNot() {
        endpoint.host().addVirtualMachine("a\"b\\c", 1, 512, 3);
        Set<String> before = endpoint.host().instanceIds();

        assertThatThrownBy(() -> connection.defineDomain(minimal("a\"b\\c", "0a0a0a0a-0000-4000-8000-000000000001"), 0))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DOM_EXIST))
                .hasMessage("operation failed: Domain already exists with name 'a\"b\\c'");
        assertThat(endpoint.host().instanceIds()).isEqualTo(before);

        // an injection attempt: were the literal not escaped, this would match every VM
        DomainRef ref = connection.defineDomain(minimal("x\" OR ElementName <> \"", "0a0a0a0a-0000-4000-8000-000000000002"), 0);
        assertThat(endpoint.host().findByName("x\" OR ElementName <> \"")).contains(HypervDefinitions.guid(ref.uuid()));
    }

    @Test
    void anUnknownSwitchIsRefusedBeforeAnythingIsMade() {
        Set<String> before = endpoint.host().instanceIds();

        assertThatThrownBy(() -> connection.defineDomain(XML.replace("<source bridge='External'/>",
                "<source bridge='Internal'/>"), 0)).isInstanceOf(VirtException.class)
                .hasMessage("internal error: Could not attach network 0: no virtual switch 'Internal'");
        assertThat(endpoint.host().instanceIds()).isEqualTo(before);
    }

    @Test
    void aGeneration2VmKeepsItsEfiFirmware() {
        String xml = minimal("uefi", "0a0a0a0a-0000-4000-8000-000000000003")
                .replace("<os>", "<os firmware='efi'>")
                .replace("</os>", "</os><devices><disk type='file' device='disk'><source file='C:\\VMs\\u.vhdx'/>"
                        + "<target dev='sda' bus='scsi'/></disk></devices>");

        DomainRef ref = connection.defineDomain(xml, 0);

        assertThat(connection.domainXml(ref, 0)).contains("<os firmware='efi'>", "<controller type='scsi' index='0'/>",
                "<target dev='sda' bus='scsi'/>\n      <address type='drive' controller='0' bus='0' target='0' unit='0'/>");
    }

    @Test
    void undefineOfASavedVmNeedsTheManagedSaveFlag() {
        String saved = endpoint.host().addVirtualMachine("saved", 1, 512, 6);
        DomainRef ref = new DomainRef("saved", UUID.fromString(saved), -1);

        assertThatThrownBy(() -> connection.undefineDomain(ref, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID));
        assertThat(endpoint.host().findByName("saved")).isPresent();

        connection.undefineDomain(ref, HypervDefinitions.UNDEFINE_MANAGED_SAVE);
        assertThat(endpoint.host().findByName("saved")).isEmpty();
    }

    @Test
    void dumpxmlTakesAsManyRoundTripsForTwelveDisksAsForOne() {
        endpoint.host().setPageSize(100);
        String one = endpoint.host().addVirtualMachine("one", 1, 512, 3);
        endpoint.host().addDisk(one, "C:\\VMs\\1.vhdx");
        String many = endpoint.host().addVirtualMachine("many", 1, 512, 3);
        for (int i = 0; i < 12; i++) {
            endpoint.host().addDisk(many, "C:\\VMs\\m" + i + ".vhdx");
        }

        long start = connection.roundTrips();
        connection.domainXml(new DomainRef("one", UUID.fromString(one), -1), 0);
        long forOne = connection.roundTrips() - start;
        start = connection.roundTrips();
        String xml = connection.domainXml(new DomainRef("many", UUID.fromString(many), -1), 0);
        long forMany = connection.roundTrips() - start;

        assertThat(xml).contains("m11.vhdx");
        assertThat(forMany).isEqualTo(forOne);
    }

    private static String minimal(String name, String uuid) {
        return "<domain type='hyperv'><name>" + name.replace("&", "&amp;").replace("<", "&lt;")
                + "</name><uuid>" + uuid + "</uuid><memory unit='MiB'>512</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os></domain>";
    }
}
