package io.virtkit.model.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlWriterTest {

    @Test
    void dropsWhatXmlCannotHoldAndEscapesTheRest() {
        // found by VmxFuzzTest: a VMX value with a vertical tab made domain XML no parser reads
        XmlWriter w = new XmlWriter();
        w.text("description", "a\u000bb\u0001c\tn\n<&'\"\uFFFF", "note", "x\u001fy");

        assertThat(w.toString()).isEqualTo("<description note='xy'>abc\tn\n&lt;&amp;&apos;&quot;</description>\n");
    }

    @Test
    void writesWhatAParserWouldNormalizeAsCharacterReferences() {
        // found by VmxFuzzTest: a tab in a VMX file name became a space when the domain XML was read back
        XmlWriter w = new XmlWriter();
        w.text("description", "a\tb\r\nc", "file", "x\ty\nz\r");

        assertThat(w.toString()).isEqualTo("<description file='x&#9;y&#10;z&#13;'>a\tb&#13;\nc</description>\n");
    }
}
