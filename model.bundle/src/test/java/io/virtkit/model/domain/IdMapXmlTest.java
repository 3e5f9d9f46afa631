package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** libvirt's {@code <idmap>} (a container's user namespace mapping) through the domain codec. */
class IdMapXmlTest {

    private static String container(String idmap) {
        return "<domain type='lxc'><name>ct</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/sbin/init</init></os>" + idmap
                + "<devices><filesystem type='mount'><source dir='/srv/ct'/><target dir='/'/></filesystem></devices>"
                + "</domain>";
    }

    @Test
    void parsesFormatsAndReparsesAnIdmap() {
        DomainDefinition def = DomainXmlCodec.parse(container("<idmap>"
                + "<uid start='1000' target='200000' count='10'/><uid start='0' target='100000' count='1000'/>"
                + "<gid start='0' target='100000' count='65536'/></idmap>"));

        assertThat(def.idmap().uids()).as("sorted by start").containsExactly(
                new IdMap.Range(0, 100000, 1000), new IdMap.Range(1000, 200000, 10));
        assertThat(def.idmap().gids()).containsExactly(new IdMap.Range(0, 100000, 65536));

        String xml = DomainXmlCodec.format(def);
        assertThat(xml).contains("<idmap>", "<uid start='0' target='100000' count='1000'/>",
                "<uid start='1000' target='200000' count='10'/>", "<gid start='0' target='100000' count='65536'/>",
                "</idmap>");
        assertThat(DomainXmlCodec.parse(xml)).isEqualTo(def);
    }

    @Test
    void aDomainWithoutIdmapHasNoneAndWritesNone() {
        DomainDefinition def = DomainXmlCodec.parse(container(""));
        assertThat(def.idmap()).isNull();
        assertThat(DomainXmlCodec.format(def)).doesNotContain("idmap");

        DomainDefinition mapped = def.withIdmap(IdMap.shifted(100000, 65536));
        assertThat(mapped.idmap().uids()).containsExactly(new IdMap.Range(0, 100000, 65536));
        assertThat(mapped.withName("other").idmap()).as("kept by the other copies").isEqualTo(mapped.idmap());
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(mapped))).isEqualTo(mapped);
    }

    @Test
    void theFormattedIdmapIsValidForLibvirtsSchema(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ct.xml");
        Files.writeString(file, DomainXmlCodec.format(
                DomainXmlCodec.parse(container("")).withIdmap(IdMap.shifted(100000, 65536))));
        DomainXmlSchemaTest.Result r = DomainXmlSchemaTest.validate(file);
        assertThat(r.exitCode()).as("virt-xml-validate: %s", r.output()).isZero();
    }

    @Test
    void anIdmapThatDoesNotMapRootIsRefusedAsLibvirtDoes() {
        // libvirt 9.0's words and code (VIR_ERR_CONFIG_UNSUPPORTED), for users and groups alike
        for (String idmap : List.of(
                "<uid start='1' target='100000' count='10'/><gid start='0' target='100000' count='10'/>",
                "<uid start='0' target='100000' count='10'/><gid start='5' target='100000' count='10'/>")) {
            assertThatThrownBy(() -> DomainXmlCodec.parse(container("<idmap>" + idmap + "</idmap>")))
                    .as(idmap).isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                        assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                        assertThat(e.getMessage())
                                .isEqualTo("unsupported configuration: You must map the root user of container");
                    });
        }
    }

    @Test
    void usersWithoutGroupsOrGroupsWithoutUsersAreRefusedAsLibvirtDoes() {
        for (String idmap : List.of("<uid start='0' target='100000' count='10'/>",
                "<gid start='0' target='100000' count='10'/>")) {
            assertThatThrownBy(() -> DomainXmlCodec.parse(container("<idmap>" + idmap + "</idmap>")))
                    .as(idmap).isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                        assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                        assertThat(e.getMessage())
                                .isEqualTo("unsupported configuration: uid and gid should be mapped both");
                    });
        }
        assertThatThrownBy(() -> new IdMap(List.of(new IdMap.Range(0, 100000, 10)), List.of()))
                .isInstanceOf(VirtException.class).hasMessageContaining("uid and gid should be mapped both");
    }

    @Test
    void anEmptyIdmapIsNoneAsInLibvirt() {
        assertThat(DomainXmlCodec.parse(container("<idmap/>")).idmap()).isNull();
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(container("<idmap></idmap>")))).doesNotContain("idmap");
    }

    @Test
    void badRangesAreRefused() {
        String gid = "<gid start='0' target='100000' count='10'/>";
        for (String bad : List.of("<uid start='0' target='100000'/>", "<uid start='0' target='x' count='1'/>")) {
            assertThatThrownBy(() -> DomainXmlCodec.parse(container("<idmap>" + bad + gid + "</idmap>")))
                    .as(bad).isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
                        assertThat(e.getMessage()).isEqualTo("XML error: invalid idmap start/target/count settings");
                    });
        }
        assertThatThrownBy(() -> DomainXmlCodec.parse(container(
                "<idmap><uid start='0' target='1' count='0'/>" + gid + "</idmap>")))
                .isInstanceOf(VirtException.class).hasMessageContaining("invalid idmap range");
        assertThatThrownBy(() -> DomainXmlCodec.parse(container(
                "<idmap><uid start='0' target='100000' count='10'/><uid start='5' target='300000' count='10'/>"
                        + gid + "</idmap>")))
                .isInstanceOf(VirtException.class).hasMessage("XML error: idmap ranges overlap at start='5'");
    }
}
