package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

class ConsoleAuthTest {

    private final List<String> prompts = new ArrayList<>();
    private final List<Character> masks = new ArrayList<>();

    private Session typing(String... lines) {
        Deque<String> input = new ArrayDeque<>(List.of(lines));
        return Fakes.of(Session.class, Map.of("readLine", a -> {
            prompts.add((String) a[0]);
            masks.add((Character) a[1]);
            return input.poll();
        }));
    }

    @Test
    void asksEachQuestionOnItsOwnLineAndHidesSecrets() {
        Credential user = new Credential(CredentialType.AUTHNAME, "Enter username for esx1", null, "root");
        Credential pass = new Credential(CredentialType.PASSPHRASE, "Enter root's password for esx1", null, null);

        new ConsoleAuth(typing("admin", "s3cret")).answer(List.of(user, pass));

        assertThat(prompts).containsExactly("Enter username for esx1 [root]: ", "Enter root's password for esx1: ");
        assertThat(masks).containsExactly(null, '*');
        assertThat(user.result()).isEqualTo("admin");
        assertThat(pass.result()).isEqualTo("s3cret");
    }

    @Test
    void anEmptyLineTakesTheProposedAnswer() {
        Credential user = new Credential(CredentialType.AUTHNAME, "Enter username for esx1", null, "root");

        new ConsoleAuth(typing("")).answer(List.of(user));

        assertThat(user.result()).isEqualTo("root");
    }

    @Test
    void endOfInputCancels() {
        Credential pass = new Credential(CredentialType.PASSPHRASE, "Password", null, null);

        assertThatThrownBy(() -> new ConsoleAuth(typing()).answer(List.of(pass)))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_CANCELLED))
                .hasMessage("authentication cancelled: no answer for 'Password'");
        assertThat(pass.result()).isNull();
    }
}
