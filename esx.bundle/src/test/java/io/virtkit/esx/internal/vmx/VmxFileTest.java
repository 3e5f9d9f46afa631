package io.virtkit.esx.internal.vmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

class VmxFileTest {

    @Test
    void readsKeysIgnoringCaseWithTheFirstEntryWinningAndKeepsComments() {
        VmxFile vmx = VmxFile.parse("""
                # made by hand
                .encoding = "UTF-8"
                displayName = "a" # trailing words
                DISPLAYNAME = "b"
                scsi0:1.fileName = 'single quoted'
                """);

        assertThat(vmx.get("displayname")).isEqualTo("a");
        assertThat(vmx.get("SCSI0:1.FILENAME")).isEqualTo("single quoted");
        assertThat(vmx.get("absent")).isNull();
        assertThat(vmx.keys()).containsExactly(".encoding", "displayName", "DISPLAYNAME", "scsi0:1.fileName");
        assertThat(vmx.entries().get(0).comment()).isEqualTo(" made by hand");
        assertThat(vmx.entries().get(2).comment()).isEqualTo(" trailing words");
    }

    @Test
    void refusesWhatLibvirtsParserRefusesWithItsWords() {
        assertSyntax("memsize = 512\n", "memory conf:1: numbers not allowed in VMX format");
        assertSyntax("a = \"1\"\nb = [ \"x\" ]\n", "memory conf:2: lists not allowed in VMX format");
        assertSyntax("a \"1\"\n", "memory conf:1: expecting an assignment");
        assertSyntax("9a = \"1\"\n", "memory conf:1: expecting a name");
        assertSyntax("a = \"open\n", "memory conf:1: unterminated string");
        assertSyntax("a = \"1\" b = \"2\"\n", "memory conf:1: expecting a separator");
    }

    private static void assertSyntax(String text, String detail) {
        assertThatThrownBy(() -> VmxFile.parse(text)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONF_SYNTAX);
            assertThat(e.getMessage()).isEqualTo("configuration file syntax error: " + detail);
        });
    }

    @Test
    void decodesBytesInTheEncodingTheFileNames() {
        String text = ".encoding = \"windows-1252\"\ndisplayName = \"Grüße\"\n";
        VmxFile vmx = VmxFile.parse(text.getBytes(Charset.forName("windows-1252")));

        assertThat(vmx.get("displayName")).isEqualTo("Grüße");
        assertThat(VmxFile.parse("displayName = \"Grüße\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .get("displayName")).isEqualTo("Grüße");
        assertThatThrownBy(() -> VmxFile.parse(".encoding = \"klingon-8\"\n".getBytes()))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("internal error: libxml2 doesn't handle klingon-8 encoding"));
    }

    @Test
    void hexEscapesGoBothWaysAsVmwareAndLibvirtWriteThem() {
        assertThat(VmxFile.escapeHex("a \"b\" |c", '|', "\"")).isEqualTo("a |22b|22 |7cc");
        assertThat(VmxFile.escapeHex("50% a/b\\c", '%', "/\\")).isEqualTo("50%25 a%2fb%5cc");
        assertThat(VmxFile.unescapeHex("a |22b|22 |7Cc|0A", '|')).isEqualTo("a \"b\" |c\n");
        assertThat(VmxFile.unescapeHex("|c3|a4rger", '|')).isEqualTo("ärger");
        assertThat(VmxFile.unescapeHex("bad |2", '|')).isNull();
        assertThat(VmxFile.unescapeHex("bad |zz", '|')).isNull();
    }

    @Test
    void writesEntriesInOrderAndEscapesWhatQuotesCannotHold() {
        VmxFile vmx = new VmxFile.Builder().put(".encoding", "UTF-8").put("annotation", "say \"hi\"\nbye").build();

        String text = vmx.format();

        assertThat(text).isEqualTo(".encoding = \"UTF-8\"\nannotation = \"say |22hi|22|0Abye\"\n");
        assertThat(VmxFile.parse(text).get("annotation")).isEqualTo("say |22hi|22|0Abye");
    }
}
