package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.XmlFlag;

/**
 * setmem, setmaxmem, setvcpus, vcpucount and domxml-from-native against the test driver; the outputs and error
 * lines are those of virsh 9.0 on libvirt's own test driver for the same commands.
 */
class MemoryVcpuCommandsTest {

    @TempDir
    Path dir;

    private ShellHarness shell;

    @BeforeEach
    void setUp() throws Exception {
        shell = new ShellHarness();
    }

    @AfterEach
    void tearDown() {
        assertThat(shell.opened).allSatisfy(c -> assertThat(c.isAlive()).isFalse());
        shell.close();
    }

    @Test
    void setmemTakesScaledSizesInKibAndChangesTheRunningDomain() throws Exception {
        assertThat(shell.run(setmem("test", "1G"))).isEmpty();
        assertThat(test().info().memoryKiB()).isEqualTo(1048576);
        shell.run(setmem("test", "1000"));
        assertThat(test().info().memoryKiB()).isEqualTo(1000);
        SetMemCommand config = setmem("test", "4096b");
        config.config = true;
        shell.run(config);
        assertThat(test().xml(XmlFlag.INACTIVE)).contains("<currentMemory unit='KiB'>4</currentMemory>");
        shell.run(setmem("test", "1MB")); // 1000000 bytes: rounded up to whole KiB
        assertThat(test().info().memoryKiB()).isEqualTo(977);

        test().destroy();
        // no option is virsh's change of the running domain; --current changes the configuration then
        assertThat(shell.fail(setmem("test", "1000")))
                .isEqualTo("error: Requested operation is not valid: domain is not running");
        SetMemCommand current = setmem("test", "1000");
        current.current = true;
        shell.run(current);
        assertThat(test().info().memoryKiB()).isEqualTo(1000);
    }

