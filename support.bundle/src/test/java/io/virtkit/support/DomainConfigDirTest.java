package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;

class DomainConfigDirTest {

    @TempDir
    Path tmp;

    private final DomainDefinition web = DomainDefinition.of("kvm", "web", 1024, 1, DomainOs.ofType("hvm"));

    @Test
    void savesDefinitionsThatParseBackAndListsThemSorted() throws IOException {
        DomainConfigDir dir = new DomainConfigDir(tmp.resolve("qemu"), ErrorDomain.QEMU);
        assertThat(dir.configFiles()).isEmpty(); // the directory does not exist yet

        dir.save(web);
        dir.save(DomainDefinition.of("kvm", "db", 512, 1, DomainOs.ofType("hvm")));
        Files.createDirectories(dir.dir().resolve("not-a-file.xml"));

        assertThat(dir.configFiles()).containsExactly(dir.configFile("db"), dir.configFile("web"));
        assertThat(DomainXmlCodec.parse(Files.readString(dir.configFile("web"))).uuid()).isEqualTo(web.uuid());
    }

    @Test
    void autostartMarkersComeAndGoAndDeleteRemovesBoth() throws IOException {
        DomainConfigDir dir = new DomainConfigDir(tmp, ErrorDomain.LXC);
        dir.save(web);

        dir.setAutostart("web", web.uuid(), true);
        dir.setAutostart("web", web.uuid(), true);
        assertThat(dir.isAutostart("web")).isTrue();
        assertThat(Files.readString(dir.autostartFile("web"))).isEqualTo(web.uuid() + "\n");
        dir.setAutostart("web", web.uuid(), false);
        assertThat(dir.isAutostart("web")).isFalse();

        dir.setAutostart("web", web.uuid(), true);
        dir.delete("web");
        dir.delete("web");
        assertThat(dir.configFile("web")).doesNotExist();
        assertThat(dir.isAutostart("web")).isFalse();
    }

    @Test
    void undefineAndAutostartOfARecordRefuseATransientDomain() throws IOException {
        DomainConfigDir dir = new DomainConfigDir(tmp, ErrorDomain.QEMU);
        DomainObjectListTest.Dom persistent = new DomainObjectListTest.Dom("web", true);
        DomainObjectListTest.Dom transientOne = new DomainObjectListTest.Dom("tmp", false);
        dir.save(persistent.definition());

        dir.setAutostart(persistent, true);
        assertThat(persistent.isAutostart()).isTrue();
        assertThat(dir.isAutostart("web")).isTrue();
        dir.undefine(persistent);
        assertThat(persistent.isAutostart()).isFalse();
        assertThat(dir.configFile("web")).doesNotExist();
        assertThat(dir.isAutostart("web")).isFalse();

        assertOperationInvalid(() -> dir.setAutostart(transientOne, true), "cannot set autostart for transient domain");
        assertOperationInvalid(() -> dir.undefine(transientOne), "cannot undefine transient domain");
        assertThat(transientOne.isAutostart()).isFalse();
        assertThat(dir.isAutostart("tmp")).isFalse();
    }

    private static void assertOperationInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
            assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void failuresAreSystemErrorsOfTheDriver() throws IOException {
        Path blocked = Files.writeString(tmp.resolve("blocked"), "a file where the directory should be");
        DomainConfigDir dir = new DomainConfigDir(blocked, ErrorDomain.LXC);

        assertThatThrownBy(() -> dir.save(web)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
            assertThat(e.domain()).isEqualTo(ErrorDomain.LXC);
            assertThat(e.getMessage()).contains("cannot write domain configuration '" + dir.configFile("web") + "'");
        });
        assertThatThrownBy(() -> dir.setAutostart("web", web.uuid(), true))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("Failed to create autostart link '" + dir.autostartFile("web") + "'");
    }
}
