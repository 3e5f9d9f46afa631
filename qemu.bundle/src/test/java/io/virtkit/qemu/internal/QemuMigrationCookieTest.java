package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** The migration cookie: what one side writes the other reads back, and libvirt's refusals. */
class QemuMigrationCookieTest {

    private static final UUID HERE = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID THERE = UUID.fromString("66666666-7777-4888-8999-aaaaaaaaaaaa");
    private static final UUID DOMAIN = UUID.fromString("0b0b0b0b-0000-4000-8000-000000000001");

    @Test
    void whatTheSourceWritesTheDestinationReadsBackWithTheXmlIntact() {
        String xml = "<domain type='qemu'><name>a&amp;b</name><description>x < y</description></domain>";
        QemuMigrationCookie sent = new QemuMigrationCookie("a&b", DOMAIN, "src-host", THERE, xml, "<domain/>");
        QemuMigrationCookie read = QemuMigrationCookie.parse(sent.toBytes(), HERE);
        assertThat(read).isEqualTo(sent);
        assertThat(new String(sent.toBytes(), StandardCharsets.UTF_8)).startsWith("<virtkit-migration>");
    }

    @Test
    void aCookieFromThisHostIsRefusedInLibvirtsWords() {
        byte[] own = QemuMigrationCookie.reply("g", DOMAIN, "h", HERE).toBytes();
        assertThatThrownBy(() -> QemuMigrationCookie.parse(own, HERE)).isInstanceOf(VirtException.class)
                .hasMessage("internal error: Attempt to migrate guest to the same host " + HERE)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void missingOrMalformedPartsAreRefused() {
        assertThatThrownBy(() -> QemuMigrationCookie.parse(new byte[0], HERE))
                .hasMessage("internal error: missing migration cookie");
        assertThatThrownBy(() -> QemuMigrationCookie.parse(bytes("<virtkit-migration><name>g</name><uuid>" + DOMAIN
                + "</uuid><hostname>h</hostname></virtkit-migration>"), HERE))
                .hasMessage("internal error: missing hostuuid element in migration data");
        assertThatThrownBy(() -> QemuMigrationCookie.parse(bytes("<virtkit-migration><name>g</name><uuid>" + DOMAIN
                + "</uuid><hostname>h</hostname><hostuuid>nope</hostuuid></virtkit-migration>"), HERE))
                .hasMessage("internal error: malformed hostuuid element in migration data");
        assertThatThrownBy(() -> QemuMigrationCookie.parse(bytes("<qemu-migration/>"), HERE))
                .hasMessageContaining("unexpected migration cookie root element");
        assertThatThrownBy(() -> QemuMigrationCookie.parse(bytes("<virtkit-migration>"), HERE))
                .hasMessageStartingWith("internal error: cannot parse migration cookie");
        // no entity tricks
        assertThatThrownBy(() -> QemuMigrationCookie.parse(bytes("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                + "<virtkit-migration><name>&e;</name></virtkit-migration>"), HERE))
                .hasMessageStartingWith("internal error: cannot parse migration cookie");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
