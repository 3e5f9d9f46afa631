package io.virtkit.model.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The project's own network XML samples (test resources), together covering every element of the schema. */
final class NetworkSamples {
    static final List<String> NAMES = List.of("nat-everything", "bridge-openvswitch", "hostdev-pool",
            "passthrough-pf", "vepa-pool", "private-midonet", "open-route", "route-dev");

    private NetworkSamples() {
    }

    static String read(String name) {
        try (InputStream in = NetworkSamples.class.getResourceAsStream("samples/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
