package io.virtkit.xen.internal.xl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Coverage-guided fuzz target (Jazzer) for the xl configuration reader and writer. Without {@code JAZZER_FUZZ}
 * it runs as a regression test over its committed corpus ({@code XlConfigFuzzTestInputs/xlConfig/} beside this
 * class in the test resources, plus the empty input); {@code bench/fuzz/run} fuzzes it (bench/README.md).
 *
 * <p>Any text must be read as an xl configuration or refused with libvirt's Xen configuration errors (a
 * {@link VirtException} from the domains libvirt's xl reading reports from), never with another exception. A
 * configuration that reads must survive the text round trip, its definition must be domain XML the domain
 * codec reads back as the same definition ({@code domxml-from-native xen-xl}), and that definition written as
 * xl must either be refused in Xen's terms or read again.
 */
class XlConfigFuzzTest {
    /**
     * Where libvirt's xl reading reports from: its Xen configuration code (XEN, XENXL, LIBXL), its configuration
     * file reader (CONF), the domain definition's checks (DOMAIN) and its utilities such as the bitmap parser
     * (no domain).
     */
    private static final Set<ErrorDomain> XEN_ERRORS = Set.of(ErrorDomain.XEN, ErrorDomain.XENXL, ErrorDomain.LIBXL,
            ErrorDomain.CONF, ErrorDomain.DOMAIN, ErrorDomain.NONE);

    @FuzzTest
    void xlConfig(byte[] input) {
        XlConfig config;
        try {
            config = XlConfig.parse(new String(input, StandardCharsets.UTF_8));
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        assertThat(XlConfig.parse(config.format()).settings()).isEqualTo(config.settings());
        DomainDefinition def;
        try {
            def = XlCodec.toDomain(config, XlFormat.XL);
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        String xml = DomainXmlCodec.format(def);
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(xml))).isEqualTo(xml);
        XlConfig written;
        try {
            written = XlCodec.toConfig(def, XlFormat.XL);
        } catch (VirtException e) {
            assertRefusal(e);
            return;
        }
        assertThat(XlCodec.toDomain(XlConfig.parse(written.format()), XlFormat.XL)).isNotNull();
    }

    private static void assertRefusal(VirtException e) {
        assertThat(e.domain()).as("error domain of %s", e).isIn(XEN_ERRORS);
        assertThat(e.code()).as("code of %s", e).isNotEqualTo(ErrorCode.OK);
        assertThat(e.getMessage()).isNotBlank();
    }
}
