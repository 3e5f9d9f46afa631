package io.virtkit.esx.internal.vmx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The VMX samples beside the tests (written for these tests). */
final class VmxSamples {
    static final String[] ROUND_TRIP = {"simple", "controllers", "minimal"};

    private VmxSamples() {
    }

    static String text(String name) {
        try (InputStream in = VmxSamples.class.getResourceAsStream(name + ".vmx")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
