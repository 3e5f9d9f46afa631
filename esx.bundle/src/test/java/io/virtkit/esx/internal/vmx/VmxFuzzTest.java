package io.virtkit.esx.internal.vmx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import java.util.Set;

/**
 * Coverage-guided fuzz target (Jazzer) for the VMX reader and writer. Without {@code JAZZER_FUZZ} it runs as a
 * regression test over its committed corpus ({@code VmxFuzzTestInputs/vmx/} beside this class in the test
 * resources, plus the empty input); {@code bench/fuzz/run} fuzzes it (bench/README.md).
 *
 * <p>Any bytes must be read as a VMX file or refused with libvirt's VMX errors (a {@link VirtException}
 * of the domains libvirt's VMX reading reports from), never with another exception. A file that
 * reads must survive the text round trip, its definition must be domain XML the domain codec reads back as
 * the same definition (libvirt's {@code domxml-from-native} output), and that definition written as VMX must
 * either be refused in VMX's terms or read again.
 */
class VmxFuzzTest {
    private static final VmxFileNames ESX = new DatastorePathFileNames("[ds1] vm dir");
    /** ESX 6.5's virtual hardware, the newest version the writer knows the SCSI bus rules of. */
    private static final int HARDWARE_VERSION = 13;
    /**
     * Where libvirt's VMX refusals come from: its vmx code (no domain), its configuration file reader (CONF), the
     * domain definition's own checks (DOMAIN).
     */
    private static final Set<ErrorDomain> ERRORS = Set.of(ErrorDomain.NONE, ErrorDomain.CONF, ErrorDomain.DOMAIN);

    @FuzzTest
    void vmx(byte[] input) {
        VmxFile file;
        try {
            file = VmxFile.parse(input);
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        assertThat(VmxFile.parse(file.format())).isEqualTo(file);
        DomainDefinition def;
        try {
            def = VmxCodec.toDomain(file, ESX);
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        String xml = DomainXmlCodec.format(def);
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(xml))).isEqualTo(xml);
        VmxFile written;
        try {
            written = VmxCodec.toVmx(def, ESX, HARDWARE_VERSION);
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        assertThat(VmxCodec.toDomain(VmxFile.parse(written.format()), ESX)).isNotNull();
    }

    private static void assertRefusal(VirtException e) {
        assertThat(e.domain()).as("error domain of %s", e).isIn(ERRORS);
        assertThat(e.code()).as("code of %s", e).isNotEqualTo(ErrorCode.OK);
        assertThat(e.getMessage()).isNotBlank();
    }
}
