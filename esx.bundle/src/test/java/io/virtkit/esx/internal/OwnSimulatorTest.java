package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * The base of simulator tests that change VMs and compare both drivers' answers: a simulator of the test class's
 * own (an ESX host with two VMs), Virtkit's driver on it ({@link #conn}) and libvirt's virsh ({@link #virsh}).
 */
abstract class OwnSimulatorTest {

    @TempDir
    static Path home;

    static VcsimFixture sim;
    static HypervisorConnection conn;

    @BeforeAll
    static void startOwnSimulator() throws Exception {
        sim = VcsimFixture.start(VcsimFixture.Options.esx(2));
        conn = EsxDrivers.open(sim);
    }

    @AfterAll
    static void stopOwnSimulator() {
        try {
            if (conn != null) {
                conn.close();
            }
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }

    /** virsh's standard output; asserts success. */
    static String virsh(String... args) throws Exception {
        return new LibvirtEsxVirsh(home).virsh(sim, args);
    }

    /** virsh's last error line ({@code error: ...}); asserts failure. */
    static String virshError(String... args) throws Exception {
        LibvirtEsxVirsh.Result result = new LibvirtEsxVirsh(home).run(sim, sim.options().password(), args);
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
}
