package io.virtkit.esx.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.ClientIdentity;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;

/** Opens Virtkit's ESX driver on a simulator for tests: its certificate trusted, its password answered. */
final class EsxDrivers {

    private EsxDrivers() {
    }

    /** A driver trusting the simulator's certificate, with no auth.conf in its environment. */
    static EsxDriver trusting(VcsimFixture fixture) {
        return new EsxDriver(EsxSettings.DEFAULTS.withCaFiles(List.of(fixture.certificate()))
                .withTaskTimeout(Duration.ofSeconds(60)), Map.of("HOME", "/nonexistent"));
    }

    /** The URI of the fixture: esx://user@127.0.0.1:PORT/ or vpx://user@127.0.0.1:PORT/DC0/DC0_H0. */
    static String uri(VcsimFixture fixture, String query) {
        String user = fixture.options().user().replace("@", "%40");
        String base = (fixture.options().mode() == VcsimFixture.Mode.ESX ? "esx" : "vpx") + "://" + user
                + "@127.0.0.1:" + fixture.port() + "/";
        String path = fixture.options().mode() == VcsimFixture.Mode.ESX ? "" : "DC0/DC0_H0";
        return base + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** A callback answering the fixture's password. */
    static AuthCallback password(VcsimFixture fixture) {
        return credentials -> credentials.forEach(c -> c.answer(fixture.options().password()));
    }

    static HypervisorConnection open(VcsimFixture fixture) {
        return open(fixture, ConnectionEvents.NONE);
    }

    static HypervisorConnection open(VcsimFixture fixture, ConnectionEvents events) {
        return trusting(fixture).open(new OpenRequest(URI.create(uri(fixture, null)), false, password(fixture),
                ClientIdentity.UNKNOWN), events).orElseThrow();
    }
}
