package io.virtkit.hyperv.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/** Opens driver connections to a stand-in Hyper-V endpoint, answering the credential questions as a console would. */
final class HypervStandIn {

    static final String USER = "Administrator";
    static final String PASSWORD = "Pa$$w0rd";

    private HypervStandIn() {
    }

    static HypervSettings settings() {
        return HypervSettings.DEFAULTS.withJobTimeout(Duration.ofSeconds(20)).withCallTimeout(Duration.ofSeconds(20));
    }

    static HypervConnection open(StandInHypervEndpoint endpoint) {
        return open(endpoint.libvirtUri(), settings(), answering(USER, PASSWORD));
    }

    static HypervConnection open(String uri, HypervSettings settings, AuthCallback auth) {
        return (HypervConnection) new HypervDriver(settings, Map.of("HOME", Path.of("/nonexistent").toString()))
                .open(new OpenRequest(URI.create(uri), false, auth, null), ConnectionEvents.NONE).orElseThrow();
    }

    /** A callback answering the user name and the password (whatever prompt type the driver picks). */
    static AuthCallback answering(String user, String password) {
        return (List<Credential> questions) -> {
            for (Credential c : questions) {
                switch (c.type()) {
                    case USERNAME, AUTHNAME -> c.answer(user);
                    default -> c.answer(password);
                }
            }
        };
    }
}
