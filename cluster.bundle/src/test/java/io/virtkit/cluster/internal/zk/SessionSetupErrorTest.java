package io.virtkit.cluster.internal.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.cluster.internal.ClusterEventBus;

/** A file the session needs and cannot read: the component still activates and says which file, as libvirt does. */
class SessionSetupErrorTest {

    private static ClusterSessionService session(Path dir, Map<String, Object> values) {
        return new ClusterSessionService(TestConfigs.cluster(values), dir, new ClusterEventBus());
    }

    @Test
    void aMissingSecretFileIsNamedInTheStatus(@TempDir Path dir) {
        Path secret = dir.resolve("cluster-secret");
        ClusterSessionService s = session(dir, Map.of("mode", "external", "connectString", "127.0.0.1:21901",
                "tlsEnabled", false, "secretFile", secret.toString(), "hostname", "alone"));
        try {
            assertThat(s.hasQuorum()).isFalse();
            assertThat(s.status().mode()).isEqualTo(ClusterMode.EXTERNAL);
            assertThat(s.status().connected()).isFalse();
            assertThat(s.status().ensemble()).isEqualTo("127.0.0.1:21901");
            assertThat(s.status().message())
                    .isEqualTo("Cannot read cluster secret '" + secret + "': No such file or directory");
            assertThat(s.curator()).isNotNull();
        } finally {
            s.close();
        }
    }

    @Test
    void aMissingKeyIsNamedInTheStatus(@TempDir Path dir) {
        Path key = dir.resolve("serverkey.pem");
        ClusterSessionService s = session(dir, Map.of("mode", "external", "connectString", "127.0.0.1:21901",
                "tlsEnabled", true, "keyFile", key.toString(), "hostname", "alone"));
        try {
            assertThat(s.status().message()).isEqualTo("Cannot read private key '" + key + "': No such file or directory");
        } finally {
            s.close();
        }
    }

    @Test
    void anUnreachableEnsembleLeavesTheHostAloneAndSaysSo(@TempDir Path dir) throws Exception {
        Path secret = java.nio.file.Files.writeString(dir.resolve("secret"), "x");
        ClusterSessionService s = session(dir, Map.of("mode", "external", "connectString", "127.0.0.1:21902",
                "tlsEnabled", false, "secretFile", secret.toString(), "hostname", "alone"));
        try {
            assertThat(s.status().connected()).isFalse();
            assertThat(s.status().message()).matches(
                    "ensemble unreachable \\(no quorum at 127\\.0\\.0\\.1:21902 since \\d\\d:\\d\\d:\\d\\d UTC\\): "
                            + "this host runs alone");
            assertThat(s.lastContactNanos()).isEqualTo(-1);
            assertThat(s.sessionId()).isZero();
            assertThat(s.sessionTimeoutMs()).isEqualTo(10000);
        } finally {
            s.close();
        }
    }
}
