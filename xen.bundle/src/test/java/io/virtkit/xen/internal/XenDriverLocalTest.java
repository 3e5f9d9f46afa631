package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;

/** The driver on this machine, which is no dom0, and what it refuses before reaching any host. */
class XenDriverLocalTest {

    @TempDir
    Path home;

    private XenDriver driver() {
        return new XenDriver(XenSettings.DEFAULTS, home);
    }

    @Test
    void xenSystemIsDeclinedWhereThereIsNoXen() {
        assertThat(XenContext.XEN_CAPABILITIES).as("this machine is no dom0").doesNotExist();
        assertThat(driver().open(OpenRequest.of("xen:///system"), ConnectionEvents.NONE)).isEmpty();
    }

    @Test
    void aTransportIsTheRemoteDriversNotThisOne() {
        assertThat(driver().open(OpenRequest.of("xen+ssh://host/system"), ConnectionEvents.NONE)).isEmpty();
    }

    @Test
    void aKeyFileThatCannotBeReadIsRefusedBeforeConnecting() {
        Path missing = home.resolve("no-such-key");
        assertThatThrownBy(() -> driver().open(OpenRequest.of("xen://root@127.0.0.1:1/system?keyfile=" + missing),
                ConnectionEvents.NONE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("cannot read the SSH key file '" + missing + "' (no such file)")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThatThrownBy(() -> driver().open(OpenRequest.of("xen://root@127.0.0.1:1/system?keyfile=" + home),
                ConnectionEvents.NONE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("cannot read the SSH key file '" + home + "' (not a readable file)");
    }
}
