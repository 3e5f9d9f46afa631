package io.virtkit.xen.internal.xl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The xl and xm samples beside the tests (written for these tests). */
final class XlSamples {
    private XlSamples() {
    }

    static String text(String name) {
        try (InputStream in = XlSamples.class.getResourceAsStream(name + ".cfg")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
