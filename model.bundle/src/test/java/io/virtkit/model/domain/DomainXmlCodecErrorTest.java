package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets libvirt's error code and message (checked against {@code virsh -c test:///default define}). */
class DomainXmlCodecErrorTest {

    private static final String HEAD = "<domain type='test'><name>x</name>";
    private static final String MEM_OS = "<memory>10</memory><os><type>hvm</type></os>";

    private static String vm(String devices) {
        return HEAD + MEM_OS + "<devices>" + devices + "</devices></domain>";
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                Arguments.of("wrong root", "<domin type='test'><name>x</name></domin>", ErrorCode.XML_ERROR,
                        "XML error: expecting root element of 'domain', not 'domin'"),
                Arguments.of("no type", "<domain><name>x</name>" + MEM_OS + "</domain>", ErrorCode.INTERNAL_ERROR,
                        "internal error: missing domain type attribute"),
                Arguments.of("bad type", "<domain type='fo o'><name>x</name>" + MEM_OS + "</domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: invalid domain type fo o"),
                Arguments.of("missing name", "<domain type='test'>" + MEM_OS + "</domain>", ErrorCode.NO_NAME,
                        "missing name information"),
                Arguments.of("empty name", "<domain type='test'><name></name>" + MEM_OS + "</domain>",
                        ErrorCode.NO_NAME, "missing name information"),
                Arguments.of("slash in name", "<domain type='test'><name>a/b</name>" + MEM_OS + "</domain>",
                        ErrorCode.XML_ERROR, "XML error: name a/b cannot contain '/'"),
                Arguments.of("newline in name", "<domain type='test'><name>a\nb</name>" + MEM_OS + "</domain>",
                        ErrorCode.XML_DETAIL, "invalid char in name: \n"),
                Arguments.of("bad uuid", HEAD + "<uuid>zzz</uuid>" + MEM_OS + "</domain>", ErrorCode.INTERNAL_ERROR,
                        "internal error: malformed uuid element"),
                Arguments.of("short uuid", HEAD + "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193</uuid>" + MEM_OS
                        + "</domain>", ErrorCode.INTERNAL_ERROR, "internal error: malformed uuid element"),
                Arguments.of("title with newline", HEAD + "<title>a\nb</title>" + MEM_OS + "</domain>",
                        ErrorCode.XML_ERROR, "XML error: Domain title can't contain newlines"),
                Arguments.of("missing memory", HEAD + "<os><type>hvm</type></os></domain>", ErrorCode.XML_ERROR,
                        "XML error: Memory size must be specified via <memory> or in the <numa> configuration"),
                Arguments.of("zero memory", HEAD + "<memory>0</memory><os><type>hvm</type></os></domain>",
                        ErrorCode.XML_ERROR,
                        "XML error: Memory size must be specified via <memory> or in the <numa> configuration"),
                Arguments.of("memory not a number", HEAD + "<memory>1x0</memory><os><type>hvm</type></os></domain>",
                        ErrorCode.XML_ERROR, "XML error: Invalid value '1x0' for element or attribute './memory[1]'"),
                Arguments.of("negative memory", HEAD + "<memory>-5</memory><os><type>hvm</type></os></domain>",
                        ErrorCode.XML_ERROR, "XML error: Invalid value '-5' for element or attribute './memory[1]'"),
                Arguments.of("bad currentMemory", HEAD + "<memory>10</memory><currentMemory>abc</currentMemory>"
                        + "<os><type>hvm</type></os></domain>", ErrorCode.XML_ERROR,
                        "XML error: Invalid value 'abc' for element or attribute './currentMemory[1]'"),
                Arguments.of("bad unit", HEAD + "<memory unit='foo'>10</memory><os><type>hvm</type></os></domain>",
                        ErrorCode.INVALID_ARG, "invalid argument: unknown suffix 'foo'"),
                Arguments.of("memory overflow", HEAD + "<memory unit='EiB'>100</memory><os><type>hvm</type></os>"
                        + "</domain>", ErrorCode.OVERFLOW, "numerical overflow: value too large: 100EiB"),
                Arguments.of("memory beyond 63 bits of bytes", HEAD + "<memory unit='EiB'>8</memory>"
                        + "<os><type>hvm</type></os></domain>", ErrorCode.OVERFLOW,
                        "numerical overflow: value too large: 8EiB"),
                Arguments.of("memory beyond libvirt's limit", HEAD + "<memory unit='b'>9223372036854775807</memory>"
                        + "<os><type>hvm</type></os></domain>", ErrorCode.OVERFLOW,
                        "numerical overflow: size value too large"),
                Arguments.of("bad vcpu", HEAD + "<memory>10</memory><vcpu>abc</vcpu><os><type>hvm</type></os>"
                        + "</domain>", ErrorCode.XML_ERROR, "XML error: maximum vcpus count must be an integer"),
                Arguments.of("bad placement", HEAD + "<memory>10</memory><vcpu placement='foo'>1</vcpu>"
                        + "<os><type>hvm</type></os></domain>", ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'placement' in element 'vcpu': 'foo'."),
                Arguments.of("no os", HEAD + "<memory>10</memory></domain>", ErrorCode.XML_ERROR,
                        "XML error: an os <type> must be specified"),
                Arguments.of("bad os type", HEAD + "<memory>10</memory><os><type>foo</type></os></domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unknown OS type 'foo'"),
                Arguments.of("bad boot", HEAD + "<memory>10</memory><os><type>hvm</type><boot dev='xx'/></os>"
                        + "</domain>", ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'dev' in element 'boot': 'xx'."),
                Arguments.of("bad lifecycle", HEAD + MEM_OS + "<on_poweroff>foo</on_poweroff></domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unknown on_poweroff action: foo"),
                Arguments.of("core dump on power-off", HEAD + MEM_OS
                        + "<on_poweroff>coredump-destroy</on_poweroff></domain>", ErrorCode.CONFIG_UNSUPPORTED,
                        "unsupported configuration: Lifecycle event 'poweroff' doesn't support 'coredump-destroy' action"),
                Arguments.of("core dump on reboot", HEAD + MEM_OS
                        + "<on_reboot>coredump-restart</on_reboot></domain>", ErrorCode.CONFIG_UNSUPPORTED,
                        "unsupported configuration: Lifecycle event 'reboot' doesn't support 'coredump-restart' action"),
                Arguments.of("bad clock", HEAD + MEM_OS + "<clock offset='foo'/></domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unknown clock offset 'foo'"),
                Arguments.of("bad feature", HEAD + MEM_OS + "<features><foo/></features></domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: unexpected feature 'foo'"),
                Arguments.of("bad cpu mode", HEAD + MEM_OS + "<cpu mode='foo'/></domain>",
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Invalid mode attribute 'foo'"),
                Arguments.of("multicast mac", vm("<interface type='network'><mac address='01:00:00:00:00:01'/>"
                        + "<source network='default'/></interface>"), ErrorCode.XML_ERROR,
                        "XML error: expected unicast mac address, found multicast '01:00:00:00:00:01'"),
                Arguments.of("malformed mac", vm("<interface type='network'><mac address='zz'/>"
                        + "<source network='default'/></interface>"), ErrorCode.XML_ERROR,
                        "XML error: unable to parse mac address 'zz'"),
                Arguments.of("bad interface type", vm("<interface type='foo'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'type' in element 'interface': 'foo'."),
                Arguments.of("network without source", vm("<interface type='network'/>"), ErrorCode.XML_ERROR,
                        "XML error: interface type='network' requires a 'source' element"),
                Arguments.of("bridge without source", vm("<interface type='bridge'/>"), ErrorCode.XML_ERROR,
                        "XML error: interface type='bridge' requires a 'source' element"),
                Arguments.of("bad mtu", vm("<interface type='user'><mtu size='abc'/></interface>"),
                        ErrorCode.XML_ERROR, "XML error: malformed mtu size"),
                Arguments.of("bad managed", vm("<interface type='ethernet'><target dev='t' managed='maybe'/>"
                        + "</interface>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'managed' in element 'target': 'maybe'."),
                Arguments.of("bad disk type", vm("<disk type='foo'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'type' in element 'disk': 'foo'."),
                Arguments.of("bad disk device", vm("<disk type='file' device='foo'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'device' in element 'disk': 'foo'."),
                Arguments.of("disk without target", vm("<disk type='file'><source file='/a'/></disk>"),
                        ErrorCode.NO_TARGET, "missing target information for device /a"),
                Arguments.of("disk without source", vm("<disk type='file' device='disk'><target dev='vda'/></disk>"),
                        ErrorCode.NO_SOURCE, "missing source information for device vda"),
                Arguments.of("filesystem without source", vm("<filesystem type='mount'><target dir='/'/>"
                        + "</filesystem>"), ErrorCode.NO_SOURCE, "missing source information for device /"),
                Arguments.of("filesystem without target", vm("<filesystem type='mount'><source dir='/'/>"
                        + "</filesystem>"), ErrorCode.NO_TARGET, "missing target information for device /"),
                Arguments.of("bad serial type", vm("<serial type='foo'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                        "unsupported configuration: unknown type presented to host for character device: foo"),
                Arguments.of("bad graphics type", vm("<graphics type='foo'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'type' in element 'graphics': 'foo'."),
                Arguments.of("bad vnc port", vm("<graphics type='vnc' port='abc'/>"), ErrorCode.INTERNAL_ERROR,
                        "internal error: cannot parse vnc port abc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void rejectsBadDefinitionsAsLibvirtDoes(String what, String xml, ErrorCode code, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(xml))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void xmlThatIsNotWellFormedIsAParserDetailWithTheLine() {
        assertThatThrownBy(() -> DomainXmlCodec.parse("<domain type='test'>\n<name>x</name>"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                    assertThat(e.getMessage()).startsWith("(domain_definition):2: ").contains("domain");
                });
        assertThatThrownBy(() -> DomainXmlCodec.parse("not xml at all"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
    }

    @Test
    void emptyInputIsAnInvalidArgument() {
        for (String xml : new String[] {null, "", "  \n"}) {
            assertThatThrownBy(() -> DomainXmlCodec.parse(xml))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
        }
    }

    /** No DTD means no entity: neither a file read (XXE) nor an expansion bomb gets through. */
    @Test
    void rejectsExternalEntitiesWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY xxe SYSTEM '" + secret.toUri() + "'>]>\n"
                + "<domain type='test'><name>&xxe;</name>" + MEM_OS + "</domain>";

        assertThatThrownBy(() -> DomainXmlCodec.parse(xxe))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                    assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
                });
    }

    @Test
    void rejectsEntityExpansionBombsAndAnyDtd() {
        String bomb = "<!DOCTYPE domain [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
                + "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><domain type='test'><name>&c;</name>" + MEM_OS
                + "</domain>";
        String externalDtd = "<!DOCTYPE domain SYSTEM 'http://127.0.0.1:1/domain.dtd'><domain type='test'>"
                + "<name>x</name>" + MEM_OS + "</domain>";
        for (String xml : new String[] {bomb, externalDtd}) {
            assertThatThrownBy(() -> DomainXmlCodec.parse(xml))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
        }
    }

    @Test
    void theRecordItselfRefusesBadNamesAndMemory() {
        DomainOs hvm = DomainOs.ofType("hvm");
        assertThatThrownBy(() -> DomainDefinition.of("test", "a\0b", 1024, 1, hvm))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
        assertThatThrownBy(() -> DomainDefinition.of("test", "a/b", 1024, 1, hvm))
                .hasMessage("XML error: name a/b cannot contain '/'");
        assertThatThrownBy(() -> DomainDefinition.of("test", null, 1024, 1, hvm))
                .hasMessage("missing name information");
        assertThatThrownBy(() -> DomainDefinition.of("test", "ok", 0, 1, hvm))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
        assertThatThrownBy(() -> DomainDefinition.of("test", "ok", 1024, 0, hvm))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
        assertThatThrownBy(() -> DomainDefinition.of("test", "ok", 1024, 1, hvm).withName(""))
                .hasMessage("missing name information");
    }

    @Test
    void uuidsAreReadAsLibvirtDoes() {
        UUID expected = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(DomainXmlCodec.parseUuidText("6695eb01f6a4830479aa97f2502e193f")).isEqualTo(expected);
        assertThat(DomainXmlCodec.parseUuidText("  6695EB01-F6A4-8304-79AA-97F2502E193F \n")).isEqualTo(expected);
        assertThat(DomainXmlCodec.parseUuidText("1-2-3-4-5")).isNull();
        assertThat(DomainXmlCodec.parseUuidText("6695eb01-f6a4-8304-79aa-97f2502e193f00")).isNull();
        assertThat(DomainXmlCodec.parseUuidText("6695eb01-f6a4-8304-79aa-97f2502e193g")).isNull();
    }
}
