package io.virtkit.xen.internal.xl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XlConfigTest {

    @Test
    void readsStringsNumbersListsAndComments() {
        XlConfig config = XlConfig.parse("""
                # a comment line
                name = "web 1"   # trailing comment
                memory = 512; vcpus = 0x2
                kernel='/boot/vmlinuz "x"'
                disk = [ 'a,b',
                         "c", ]
                vnuma = [ [ "pnode=0", "size=512" ], [] ]
                empty = []
                """);

        assertThat(config.keys()).containsExactly("name", "memory", "vcpus", "kernel", "disk", "vnuma", "empty");
        assertThat(config.get("name")).isEqualTo(XlValue.string("web 1"));
        assertThat(config.get("memory")).isEqualTo(new XlValue.Atom("512", false));
        assertThat(new XlEntries(config).ulong("vcpus", 1)).isEqualTo(2);
        assertThat(config.get("kernel")).isEqualTo(XlValue.string("/boot/vmlinuz \"x\""));
        assertThat(config.get("disk")).isEqualTo(XlValue.strings(List.of("a,b", "c")));
        assertThat(config.get("vnuma")).isEqualTo(new XlValue.XlList(List.of(
                XlValue.strings(List.of("pnode=0", "size=512")), new XlValue.XlList(List.of()))));
        assertThat(config.get("empty")).isEqualTo(new XlValue.XlList(List.of()));
    }

    @Test
    void unescapesAsLibxlDoes() {
        XlConfig config = XlConfig.parse("a = \"tab\\there\\nline \\\\ \\x41\\101 \\\"q\\\"\"\nb = 'it\\'s'\n");

        assertThat(new XlEntries(config).string("a", null)).isEqualTo("tab\there\nline \\ AA \"q\"");
        assertThat(new XlEntries(config).string("b", null)).isEqualTo("it's");
    }

    @Test
    void keepsTheLastValueAndAppendsWithPlusEquals() {
        XlConfig config = XlConfig.parse("""
                memory = 256
                extra = "console=hvc0"
                extra += " quiet"
                disk = [ "a" ]
                disk += [ "b" ]
                memory = 512
                """);

        assertThat(config.keys()).containsExactly("memory", "extra", "disk");
        assertThat(config.get("memory")).isEqualTo(new XlValue.Atom("512", false));
        assertThat(config.get("extra")).isEqualTo(XlValue.string("console=hvc0 quiet"));
        assertThat(config.get("disk")).isEqualTo(XlValue.strings(List.of("a", "b")));
    }

    @Test
    void writesWhatItReadsBack() {
        XlConfig config = new XlConfig().set("name", "a \"quoted\" \\ name").set("memory", 1024)
                .set("disk", XlValue.strings(List.of("format=raw,vdev=xvda,target=/x y", "b")));

        String text = config.format();

        assertThat(text).isEqualTo("""
                name = "a \\"quoted\\" \\\\ name"
                memory = 1024
                disk = [ "format=raw,vdev=xvda,target=/x y", "b" ]
                """);
        assertThat(XlConfig.parse(text).settings()).isEqualTo(config.settings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"name = \"open\n", "name = bare\n", "= 1\n", "name 1\n", "disk = [ 'a' 'b' ]\n",
        "disk = [ 'a',\n", "a = 1 2\n", "a = 'x\\q'\n", "a = [ 1 ]\na += 'x'\n",
        // found by XlConfigFuzzTest: a name at the very end ran past the text (StringIndexOutOfBoundsException)
        "name", "a = 1\nname"})
    void refusesWhatLibxlRefuses(String text) {
        assertThatThrownBy(() -> XlConfig.parse(text)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONF_SYNTAX));
    }

    @Test
    void saysWhereTheSyntaxErrorIs() {
        assertThatThrownBy(() -> XlConfig.parse("name = \"a\"\n\nmemory = \n"))
                .hasMessage("configuration file syntax error: memory conf:3: expecting a value");
    }
}
