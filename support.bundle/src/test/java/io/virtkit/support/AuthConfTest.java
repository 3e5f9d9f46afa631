package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

class AuthConfTest {

    private static final String FILE = """
            # credentials for the lab
            [credentials-lab]
            username=root
            password=s3cret

            [auth-esx-esx1.example.org]
            credentials=lab

            [auth-hyperv-hv1]
            credentials=missing
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void answersFromTheCredentialSetTheServiceAndHostName() throws IOException {
        AuthConf conf = AuthConf.read(write("auth.conf", FILE));

        assertThat(conf.lookup("esx", "esx1.example.org", CredentialType.USERNAME)).hasValue("root");
        assertThat(conf.lookup("esx", "esx1.example.org", CredentialType.PASSPHRASE)).hasValue("s3cret");
        assertThat(conf.lookup("esx", "esx1.example.org", CredentialType.REALM)).isEmpty();
        assertThat(conf.lookup("esx", "esx2.example.org", CredentialType.USERNAME)).isEmpty();
        assertThatThrownBy(() -> conf.lookup("hyperv", "hv1", CredentialType.USERNAME))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONF_SYNTAX))
                .hasMessageContaining("missing credentials group 'credentials-missing'");
    }

    @Test
    void theFileAnswersFirstAndTheCallerOnlyTheRest() throws IOException {
        AuthConf conf = AuthConf.read(write("auth.conf", FILE));
        List<String> asked = new ArrayList<>();
        Credential user = new Credential(CredentialType.USERNAME, "user", null, null);
        Credential realm = new Credential(CredentialType.REALM, "realm", null, null);

        conf.answering("esx", "esx1.example.org", creds -> creds.forEach(c -> {
            asked.add(c.prompt());
            c.answer("lab");
        })).answer(List.of(user, realm));

        assertThat(user.result()).isEqualTo("root");
        assertThat(realm.result()).isEqualTo("lab");
        assertThat(asked).containsExactly("realm");
        assertThatThrownBy(() -> conf.answering("esx", "other", null)
                .answer(List.of(new Credential(CredentialType.PASSPHRASE, "pw", null, null))))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
    }

    @Test
    void theFileIsFoundInLibvirtsOrder() throws IOException {
        Path env = write("env.conf", FILE);
        Path param = write("param.conf", FILE);
        Path xdg = Files.createDirectories(dir.resolve("xdg/libvirt"));
        Files.writeString(xdg.resolve("auth.conf"), FILE);
        URI uri = URI.create("esx://esx1.example.org/?authfile=" + param);

        assertThat(AuthConf.find(uri, Map.of("LIBVIRT_AUTH_FILE", env.toString())).orElseThrow().file()).isEqualTo(env);
        assertThat(AuthConf.find(uri, Map.of()).orElseThrow().file()).isEqualTo(param);
        assertThat(AuthConf.find(URI.create("esx://h/"), Map.of("XDG_CONFIG_HOME", dir.resolve("xdg").toString()))
                .orElseThrow().file()).isEqualTo(xdg.resolve("auth.conf"));
        // nothing named, nothing in XDG: the system file, if this host has one
        Path system = Path.of("/etc/libvirt/auth.conf");
        assertThat(AuthConf.find(URI.create("esx://h/"), Map.of("XDG_CONFIG_HOME", dir.resolve("none").toString()))
                .map(AuthConf::file)).isEqualTo(Files.isRegularFile(system) ? java.util.Optional.of(system)
                        : java.util.Optional.empty());
    }

    @Test
    void aBrokenFileIsAConfigurationSyntaxErrorNamingTheLine() throws IOException {
        Path broken = write("broken.conf", "[credentials-a]\nusername root\n");

        assertThatThrownBy(() -> AuthConf.read(broken))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONF_SYNTAX))
                .hasMessage("configuration file syntax error: " + broken + ":2: expected key=value");
        assertThatThrownBy(() -> AuthConf.read(dir.resolve("nope.conf")))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OPEN_FAILED));
    }
}
