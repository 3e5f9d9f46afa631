package io.virtkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolXmlCodec;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.StorageVolumeXmlCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Coverage-guided fuzz targets (Jazzer) for the model's four XML codecs. Without {@code JAZZER_FUZZ} each runs
 * as a regression test over its committed corpus ({@code ModelXmlFuzzTestInputs/<method>/} beside this class
 * in the test resources, plus the empty input); {@code bench/fuzz/run} fuzzes them (bench/README.md).
 *
 * <p>Each input must either parse, or be refused with the codec's own error: a {@link VirtException} of the
 * codec's error domain with libvirt's code for the fault (XML_DETAIL for XML that is not well-formed, else what
 * libvirt's parser reports for that value: XML_ERROR, INTERNAL_ERROR, NO_TARGET …; CONFIG_UNSUPPORTED for what
 * is not modelled) and a message; anything else (a NullPointerException, a NumberFormatException, another
 * domain's error) is a finding. What
 * parses must survive the round trip: written, read back and written again it is the same definition and
 * the same text.
 */
class ModelXmlFuzzTest {
    @FuzzTest
    void domainXml(byte[] input) {
        roundTrip(input, ErrorDomain.DOMAIN, DomainXmlCodec::parse, def -> DomainXmlCodec.format(def, XmlFlag.SECURE));
    }

    @FuzzTest
    void networkXml(byte[] input) {
        roundTrip(input, ErrorDomain.NETWORK, NetworkXmlCodec::parse, NetworkXmlCodec::format);
    }

    @FuzzTest
    void storagePoolXml(byte[] input) {
        roundTrip(input, ErrorDomain.STORAGE, StoragePoolXmlCodec::parse, StoragePoolXmlCodec::format);
    }

    @FuzzTest
    void storageVolumeXml(byte[] input) {
        roundTrip(input, ErrorDomain.STORAGE, StorageVolumeXmlCodec::parse, StorageVolumeXmlCodec::format);
    }

    private static <D> void roundTrip(byte[] input, ErrorDomain errors, Function<String, D> parse,
            Function<D, String> format) {
        D def;
        try {
            def = parse.apply(new String(input, StandardCharsets.UTF_8));
        } catch (VirtException e) {
            assertRefusal(e, errors);
            return;
        }
        String written = format.apply(def);
        D reread = parse.apply(written);
        assertThat(reread).as("read back from%n%s", written).isEqualTo(def);
        assertThat(format.apply(reread)).isEqualTo(written);
    }

    /** A refusal in the codec's own terms: its error domain, a code for bad input, a message saying what. */
    static void assertRefusal(VirtException e, ErrorDomain errors) {
        assertThat(e.domain()).as("error domain of %s", e).isEqualTo(errors);
        assertThat(e.code()).as("code of %s", e).isNotEqualTo(ErrorCode.OK);
        assertThat(e.getMessage()).isNotBlank();
    }
}
