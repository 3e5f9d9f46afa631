package io.virtkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Virtkit inside the real distribution: the console commands, the boot-time test driver, and removing
 * and re-adding a driver feature at runtime. One container for the class (PerClass) keeps the suite
 * fast; every test leaves the container as it found it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VirtkitKarafIT extends VirtkitKarafTestSupport {

    private static final String NO_TEST_DRIVER = "no connection driver available for test:///default";
    private static final long WAIT_MILLIS = 30_000;
    /**
     * A {@code virt:drivers} row of a local driver serving the test scheme (possibly among others): not the remote
     * driver, which serves test URIs naming a transport or host whatever else runs.
     */
    private static final String TEST_DRIVER_ROW = "\\s*(?!remote\\s)\\S+\\s+(\\S+,)?test(,\\S+)?\\s*";
    private static final String RUNNING_TEST_DOMAIN_ROW = "\\s*1\\s+test\\s+running\\s*";

    public VirtkitKarafIT() {
        super(WAIT_MILLIS);
    }

    @Configuration
    public Option[] config() {
        return distribution("exam",
                // The remote daemon (a boot feature) listens on sockets of the test's own, never /run/virtkit's.
                remoteSocketsIn(new File("target/virtkit-it").getAbsoluteFile().toPath()));
    }

    @Test
    public void bootsWithTheTestDriverAndItsRunningDomain() throws Exception {
        String list = awaitOutput("virt:list --all", out -> out.contains("test"));

        assertThat(list.lines()).anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));
        assertThat(runOk("virt:drivers").lines()).anyMatch(line -> line.matches(TEST_DRIVER_ROW));
    }

    @Test
    public void definesStartsDestroysAndUndefinesADomainFromAFile() throws Exception {
        Path xml = Files.createTempFile("itest-domain", ".xml");
        try {
            Files.writeString(xml, """
                    <domain type='test'>
                      <name>itest-vm</name>
                      <memory unit='KiB'>65536</memory>
                      <vcpu>1</vcpu>
                      <os><type>hvm</type></os>
                    </domain>
                    """);
            awaitOutput("virt:list --all", out -> out.contains("test"));

            assertThat(runOk("virt:define " + xml)).contains("Domain 'itest-vm' defined from " + xml);
            assertThat(stateOf("itest-vm")).isEqualTo("shut off");

            assertThat(runOk("virt:start itest-vm")).contains("Domain 'itest-vm' started");
            assertThat(stateOf("itest-vm")).isEqualTo("running");

            assertThat(runOk("virt:destroy itest-vm")).contains("Domain 'itest-vm' destroyed");
            assertThat(stateOf("itest-vm")).isEqualTo("shut off");

            assertThat(runOk("virt:undefine itest-vm")).contains("Domain 'itest-vm' has been undefined");
            assertThat(runOk("virt:list --all")).doesNotContain("itest-vm");
        } finally {
            Files.deleteIfExists(xml);
            // Leave nothing behind even when an assertion above failed half-way.
            run("virt:destroy itest-vm");
            run("virt:undefine itest-vm");
        }
    }

    /** The storage verbs as Karaf wires them, on the test driver's default-pool: a volume's whole life. */
    @Test
    public void storageVerbsCreateFillReadAndDeleteAVolume() throws Exception {
        Path in = Files.createTempFile("itest-vol", ".bin");
        Path out = Files.createTempFile("itest-vol", ".out");
        try {
            awaitOutput("virt:pool-list", list -> list.contains("default-pool"));
            assertThat(runOk("virt:pool-info default-pool")).contains("State:          running");
            assertThat(runOk("virt:vol-create-as --format raw default-pool itest-vol 1M"))
                    .contains("Vol itest-vol created");
            assertThat(runOk("virt:vol-list --details default-pool"))
                    .contains("itest-vol   /default-pool/itest-vol   file   1.00 MiB");
            Files.writeString(in, "itest content");
            runOk("virt:vol-upload --pool default-pool itest-vol " + in);
            runOk("virt:vol-download --pool default-pool --length 13 itest-vol " + out);
            assertThat(Files.readString(out)).isEqualTo("itest content");
            assertThat(runOk("virt:vol-delete --pool default-pool itest-vol")).contains("Vol itest-vol deleted");
            KarafConsole.Result gone = run("virt:vol-info --pool default-pool itest-vol");
            assertThat(gone.failure()).isNotNull();
            assertThat(gone.console().strip()).startsWith("error: failed to get vol 'itest-vol'\n");
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            run("virt:vol-delete --pool default-pool itest-vol");
        }
    }

    @Test
    public void anUnknownDomainPrintsLibvirtsMessageAndNoStackTrace() throws Exception {
        awaitOutput("virt:list --all", out -> out.contains("test"));

        KarafConsole.Result result = run("virt:start no-such-domain");

        assertThat(result.failure()).as("virt:start of an unknown domain must fail").isNotNull();
        // One line, as virsh words a domain it cannot find; no stack trace.
        assertThat(result.console().strip().lines()).singleElement().asString()
                .isEqualTo("error: failed to get domain 'no-such-domain'");
    }

    @Test
    public void aBadDefinitionPrintsVirshsTwoLines() throws Exception {
        Path xml = Files.createTempFile("itest-bad", ".xml");
        try {
            Files.writeString(xml, "<domain type='test'><name>itest-bad</name></domain>");
            awaitOutput("virt:list --all", out -> out.contains("test"));

            KarafConsole.Result result = run("virt:define " + xml);

            assertThat(result.failure()).as("virt:define of a bad file must fail").isNotNull();
            // virsh's two lines: its own naming the file, then the driver's reason; no stack trace
            assertThat(result.console().strip().lines()).hasSize(2).satisfiesExactly(
                    first -> assertThat(first).isEqualTo("error: Failed to define domain from " + xml),
                    second -> assertThat(second).startsWith("error: ").doesNotContain("Exception"));
            assertThat(runOk("virt:list --all")).doesNotContain("itest-bad");
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    @Test
    public void aDriverFeatureCanBeRemovedAndAddedAtRuntime() throws Exception {
        awaitOutput("virt:drivers", out -> out.contains("test"));
        Set<String> before = bundleNames();
        KarafConsole.Result reinstall;
        try {
            uninstallFeature("virtkit-test");

            // Exactly the driver bundle went away; the API, the core and the shell stayed.
            Set<String> removed = new TreeSet<>(before);
            removed.removeAll(bundleNames());
            assertThat(removed).containsExactly("io.virtkit.test");
            assertThat(bundleNames()).contains("io.virtkit.api", "io.virtkit.core", "io.virtkit.shell");

            KarafConsole.Result list = run("virt:list -c test:///default");
            assertThat(list.failure()).as("virt:list without a test driver must fail").isNotNull();
            assertThat(list.console()).contains(NO_TEST_DRIVER).doesNotContain("\tat ");
            assertThat(runOk("virt:drivers").lines()).noneMatch(line -> line.matches(TEST_DRIVER_ROW));
        } finally {
            // Restore the container for the other tests without hiding a failure above.
            reinstall = run("feature:install virtkit-test");
        }
        assertThat(reinstall.failure()).as("feature:install virtkit-test: %s", reinstall.console()).isNull();
        awaitOutput("virt:drivers", out -> out.lines().anyMatch(line -> line.matches(TEST_DRIVER_ROW)));
        assertThat(bundleNames()).isEqualTo(before);
        assertThat(awaitOutput("virt:list --all", out -> out.contains("test")).lines())
                .anyMatch(line -> line.matches(RUNNING_TEST_DOMAIN_ROW));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** The STATE column of {@code virt:list --all} for one domain. */
    private String stateOf(String name) {
        return runOk("virt:list --all").lines()
                .map(String::trim)
                .map(line -> line.split("\\s+", 3))
                .filter(columns -> columns.length == 3 && columns[1].equals(name))
                .map(columns -> columns[2])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no domain " + name + " in virt:list --all"));
    }
}