    @Test
    void setmemRefusesWhatVirshRefuses() throws Exception {
        assertThat(shell.fail(setmem("test", "-5")))
                .isEqualTo("error: Scaled numeric value '-5' for <size> option is malformed or out of range");
        assertThat(shell.fail(setmem("test", "1X")))
                .isEqualTo("error: Scaled numeric value '1X' for <size> option is malformed or out of range\n"
                        + "error: invalid argument: unknown suffix 'X'");
        assertThat(shell.fail(setmem("test", "0"))).isEqualTo("error: memory in virDomainSetMemoryFlags must not be zero");
        assertThat(shell.fail(setmem("test", "99999999999")))
                .isEqualTo("error: invalid argument: cannot set memory higher than max memory");
        SetMemCommand both = setmem("test", "1000");
        both.current = true;
        both.live = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --current and --live are mutually exclusive");
        SetMemCommand liveConfig = setmem("test", "1000");
        liveConfig.live = true;
        liveConfig.config = true;
        assertThat(shell.fail(liveConfig))
                .isEqualTo("error: Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        assertThat(shell.fail(setmem("nosuch", "10"))).isEqualTo("error: failed to get domain 'nosuch'");
        assertThat(test().info().memoryKiB()).isEqualTo(2097152);
    }

    @Test
    void setmaxmemChangesTheConfigurationAndSaysWhyItCannotOnARunningDomain() throws Exception {
        assertThat(shell.fail(setmaxmem("test", "100000"))).isEqualTo("error: Unable to change MaxMemorySize\n"
                + "error: Requested operation is not valid: cannot resize the maximum memory on an active domain");
        SetMaxMemCommand config = setmaxmem("test", "1M");
        config.config = true;
        shell.run(config);
        assertThat(test().xml(XmlFlag.INACTIVE)).contains("<memory unit='KiB'>1024</memory>")
                .contains("<currentMemory unit='KiB'>1024</currentMemory>");
        test().destroy();
        shell.run(setmaxmem("test", "2M"));
        assertThat(test().maxMemory()).isEqualTo(2048);
    }

    @Test
    void setvcpusFollowsVirshsOptionRules() throws Exception {
        SetVcpusCommand maxOnly = setvcpus("test", "3");
        maxOnly.maximum = true;
        assertThat(shell.fail(maxOnly)).isEqualTo("error: Option --config is required by option --maximum");
        assertThat(shell.fail(setvcpus("test", "0"))).isEqualTo("error: Can't set 0 processors for a VM");
        assertThat(shell.fail(setvcpus("test", "abc")))
                .isEqualTo("error: Numeric value 'abc' for <count> option is malformed or out of range");
        SetVcpusCommand guestConfig = setvcpus("test", "2");
        guestConfig.guest = true;
        guestConfig.config = true;
        assertThat(shell.fail(guestConfig)).isEqualTo("error: Options --guest and --config are mutually exclusive");
        assertThat(shell.fail(setvcpus("test", "3")))
                .isEqualTo("error: invalid argument: requested cpu amount exceeds maximum (3 > 2)");

        SetVcpusCommand max = setvcpus("test", "3");
        max.maximum = true;
        max.config = true;
        shell.run(max);
        shell.run(setvcpus("test", "1"));
        assertThat(test().vcpusFlags(VcpuFlag.LIVE)).isEqualTo(1);
        assertThat(test().vcpusFlags(VcpuFlag.CONFIG, VcpuFlag.MAXIMUM)).isEqualTo(3);

        test().destroy();
        // no option: virsh's virDomainSetVcpus changes the running domain, and there is none
        assertThat(shell.fail(setvcpus("test", "1")))
                .isEqualTo("error: Requested operation is not valid: domain is not running");
        SetVcpusCommand current = setvcpus("test", "3");
        current.current = true;
        shell.run(current);
        assertThat(test().vcpusFlags()).isEqualTo(3);
    }

    @Test
    void vcpucountPrintsVirshsTableOrOneNumber() throws Exception {
        SetVcpusCommand max = setvcpus("test", "3");
        max.maximum = true;
        max.config = true;
        shell.run(max);
        shell.run(setvcpus("test", "1"));
        assertThat(shell.run(vcpucount("test"))).isEqualTo("""
                maximum      config         3
                maximum      live           2
                current      config         2
                current      live           1
                """);
        VcpuCountCommand maximum = vcpucount("test");
        maximum.maximum = true;
        maximum.config = true;
        assertThat(shell.run(maximum)).isEqualTo("3\n");
        VcpuCountCommand oldCurrent = vcpucount("test"); // --current alone is the old --active
        oldCurrent.current = true;
        oldCurrent.live = true;
        assertThat(shell.run(oldCurrent)).isEqualTo("1\n");

        VcpuCountCommand activeMax = vcpucount("test");
        activeMax.active = true;
        activeMax.maximum = true;
        assertThat(shell.fail(activeMax)).isEqualTo("error: Options --active and --maximum are mutually exclusive");
        VcpuCountCommand liveConfig = vcpucount("test");
        liveConfig.live = true;
        liveConfig.config = true;
        assertThat(shell.fail(liveConfig)).isEqualTo("error: Options --live and --config are mutually exclusive");
        VcpuCountCommand guest = vcpucount("test");
        guest.guest = true;
        assertThat(shell.fail(guest)).isEqualTo("error: Failed to retrieve vCPU count from the guest\n"
                + "error: invalid argument: unsupported flags (0x8) in function virDomainGetVcpusFlags");

        test().destroy();
        assertThat(shell.run(vcpucount("test"))).isEqualTo("""
                maximum      config         3
                current      config         2
                """);
        VcpuCountCommand live = vcpucount("test");
        live.live = true;
        assertThat(shell.fail(live)).isEqualTo("error: Requested operation is not valid: domain is not running");
    }

    @Test
    void domxmlFromNativeReadsTheFileAndReportsTheDriversAnswer() throws Exception {
        Path vmx = Files.writeString(dir.resolve("guest.vmx"), "config.version = \"8\"\n");
        assertThat(shell.fail(fromNative("vmware-vmx", vmx.toString()))).isEqualTo(
                "error: this function is not supported by the connection driver: virConnectDomainXMLFromNative");
        String missing = dir.resolve("missing.vmx").toString();
        assertThat(shell.fail(fromNative("vmware-vmx", missing)))
                .isEqualTo("error: Failed to open file '" + missing + "': No such file or directory");

        Fakes.OneDomainFactory factory = new Fakes.OneDomainFactory("vm");
        List<Object> asked = new ArrayList<>();
        factory.connectionAnswers.put("domainXmlFromNative", a -> {
            asked.addAll(List.of(a));
            return "<domain type='vmware'>\n  <name>guest</name>\n</domain>";
        });
        DomXmlFromNativeCommand command = new DomXmlFromNativeCommand();
        command.connectionFactory = factory;
        command.settings = shell.settings;
        command.format = "vmware-vmx";
        command.file = vmx.toString();
        assertThat(shell.run(command)).isEqualTo("<domain type='vmware'>\n  <name>guest</name>\n</domain>\n");
        assertThat(asked).containsExactly("vmware-vmx", "config.version = \"8\"\n");
    }

    private Domain test() {
        return shell.api().lookupDomainByName("test");
    }

    private SetMemCommand setmem(String domain, String size) {
        SetMemCommand command = shell.wire(new SetMemCommand());
        command.domain = domain;
        command.size = size;
        return command;
    }

    private SetMaxMemCommand setmaxmem(String domain, String size) {
        SetMaxMemCommand command = shell.wire(new SetMaxMemCommand());
        command.domain = domain;
        command.size = size;
        return command;
    }

    private SetVcpusCommand setvcpus(String domain, String count) {
        SetVcpusCommand command = shell.wire(new SetVcpusCommand());
        command.domain = domain;
        command.count = count;
        return command;
    }

    private VcpuCountCommand vcpucount(String domain) {
        VcpuCountCommand command = shell.wire(new VcpuCountCommand());
        command.domain = domain;
        return command;
    }

    private DomXmlFromNativeCommand fromNative(String format, String file) {
        DomXmlFromNativeCommand command = shell.wire(new DomXmlFromNativeCommand());
        command.format = format;
        command.file = file;
        return command;
    }
}
