package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

class HostCredentialsTest {

    @TempDir
    Path dir;

    /** A callback that answers each question with the next answer and keeps what it was asked. */
    private static final class Answers implements AuthCallback {
        final List<Credential> asked = new ArrayList<>();
        private final Set<CredentialType> types;
        private final List<String> answers;

        Answers(Set<CredentialType> types, String... answers) {
            this.types = types;
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public Set<CredentialType> types() {
            return types;
        }

        @Override
        public void answer(List<Credential> credentials) {
            credentials.forEach(c -> {
                asked.add(c);
                c.answer(answers.remove(0));
            });
        }
    }

    @Test
    void authConfAnswersBeforeTheCallerIsAsked() throws Exception {
        Path file = Files.writeString(dir.resolve("auth.conf"), "[credentials-hv]\nusername=ops\npassword=s3cret\n"
                + "[auth-hyperv-hv1]\ncredentials=hv\n");
        Answers caller = new Answers(EnumSet.allOf(CredentialType.class));
        // the file libvirt's order finds comes before the one the driver's configuration names
        Optional<AuthConf> conf = AuthConf.find(dir.toUri(), java.util.Map.of("LIBVIRT_AUTH_FILE", file.toString()),
                dir.resolve("configured-auth.conf"));
        assertThat(conf).map(AuthConf::file).contains(file);
        HostCredentials found = HostCredentials.find(conf, "hyperv", "hv1", null, "administrator", caller,
                ErrorDomain.HYPERV);
        assertThat(found.user()).isEqualTo("ops");
        assertThat(found.password()).containsExactly("s3cret".toCharArray());
        assertThat(caller.asked).isEmpty();
    }

    @Test
    void theCallerIsOfferedTheDefaultUserAndAskedThePasswordMaskedWhenThatIsAllItCanAsk() {
        Answers console = new Answers(EnumSet.of(CredentialType.USERNAME, CredentialType.NOECHOPROMPT), "", "pw");
        HostCredentials found = HostCredentials.find(Optional.empty(), "esx", "esx1", null, "root", console,
                ErrorDomain.ESX);
        assertThat(found.user()).isEqualTo("root");
        assertThat(found.password()).containsExactly("pw".toCharArray());
        assertThat(console.asked).extracting(Credential::type, Credential::prompt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CredentialType.USERNAME, "Enter username for esx1"),
                org.assertj.core.groups.Tuple.tuple(CredentialType.NOECHOPROMPT, "Enter root's password for esx1"));
    }

    @Test
    void theUrisUserIsTakenAndNobodyToAskIsLibvirtsAuthFailure() {
        assertThatThrownBy(() -> HostCredentials.find(Optional.empty(), "hyperv", "hv1", "admin", null, null,
                ErrorDomain.HYPERV)).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                    assertThat(e.getMessage()).contains("Password request failed");
                });
        assertThatThrownBy(() -> HostCredentials.find(Optional.empty(), "hyperv", "hv1", null, null,
                new Answers(EnumSet.of(CredentialType.PASSPHRASE)), ErrorDomain.HYPERV))
                .hasMessageContaining("Username request failed");
    }
}
