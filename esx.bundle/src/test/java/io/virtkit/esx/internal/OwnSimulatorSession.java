package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * A simulator of a test class's own (an ESX host with two VMs) with Virtkit's driver and libvirt's virsh on it,
 * for tests that change VMs and compare both drivers' answers.
 */
final class OwnSimulatorSession implements AutoCloseable {

    final VcsimFixture sim;
    final HypervisorConnection conn;
    private final LibvirtEsxVirsh libvirt;

    OwnSimulatorSession(Path home) throws Exception {
        sim = VcsimFixture.start(VcsimFixture.Options.esx(2));
        try {
            conn = EsxDrivers.open(sim);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        libvirt = new LibvirtEsxVirsh(home);
    }

    /** virsh's standard output; asserts success. */
    String virsh(String... args) throws Exception {
        return libvirt.virsh(sim, args);
    }

    /** virsh's last error line ({@code error: ...}); asserts failure. */
    String virshError(String... args) throws Exception {
        LibvirtEsxVirsh.Result result = libvirt.run(sim, sim.options().password(), args);
        assertThat(result.exit()).as("virsh %s should fail", List.of(args)).isNotZero();
        return result.err().lines().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElse(result.err());
    }

    /** The message of the VirtException {@code call} throws, asserting its code. */
    static String message(Runnable call, ErrorCode code) {
        try {
            call.run();
        } catch (VirtException e) {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            return e.getMessage();
        }
        throw new AssertionError("expected " + code);
    }

    @Override
    public void close() {
        try {
            conn.close();
        } finally {
            sim.close();
        }
    }
}
