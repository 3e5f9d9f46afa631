package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulator test: the vcsim fixture answers real clients. libvirt's own esx driver (Debian's virsh, the
 * reference of issue 13) lists, describes and dumps the simulator's VMs, and a plain JDK HTTP client pinned to
 * the fixture's certificate speaks SOAP to it, in ESX and in vCenter mode (vpx://).
 */
class VcsimSimulatorTest {
    private static final String RETRIEVE_SERVICE_CONTENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
            <soapenv:Body><RetrieveServiceContent xmlns="urn:vim25">\
            <_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent></soapenv:Body>
            </soapenv:Envelope>""";

    @TempDir
    Path home;

    @Test
    void libvirtsEsxDriverListsTheSimulatorsVms() throws Exception {
        String list = virsh(VcsimFixture.esx(), "list", "--all");
        assertThat(list).contains("ha-host_VM0", "ha-host_VM1").contains("running");
    }

    @Test
    void libvirtsEsxDriverReadsTheSimulatedHost() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        assertThat(virsh(esx, "nodeinfo")).containsPattern("CPU\\(s\\):\\s+\\d+").containsPattern("Memory size:\\s+\\d+ KiB");
        assertThat(virsh(esx, "pool-list", "--all")).contains("LocalDS_0").contains("active");
    }

    /** libvirt names a datastore's pool by the MD5 of its host mount path, which the launcher fills in for vcsim. */
    @Test
    void libvirtsPoolUuidIsTheDatastoresMountPathDigest() throws Exception {
        String xml = virsh(VcsimFixture.esx(), "pool-dumpxml", "LocalDS_0");
        Matcher uuid = Pattern.compile("<uuid>([0-9a-f-]{36})</uuid>").matcher(xml);
        Matcher path = Pattern.compile("<path>([^<]+)</path>").matcher(xml);
        assertThat(uuid.find() && path.find()).as(xml).isTrue();
        assertThat(path.group(1)).startsWith(VcsimFixture.esx().directory().toString());
        byte[] md5 = MessageDigest.getInstance("MD5").digest(path.group(1).getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(md5);
        assertThat(uuid.group(1)).isEqualTo(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
                + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    @Test
    void libvirtsEsxDriverDumpsASimulatorVmFromItsVmx() throws Exception {
        String xml = virsh(VcsimFixture.esx(), "dumpxml", "ha-host_VM0");
        assertThat(xml).contains("<name>ha-host_VM0</name>")
                .contains("<source file='[LocalDS_0] ha-host_VM0/disk1.vmdk'/>")
                .contains("<interface type='bridge'>");
    }

    @Test
    void libvirtsVpxDriverListsTheVmsOfAHostInTheVcenterSimulator() throws Exception {
        String list = virsh(VcsimFixture.vcenter(), "list", "--all");
        assertThat(list).contains("DC0_H0_VM0", "DC0_H0_VM1");
    }

    /** A VM libvirt defines (it uploads a bare .vmx, then RegisterVM) registers and starts, as on a real ESX. */
    @Test
    void libvirtsEsxDriverDefinesAndStartsAVmOnASimulatorOfItsOwn() throws Exception {
        try (VcsimFixture own = VcsimFixture.start(VcsimFixture.Options.esx(0))) {
            Path xml = Files.writeString(home.resolve("d.xml"), """
                    <domain type='vmware'>
                      <name>defined by libvirt</name>
                      <memory unit='KiB'>65536</memory>
                      <vcpu>1</vcpu>
                      <os><type>hvm</type></os>
                      <devices>
                        <disk type='file' device='disk'>
                          <source file='[LocalDS_0] defined by libvirt/disk.vmdk'/>
                          <target dev='sda' bus='scsi'/>
                        </disk>
                        <controller type='scsi' index='0' model='lsilogic'/>
                        <interface type='bridge'><source bridge='VM Network'/><model type='e1000'/></interface>
                      </devices>
                    </domain>""");
            virsh(own, "define", xml.toString());
            assertThat(virsh(own, "list", "--all")).contains("defined by libvirt").contains("shut off");
            virsh(own, "start", "defined by libvirt");
            assertThat(virsh(own, "domstate", "defined by libvirt")).contains("running");
            assertThat(virsh(own, "dumpxml", "defined by libvirt"))
                    .contains("<source file='[LocalDS_0] defined by libvirt/disk.vmdk'/>");
        }
    }

    @Test
    void aJdkClientPinnedToTheCertificateRetrievesTheServiceContent() throws Exception {
        assertThat(retrieveServiceContent(VcsimFixture.esx())).contains("<apiType>HostAgent</apiType>");
        assertThat(retrieveServiceContent(VcsimFixture.vcenter())).contains("<apiType>VirtualCenter</apiType>");
    }

    @Test
    void theSimulatorRefusesWrongCredentials() throws Exception {
        VcsimFixture esx = VcsimFixture.esx();
        LibvirtEsxVirsh.Result result = run(esx, "wrong-password", "list", "--all");
        assertThat(result.exit()).isNotZero();
        assertThat(result.out()).doesNotContain("ha-host_VM0");
    }

    private static String retrieveServiceContent(VcsimFixture fixture) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(fixture.sslContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(fixture.url())
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "urn:vim25/6.5")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(RETRIEVE_SERVICE_CONTENT)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** virsh against the simulator with its credentials; asserts success and returns standard output. */
    private String virsh(VcsimFixture fixture, String... args) throws Exception {
        return new LibvirtEsxVirsh(home).virsh(fixture, args);
    }

    private LibvirtEsxVirsh.Result run(VcsimFixture fixture, String password, String... args) throws Exception {
        LibvirtEsxVirsh.Result result = new LibvirtEsxVirsh(home).run(fixture, password, args);
        return new LibvirtEsxVirsh.Result(result.exit(), result.out() + result.err(), result.err());
    }
}
