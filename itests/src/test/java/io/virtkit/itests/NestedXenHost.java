package io.virtkit.itests;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.virtkit.xen.testing.XenHostFixture;

/**
 * The nested Xen host of xen.bundle's test-jar, for XenKarafIT in the test JVM only. Apart from the test class
 * because JUnit reads the test class's fields and methods in the container too (the probe), where the fixture's
 * classes are not: only this class names them.
 */
final class NestedXenHost {
    private NestedXenHost() {
    }

    /** Boots the host (once per JVM) and gives the xen:// URI that manages it over SSH. */
    static synchronized String boot() throws InterruptedException {
        try {
            return XenHostFixture.shared().uri();
        } catch (IOException e) {
            throw new UncheckedIOException("the nested Xen host did not boot", e);
        }
    }
}
