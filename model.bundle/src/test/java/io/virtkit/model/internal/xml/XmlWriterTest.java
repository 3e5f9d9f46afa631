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
}
