package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * What the codec writes is valid against libvirt's own network schema, checked by {@code virt-xml-validate
 * FILE network} (Debian libvirt-clients + xmllint). Without the tool the tests skip on a developer machine
 * but fail when {@code CI=true}: the same rule as the domain schema test (whose helper is package-private).
 */
class NetworkXmlSchemaTest {

    private static final Path VALIDATOR =
            Path.of(System.getProperty("virtkit.virtXmlValidate", "/usr/bin/virt-xml-validate"));

    @TempDir
    Path dir;

    @BeforeAll
    static void requireValidator(@TempDir Path dir) throws Exception {
        String problem = null;
        if (!Files.isExecutable(VALIDATOR)) {
            problem = VALIDATOR + " is not installed (Debian package libvirt-clients)";
        } else {
            Path probe = dir.resolve("probe.xml");
            Files.writeString(probe, NetworkXmlCodecTest.DEFAULT_NETWORK);
            Result r = validate(probe);
            if (r.exitCode() == 127) {
                problem = "virt-xml-validate cannot run (xmllint from libxml2-utils missing?): " + r.output();
            }
        }
        if (problem != null) {
            validatorUnavailable(problem, System.getenv("CI"));
        }
    }

    static void validatorUnavailable(String problem, String ci) {
        if ("true".equals(ci)) {
            throw new AssertionError("CI=true and the schema validator is unavailable: " + problem);
        }
        Assumptions.abort(problem);
    }

    record Result(int exitCode, String output) {
    }

    static Result validate(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), "network").redirectErrorStream(true)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virt-xml-validate did not finish for " + file);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private void assertValid(String name, String xml) throws Exception {
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        Result r = validate(file);
        assertThat(r.exitCode()).as("virt-xml-validate of %s:%n%s%n%s", name, xml, r.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<network><name>default</name><forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1'"
                + " netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>"
                + "</network>",
        "<network><name>full</name><forward mode='route' dev='eth0'/><bridge name='virbr5' stp='off' delay='3'/>"
                + "<mtu size='9000'/><mac address='52:54:00:ab:cd:01'/><domain name='example.org'/>"
                + "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'/>"
                + "<host mac='52:54:00:00:00:01' name='a' ip='10.0.0.50'/><host name='b' ip='10.0.0.51'/></dhcp></ip>"
                + "<ip address='10.9.0.1' netmask='255.255.0.0'/></network>",
        "<network><name>br</name><forward mode='bridge'/><bridge name='br0'/></network>",
        "<network><name>isolated</name></network>",
        "<network><name>iso-dhcp</name><ip address='172.16.5.1' prefix='28'><dhcp><range start='172.16.5.2'"
                + " end='172.16.5.14'/></dhcp></ip></network>"})
    void formattedDefinitionsValidate(String xml) throws Exception {
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        assertValid(def.name(), NetworkXmlCodec.format(def));
    }

    /** The validator really judges: without this a broken set-up could make every test above pass. */
    @Test
    void theValidatorRejectsWhatLibvirtsSchemaForbids() throws Exception {
        Path file = dir.resolve("invalid.xml");
        Files.writeString(file, NetworkXmlCodec.format(NetworkXmlCodec.parse(NetworkXmlCodecTest.DEFAULT_NETWORK))
                .replace("stp='on'", "stp='sometimes'"));
        Result r = validate(file);
        assertThat(r.exitCode()).as(r.output()).isNotZero().isNotEqualTo(127);
    }

    @Test
    void aMissingValidatorFailsOnCiAndSkipsElsewhere() {
        assertThatThrownBy(() -> validatorUnavailable("gone", "true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true").hasMessageContaining("gone");
        assertThatThrownBy(() -> validatorUnavailable("gone", null)).isInstanceOf(TestAbortedException.class);
    }
}
