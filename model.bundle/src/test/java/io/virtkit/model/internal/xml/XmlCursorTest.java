package io.virtkit.model.internal.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The strict reader and the keys it reads by: a codec reads only what it declares; the rest is listed or refused. */
class XmlCursorTest {
    private static final XmlKeys KEYS = XmlKeys.of(List.of("a@x", "a/b@y", "a/c"), XmlCursorTest.class,
            "sample-not-modelled.txt");

    private static Element doc(String xml) {
        return SecureXml.read(xml, ErrorDomain.DOMAIN, "(test)").getDocumentElement();
    }

    @Test
    void readsDeclaredKeysWithTheirPaths() {
        XmlCursor a = XmlCursor.root(doc("<a x='1'><b y='2'/><b y='3'/><c>text</c><n:z xmlns:n='urn:ns'/></a>"),
                KEYS);
        assertThat(a.attr("x")).isEqualTo("1");
        assertThat(a.has("x")).isTrue();
        assertThat(a.children("b")).extracting(b -> b.attr("y")).containsExactly("2", "3");
        assertThat(a.child("b").path()).isEqualTo("a/b");
        assertThat(a.childText("c")).isEqualTo("text");
        assertThat(a.children()).extracting(XmlCursor::name).containsExactly("b", "b", "c");
        assertThat(a.child("b").attrOrEmpty("y")).isEqualTo("2");
    }

    @Test
    void readingAnUndeclaredKeyIsACodecBug() {
        XmlCursor a = XmlCursor.root(doc("<a x='1' w='2'><d/></a>"), KEYS);
        assertThatThrownBy(() -> a.attr("w")).isInstanceOf(IllegalStateException.class).hasMessageContaining("a@w");
        assertThatThrownBy(() -> a.child("d")).isInstanceOf(IllegalStateException.class).hasMessageContaining("a/d");
    }

    @Test
    void theListReadsDroppedAndRefusedKeys() {
        assertThat(KEYS.dropped()).containsExactlyInAnyOrder("a/dropped", "a/b@dropped", "a/{urn:ns}");
        assertThat(KEYS.refused()).containsExactly("a/refused");
        assertThat(KEYS.isModelledElement("a/b")).isTrue();
        assertThat(KEYS.isModelled("a/b@y")).isTrue();
        assertThat(KEYS.isModelled("a/b@dropped")).isFalse();
    }

    @Test
    void theCheckDropsListedKeysAndRefusesTheRest() {
        KEYS.check(doc("<a x='1' xmlns:n='urn:ns'><b y='2' dropped='3'/><dropped><any thing='x'/></dropped>"
                + "<n:z/><c>t</c></a>"), ErrorDomain.DOMAIN);
        assertRefused("<a><refused/></a>", "element 'a/refused' is not supported");
        assertRefused("<a><b z='1'/></a>", "attribute 'z' of element 'a/b' is not supported");
        assertRefused("<a><c><e/></c></a>", "element 'a/c/e' is not supported");
        assertRefused("<a><m:z xmlns:m='urn:other'/></a>", "element 'a/{urn:other}z' is not supported");
    }

    private static void assertRefused(String xml, String message) {
        assertThatThrownBy(() -> KEYS.check(doc(xml), ErrorDomain.NETWORK)).isInstanceOfSatisfying(
                VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                    assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + message);
                });
    }
}
